/**
 * npm run soak -- [--scale small|medium|large] [--seed N] [--minutes M]
 *                 [--requests MAX] [--readers R] [--batch RECORDS]
 *                 [--write-interval MS] [--samples K] [--neo4j-port P]
 *                 [--api-port P] [--pagecache-mb MB] [--out FILE]
 *
 * Loads a generated graph (medium by default) into a fresh local Neo4j (or
 * NEO4J_URI, which must be empty and on this machine) through the bulk path
 * (neo4j-admin's offline import locally, src/bulk/admin-import.ts; Cypher
 * batches into NEO4J_URI, src/bench/bulk.ts),
 * starts the API as its own process, and runs, all at once, R reader loops
 * per role (ADMIN, ANALYST, an OWNER, a TENANT_AUDITOR) and two writers
 * (ingest batches; grant, certify, revoke) until M minutes (default 20) or
 * MAX requests have gone, whichever comes first (src/bench/soak-work.ts).
 *
 * Then the final check, two ways:
 * - every acknowledged write is read back from the graph itself, and every
 *   blastRadius and whoCanReach of the soaked API (the reach index it has
 *   patched write after write) equals the floor rebuilt from the generated
 *   input plus the ledger of acknowledged writes. The floor shares no code
 *   with the API, so a rule broken the same way in the patched and in a
 *   freshly loaded index is caught, which comparing two APIs cannot do;
 * - findings and unaccountable paths have no independent oracle, so for them
 *   the soaked API's answers (at one fixed asOf) are compared with those of a
 *   second API process started afterwards on the same database: a clean load
 *   that no cache or patch of the soak's can have touched.
 *
 * Any answer other than a success or a refusal provoked on purpose (with its
 * expected code), any difference in the check, or (in runs of 10 minutes or
 * more) resident memory still growing in the last third, exits 1. Prints the
 * report; with --out FILE, writes it as the `## Soak` section of FILE
 * (replacing an earlier one). Stops the APIs and the Neo4j it started,
 * whatever happens.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { SYSTEM_VIEWER } from '../core/viewer';
import { loadNeo4jConfig } from '../config';
import { Executor, type Row } from '../db/executor';
import { gql, startApi, type ApiProcess } from './api';
import { adminImport } from '../bulk/admin-import';
import { bulkLoad } from './bulk';
import { Floor } from './floor';
import { floorDifferences } from './floor-check';
import { generate, SCALES, type Scale } from './generate';
import { castOf, ingestWriter, Ledger, lifecycleWriter, reader, readerOps, Run, type Cast } from './soak-work';
import { loopbackProblem, memoryVerdict, replaceSection, soakMarkdown, tenths, codeCounts, type MemorySample, type SoakFigures } from './soak-report';
import { sample } from './stats';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}
function positive(name: string, fallback: string): number {
  const value = Number(option(name, fallback));
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, got ${option(name, fallback)}`);
  return value;
}

const log = (msg: string) => console.log(`[soak] ${msg}`);
let interrupted = false;
let currentRun: Run | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    interrupted = true;
    currentRun?.stop('signal');
    log(`${signal}: stopping and cleaning up`);
  });
const phase = (what: string) => {
  if (interrupted) throw new Error(`interrupted before ${what}`);
  log(what);
};

async function main(): Promise<number> {
  const scale = option('scale', 'medium') as Scale;
  if (!SCALES.includes(scale)) throw new Error(`--scale must be one of ${SCALES.join(', ')}`);
  const seed = Number(option('seed', '1'));
  const minutes = positive('minutes', '20');
  const maxRequests = positive('requests', '10000000');
  const readers = positive('readers', '1');
  const batchRecords = positive('batch', '100');
  const writeInterval = positive('write-interval', '1000');
  const samples = positive('samples', scale === 'small' ? '12' : '30');
  const neo4jPort = positive('neo4j-port', '7762');
  const apiPort = positive('api-port', '4620');
  const out = args.includes('--out') ? path.resolve(option('out', '')) : null;

  const { uri: external, username, password, database } = loadNeo4jConfig();
  let uri = external;
  // Neo4j's page cache sized to the store (Neo4j's sizing rule; a medium store is about 0.8 GB): see bench/run.ts.
  const local = { port: neo4jPort, dir: path.join('.neo4j', `soak-${scale}`), pageCacheMb: Number(option('pagecache-mb', scale === 'small' ? '512' : '2048')) };
  const problem = uri ? loopbackProblem(uri) : null;
  if (problem) throw new Error(`NEO4J_URI: ${problem}`);

  let startedHere = false;
  const apis: ApiProcess[] = [];
  let exec: Executor | null = null;
  try {
    phase(`starting a fresh local Neo4j (${local.dir}, port ${local.port})`);
    if (!uri) ({ uri, startedHere } = await localNeo4j.start(local, { fresh: true }));
    const connect = (to: string) => Executor.connect(to, { username, password, database, txTimeoutMs: 0 });
    exec = connect(uri!);
    await exec.applySchema();
    const input = generate(scale, seed);
    phase(`bulk loading the ${scale} graph (seed ${seed})`);
    // Neo4j's offline importer into the local database (npm run bulk-import's path), or Cypher batches into NEO4J_URI.
    let bulk: { records: number; seconds: number };
    if (startedHere) {
      await exec.close();
      await localNeo4j.stop(local);
      bulk = await adminImport(() => [input], { local, overwrite: true, log });
      exec = connect(uri!);
    } else bulk = await bulkLoad(exec, SYSTEM_VIEWER, input);
    log(`${bulk.records} records in ${bulk.seconds.toFixed(1)} s`);
    const floor = new Floor(input, Date.now());
    const cast = await castOf(input, floor, samples, seed);

    phase('starting the API');
    const api = await startApi(uri!, apiPort);
    apis.push(api);
    const apiProblem = loopbackProblem(api.url);
    if (apiProblem) throw new Error(`the API: ${apiProblem}`);
    await gql(api.url, `{ blastRadius(from: "${cast.origins[0]}") { systemCount } }`); // loads the reach index before the clock starts

    phase(`soaking for ${minutes} min or ${maxRequests.toLocaleString('en')} requests: ${readers} reader(s) per role, 2 writers`);
    const run = (currentRun = new Run(api.url, minutes * 60_000, maxRequests));
    const ledger = new Ledger();
    const memory: MemorySample[] = [{ atMs: 0, rssBytes: api.rss() }];
    const every = Math.max(1000, (minutes * 60_000) / 120);
    const sampler = setInterval(() => memory.push({ atMs: performance.now() - run.t0, rssBytes: api.rss() }), every);
    const progress = setInterval(() => log(`${((performance.now() - run.t0) / 60_000).toFixed(1)} min: ${run.samples.length.toLocaleString('en')} requests, API ${(api.rss() / 2 ** 20).toFixed(0)} MiB`), 60_000);
    try {
      await Promise.all([
        ...readerOps(cast).flatMap((ops) => Array.from({ length: readers }, () => reader(run, ops))),
        ingestWriter(run, cast, ledger, batchRecords, writeInterval),
        lifecycleWriter(run, cast, ledger, writeInterval),
      ]);
    } finally {
      clearInterval(sampler);
      clearInterval(progress);
    }
    const seconds = (performance.now() - run.t0) / 1000;
    memory.push({ atMs: seconds * 1000, rssBytes: api.rss() });
    log(`stopped by ${run.stoppedBy} after ${seconds.toFixed(0)} s and ${run.samples.length.toLocaleString('en')} requests`);

    const checks: string[] = [];
    const failures = [...run.failures];
    if (run.stoppedBy === 'time' || run.stoppedBy === 'count') {
      phase('final check: acknowledged writes, then answers against fresh recomputations');
      await checkWrites(exec, ledger, checks, failures);
      await checkAgainstFloor(api.url, input, ledger, cast, seed, checks, failures);
      const fresh = await startApi(uri!, apiPort + 1);
      apis.push(fresh);
      await checkAgainstFreshApi(api.url, fresh.url, cast, checks, failures);
    } else {
      failures.push(`the final check did not run: the soak stopped by ${run.stoppedBy}`);
    }

    const memoryJudged = minutes >= 10 && run.stoppedBy === 'time';
    const mem = memoryVerdict(memory);
    if (memoryJudged && mem.verdict !== 'levels off') failures.push(`API resident memory ${mem.verdict}: peak ${mem.middleMaxMiB.toFixed(0)} MiB in the middle third, ${mem.lastMaxMiB.toFixed(0)} MiB in the last`);
    const figures: SoakFigures = {
      command: `npm run soak -- ${args.join(' ')}`.trim(),
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; Neo4j 5.26 Community (local)`,
      scale,
      graph: `${scale}, seed ${seed}: ${(input.access ?? []).length.toLocaleString('en')} access records, ${(input.systems ?? []).length.toLocaleString('en')} systems, bulk loaded`,
      plannedMinutes: minutes,
      maxRequests,
      seconds,
      stoppedBy: run.stoppedBy ?? 'time',
      samples: run.samples,
      memory,
      memoryJudged,
      writes: { ingestBatches: ledger.batches, ingestRecords: ledger.records, grants: ledger.grants.length, certifications: ledger.certifications, revocations: ledger.revocations },
      checks,
      failures,
    };
    printTable(figures);
    const markdown = soakMarkdown(figures);
    if (out) {
      fs.writeFileSync(out, replaceSection(fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '', '## Soak', markdown));
      log(`written to ${path.relative(process.cwd(), out)}`);
    }
    for (const f of failures) console.error(`[soak] FAILED: ${f}`);
    if (run.failures.length) console.error(`[soak] the API's log (last 6,000 characters):\n${api.output().slice(-6000)}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const a of apis) await a.stop();
    await exec?.close();
    if (startedHere) await localNeo4j.stop(local);
  }
}

function printTable(f: SoakFigures): void {
  const rows = tenths(f.samples, f.seconds * 1000);
  const ms = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(1));
  console.log(`\nrequests ${f.samples.length}; failures ${JSON.stringify(codeCounts(f.samples, 'unexpected'))}; provoked ${JSON.stringify(codeCounts(f.samples, 'provoked'))}`);
  console.table(rows.map((r) => ({ operation: r.op, 'first n': r.first.n, 'first p50': ms(r.first.p50), 'first p95': ms(r.first.p95), 'last n': r.last.n, 'last p50': ms(r.last.p50), 'last p95': ms(r.last.p95) })));
  console.log(soakMarkdown(f));
}

/** Every acknowledged write, read back from the graph (the lookup every lifecycle mutation uses). */
async function checkWrites(exec: Executor, ledger: Ledger, checks: string[], failures: string[]): Promise<void> {
  const ids = [...ledger.identities.map((i) => i.id), ...ledger.access.map((a) => a.id), ...ledger.grants.map((g) => g.id)];
  const stored = new Map<string, Row>();
  for (let i = 0; i < ids.length; i += 2000) for (const row of await exec.query(SYSTEM_VIEWER, 'lifecycle/lookup', { ids: ids.slice(i, i + 2000) })) stored.set(row.id as string, row);
  const missing: string[] = [];
  for (const i of ledger.identities) if (!stored.get(i.id)?.entity) missing.push(i.id);
  for (const a of ledger.access) {
    const r = stored.get(a.id)?.access as Row | undefined;
    if (!r || r.fromId !== a.fromId || r.toId !== a.toId || r.revokedAt != null) missing.push(a.id);
  }
  for (const g of ledger.grants) {
    const r = stored.get(g.id)?.access as Row | undefined;
    if (!r || r.fromId !== g.fromId || r.toId !== g.toId || (r.revokedAt != null) !== (g.revokedAt !== null) || (r.lastCertifiedAt != null) !== g.certified) missing.push(g.id);
  }
  const what = `${ledger.identities.length} ingested identities, ${ledger.access.length} ingested access records, ${ledger.grants.length} grants (${ledger.certifications} certified, ${ledger.revocations} revoked)`;
  if (missing.length) failures.push(`${missing.length} acknowledged writes are missing or differ in the graph (${missing.slice(0, 10).join(', ')}) of ${what}`);
  else checks.push(`every acknowledged write is in the graph as acknowledged: ${what}`);
}

/** The soaked API's reach answers (all pages) against the floor of the generated input plus every acknowledged write. */
async function checkAgainstFloor(url: string, input: ReturnType<typeof generate>, ledger: Ledger, cast: Cast, seed: number, checks: string[], failures: string[]): Promise<void> {
  const floor = new Floor(ledger.withInput(input), Date.now());
  const written = [...ledger.userOf.keys()];
  const origins = [...new Set([...cast.origins, ...sample([...new Set(ledger.userOf.values())], 20, seed), ...sample(written, 20, seed), ...sample([...new Set(ledger.grants.map((g) => g.fromId))], 20, seed)])];
  const targets = [...new Set([...cast.targets, ...sample([...new Set(ledger.grants.map((g) => g.toId))], 20, seed), ...sample([...new Set(ledger.access.filter((a) => a.kind === 'CAN_ACCESS').map((a) => a.toId))], 20, seed)])];
  const differences = await floorDifferences(url, floor, origins, targets);
  failures.push(...differences.map((d) => `${d} (with the soak's writes)`));
  if (differences.length === 0) checks.push(`${origins.length} blast radii and ${targets.length} exposures of the soaked API (every system or reacher, every distance, all pages) equal the floor rebuilt with every acknowledged write`);
}

/** The soaked API's findings, gaps and scoped answers against a freshly started API over the same database, at one asOf. */
async function checkAgainstFreshApi(soaked: string, fresh: string, cast: Cast, checks: string[], failures: string[]): Promise<void> {
  const asOf = new Date().toISOString();
  const questions: [string, string, Record<string, unknown>, string | undefined][] = [
    ['findingSummary (ANALYST)', `query($asOf: DateTime) { findingSummary(asOf: $asOf) { total byCode { code count } bySeverity { severity count } } }`, { asOf }, cast.analyst],
    ['findings, first 100 (ANALYST)', `query($asOf: DateTime) { findings(asOf: $asOf, first: 100) { totalCount edges { node { id code severity } } } }`, { asOf }, cast.analyst],
    ['unaccountablePaths, first 100 (ANALYST)', `query($asOf: DateTime) { unaccountablePaths(asOf: $asOf, first: 100) { totalCount edges { node { reason peopleExposed systemsExposed entity { id } access { id } } } } }`, { asOf }, cast.analyst],
    ['findingSummary own tenant (TENANT_AUDITOR)', `query($asOf: DateTime, $t: ID) { findingSummary(asOf: $asOf, tenantId: $t) { total bySeverity { severity count } } }`, { asOf, t: cast.auditedTenant }, cast.auditor],
    ['whoCanReach own tenant (TENANT_AUDITOR)', `query($asOf: DateTime, $t: ID!) { whoCanReach(target: $t, asOf: $asOf) { peopleCount identityCount } }`, { asOf, t: cast.auditedTenant }, cast.auditor],
    ['unaccountablePaths (OWNER)', `query($asOf: DateTime) { unaccountablePaths(asOf: $asOf, first: 100) { totalCount edges { node { reason entity { id } access { id } } } } }`, { asOf }, cast.owner],
    ...cast.owned.slice(0, 5).map((id): [string, string, Record<string, unknown>, string | undefined] => [`blastRadius(${id}) (OWNER)`, `query($asOf: DateTime, $id: ID!) { blastRadius(from: $id, asOf: $asOf) { systemCount tenantCount } }`, { asOf, id }, cast.owner]),
  ];
  const before = failures.length;
  for (const [name, query, variables, as] of questions) {
    const [a, b] = [JSON.stringify(await gql(soaked, query, variables, as)), JSON.stringify(await gql(fresh, query, variables, as))];
    if (a !== b) failures.push(`${name} of the soaked API differs from a freshly started API's: ${a.slice(0, 200)} vs ${b.slice(0, 200)}`);
  }
  if (failures.length === before) checks.push(`${questions.length} answers of the soaked API (findings, gaps, an auditor's and an owner's views) equal those of an API started afresh on the same database, at asOf ${asOf}`);
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`soak failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
