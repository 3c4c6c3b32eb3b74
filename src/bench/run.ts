/**
 * npm run bench -- [--scale small|medium|large] [--seed N] [--concurrency C]
 *                  [--samples K] [--naive-timeout SECONDS] [--out FILE]
 *                  [--ingest-load yes|no] [--sync-load yes|no] [--sync-heap SIZE]
 *                  [--pagecache-mb MB]   (each Neo4j's page cache: 512, 2048 at medium, 8192 at large)
 *                  [--processes yes|no]  (no: skip the runs that start more API processes, each with an index
 *                                         of its own: every core busy and the replica; for the large scale on
 *                                         a machine that cannot hold three indexes)
 *
 * First it loads a generated MSP graph into a fresh local Neo4j with
 * neo4j-admin's offline import, as npm run bulk-import does (or into
 * NEO4J_URI, which must be empty, with Cypher batches), timing the import
 * itself and the time until the API answers.
 *
 * Then (unless --ingest-load no, or NEO4J_URI is given) it loads the whole
 * generated graph into a second, empty local Neo4j through the `ingest`
 * mutation alone, in 5,000-record batches: the path users take, timed batch
 * by batch (src/bench/ingest-load.ts). And (unless --sync-load no, or
 * NEO4J_URI is given) it syncs the whole graph as one source into a third,
 * empty local Neo4j (heap SIZE: 12g, 1g at small scale) through the
 * importer's whole-source sync (staged, then published), and again with 1%
 * changed (src/bench/sync-load.ts). The bulk-loaded Neo4j is stopped
 * meanwhile.
 *
 * Then it starts the API as its own process on the bulk-loaded graph, and
 * measures end to end over HTTP, side by side in one run: the API, the floor
 * (in-process BFS over adjacency arrays plus JSON), and the naive way (one
 * variable-length Cypher pattern, with a timeout). Every API answer is first
 * checked against the floor's (same systems or reachers, same distances,
 * complete). After the latency and ingest measurements, a second API process
 * on the same Neo4j measures how fast a replica catches up with a
 * 5,000-record ingest through the first, from the change feed
 * (src/bench/replica.ts). Prints a table and writes BENCHMARKS.md with the
 * machine, the date and each target marked met or not met. Timing is never
 * asserted here: CI runs the small scale for its correctness checks only.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { SYSTEM_VIEWER } from '../core/viewer';
import { loadBenchConfig, loadNeo4jConfig } from '../config';
import { Executor } from '../db/executor';
import type { AccessInput, IngestInput } from '../generated/graphql';
import { toNeo } from '../time';
import { bearerFor, gql, post, startApi } from './api';
import { adminImport } from '../bulk/admin-import';
import { bulkLoad } from './bulk';
import { consoleTiming } from './console';
import { fixedCost } from './fixed-cost';
import { workersTiming } from './workers';
import { ingestLoad } from './ingest-load';
import { wholeAnswer } from './whole-answer';
import { replicaCatchUp } from './replica';
import { syncLoad } from './sync-load';
import { Floor } from './floor';
import { floorDifferences } from './floor-check';
import { generate, SCALES, type Scale } from './generate';
import { report, type Figures } from './report';
import { replaceSection, sectionOf } from './soak-report';
import { sample, timed, timedSync } from './stats';

function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}

const BR = `query($id: ID!) { blastRadius(from: $id) { systemCount tenantCount tenants { tenant { id } systemCount }
  systems(first: 100) { totalCount edges { node { system { id } distance privileged } } } } }`;
const WCR = `query($id: ID!) { whoCanReach(target: $id) { peopleCount identityCount
  people(first: 100) { edges { node { entity { id } distance } } } identities(first: 100) { edges { node { entity { id } distance } } } } }`;
const AP = `query($from: ID!, $to: ID!) { accessPaths(from: $from, to: $to, first: 5) { length steps { from { id } to { id } access { id } gaps } } }`;
const UP = `query($tenantId: ID) { unaccountablePaths(tenantId: $tenantId, first: 100) { totalCount
  edges { node { reason peopleExposed systemsExposed entity { id } access { id } } } } }`;
const INGEST = `mutation($input: IngestInput!) { ingest(input: $input) { access { created updated } } }`;

/** Sections of the output file another run wrote, kept as they are. */
const CARRIED_SECTIONS = ['## Large scale', '## Soak'];

async function main(): Promise<void> {
  const scale = option('scale', 'small') as Scale;
  if (!SCALES.includes(scale)) throw new Error(`--scale must be one of ${SCALES.join(', ')}`);
  const seed = Number(option('seed', '1'));
  const concurrency = Number(option('concurrency', '4'));
  const samples = Number(option('samples', scale === 'small' ? '12' : '30'));
  const naiveTimeout = Number(option('naive-timeout', scale === 'small' ? '10' : '30'));
  const out = path.resolve(option('out', 'BENCHMARKS.md'));
  const log = (msg: string) => console.log(`[bench] ${msg}`);
  const figures: Figures = {
    scale,
    seed,
    concurrency,
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, memoryGiB: os.totalmem() / 2 ** 30, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    latency: {},
    ratios: {},
    naive: [],
    checks: [],
  } as unknown as Figures;

  const { uri: external, username, password, database } = loadNeo4jConfig();
  const signIn = { username, password, database };
  const bench = loadBenchConfig();
  let uri = external;
  let startedHere = false;
  // Neo4j's page cache sized to the store, as Neo4j's own sizing rule says (a medium store is about 0.8 GB on disk):
  // with a smaller one, later writes and reads go to disk and the figures measure the cache, not PathWarden.
  const pageCacheMb = Number(option('pagecache-mb', { small: '512', medium: '2048', large: '8192' }[scale as string] ?? '512'));
  const local = { port: bench.neo4jPort, dir: path.join('.neo4j', `bench-${scale}`), pageCacheMb };
  if (!uri) ({ uri, startedHere } = await localNeo4j.start(local, { fresh: true }));
  const connect = (to: string) => Executor.connect(to, { ...signIn, txTimeoutMs: 0 });
  let exec = connect(uri);
  let api: Awaited<ReturnType<typeof startApi>> | null = null;
  try {
    await exec.applySchema();
    let t = performance.now();
    const input = generate(scale, seed);
    const count = (list?: unknown[] | null) => list?.length ?? 0;
    figures.graph = {
      entities: [input.people, input.teams, input.identities, input.tools, input.roles, input.tenants, input.systems].reduce((n, l) => n + count(l), 0),
      access: count(input.access),
      ownerships: count(input.ownerships),
      systems: count(input.systems),
      tenants: count(input.tenants),
      generateSeconds: (performance.now() - t) / 1000,
    };
    log(`generated ${figures.graph.entities} entities, ${figures.graph.access} access records in ${figures.graph.generateSeconds.toFixed(1)} s`);

    // The initial load: Neo4j's offline importer into the local database (npm run bulk-import's path), or Cypher batches into NEO4J_URI.
    // First, while this process holds the generated graph alone: npm run bulk-import reads its files one document at a time in a
    // process of its own, and the loads below leave gigabytes of garbage that would be collected during the CSV writing instead.
    if (!external) {
      await exec.close();
      await localNeo4j.stop(local);
      log('bulk load: neo4j-admin database import full into the stopped local Neo4j...');
      const loaded = await adminImport(() => [input], { local, overwrite: true, log: (m) => log(`  ${m}`) });
      exec = connect(loaded.uri);
      figures.bulk = { method: 'neo4j-admin database import full', ...loaded };
    } else {
      figures.bulk = { method: 'Cypher batches (NEO4J_URI)', ...(await bulkLoad(exec, SYSTEM_VIEWER, input)) };
    }
    const bulk = figures.bulk;
    log(`bulk load (${bulk.method}): ${bulk.records} records in ${bulk.seconds.toFixed(1)} s = ${Math.round(bulk.perSecond)} records/s${bulk.readySeconds === undefined ? '' : `; indexes online after ${bulk.readySeconds.toFixed(1)} s`}`);

    // The loads through the API, each into a database of its own; the bulk-loaded one is stopped meanwhile (memory).
    const restart = !external && (option('ingest-load', 'yes') !== 'no' || option('sync-load', 'yes') !== 'no');
    if (restart) {
      await exec.close();
      await localNeo4j.stop(local);
    }
    if (option('ingest-load', 'yes') !== 'no' && !external) {
      const ingestLocal = { port: local.port + 1, dir: path.join('.neo4j', `bench-${scale}-ingest`), pageCacheMb };
      const started = await localNeo4j.start(ingestLocal, { fresh: true });
      const loader = await startApi(started.uri, bench.apiPort + 2);
      try {
        log(`ingest mutation, whole graph into an empty database, batches of 5,000...`);
        let shown = 0;
        figures.ingestLoad = await ingestLoad(loader.url, input, (done, total) => {
          if (done - shown >= total / 10 || done === total) log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} records`), (shown = done);
        });
        const l = figures.ingestLoad;
        log(`ingest mutation: ${l.records} records in ${l.seconds.toFixed(1)} s = ${Math.round(l.perSecond)} records/s; slowest tenth of batches ${l.slowestOverFastest.toFixed(2)}x the fastest`);
      } finally {
        await loader.stop();
        if (started.startedHere) await localNeo4j.stop(ingestLocal);
      }
    }

    if (option('sync-load', 'yes') !== 'no' && !external) {
      // The sync's publishing transaction holds the cost of every changed record and a little per new one: its Neo4j gets the heap (--sync-heap; docs/ingest.md).
      const syncLocal = { port: local.port + 2, dir: path.join('.neo4j', `bench-${scale}-sync`), heap: option('sync-heap', scale === 'small' ? '1g' : '12g'), pageCacheMb };
      const started = await localNeo4j.start(syncLocal, { fresh: true });
      // No time limit: publishing a whole source's records takes as long as it takes.
      const syncExec = Executor.connect(started.uri, { username: 'neo4j', password: 'neo4j', database: undefined, txTimeoutMs: 0 });
      try {
        await syncExec.applySchema();
        figures.syncLoad = await syncLoad(syncExec, input, log);
      } finally {
        await syncExec.close();
        if (started.startedHere) await localNeo4j.stop(syncLocal);
      }
    }

    if (restart) exec = connect((await localNeo4j.start(local)).uri);

    const now = Date.now();
    t = performance.now();
    const floor = new Floor(input, now);
    figures.floorBuildSeconds = (performance.now() - t) / 1000;

    const apiStart = performance.now();
    api = await startApi(uri, bench.apiPort);
    t = performance.now();
    await gql(api.url, `{ blastRadius(from: "${floor.idsOfKind('PERSON')[0]}") { systemCount } }`);
    figures.firstQuerySeconds = (performance.now() - t) / 1000;
    // From the load's first record to the API's first answer, leaving out the floor's build (the benchmark's own work in between).
    if (bulk.readySeconds !== undefined) bulk.untilApiSeconds = bulk.readySeconds + (performance.now() - apiStart) / 1000;
    log(`API up; first reach query (waits for the reach index the API loads at start) took ${figures.firstQuerySeconds.toFixed(1)} s`);

    // Samples: technicians (plus the ten with the largest reach), pooled tools, API keys; systems and tenants.
    const people = floor.idsOfKind('PERSON');
    const reachOf = people.map((id) => [id, floor.blastRadius(id, 8, 0).reached.length] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top10 = reachOf.slice(0, 10).map(([id]) => id);
    const technicians = [...new Set([...top10, ...sample(reachOf.filter(([, n]) => n > 0).map(([id]) => id), samples, seed)])];
    const tools = (input.tools ?? []).filter((x) => x.pooled).map((x) => x.id);
    const apiKeys = sample((input.identities ?? []).filter((i) => i.identityKind === 'API_KEY').map((i) => i.id), Math.max(3, samples / 3), seed);
    const origins = [...technicians, ...tools, ...apiKeys];
    const targets = [...sample(floor.idsOfKind('SYSTEM'), samples, seed), ...sample(floor.idsOfKind('TENANT'), Math.max(3, samples / 3), seed)];
    const pairs = technicians
      .map((id) => {
        const reached = floor.blastRadius(id, 8, 0).reached;
        return reached.length ? ([id, reached[Math.floor(reached.length / 2)][0]] as const) : null;
      })
      .filter((p): p is readonly [string, string] => p !== null);
    figures.samples = { origins: origins.length, top10, tools: tools.length, apiKeys: apiKeys.length, targets: targets.length, pairs: pairs.length };

    // Correctness first: every answer equals the floor's, complete.
    log('checking the API against the floor...');
    const differences = await floorDifferences(api.url, floor, origins, targets);
    if (differences.length > 0) throw new Error(differences.slice(0, 5).join('; '));
    const checked = origins.length + targets.length;
    figures.checks.push(`${checked} answers equal the floor's (every system or reacher, every distance, all pages)`);
    log(figures.checks[0]);

    // Timing, end to end over HTTP, at fixed concurrency; each sample asked `rounds` times.
    const rounds = scale === 'small' ? 2 : 3;
    const repeat = <T>(items: T[]) => Array.from({ length: rounds }, () => items).flat();
    const measure = async (name: string, tasks: (() => Promise<unknown>)[]) => {
      figures.latency[name] = await timed(tasks, concurrency);
      log(`${name}: p95 ${figures.latency[name].p95.toFixed(1)} ms`);
    };
    await measure('blastRadius (API)', repeat(origins).map((id) => () => gql(api!.url, BR, { id })));
    // Like for like with the floor, which runs one question at a time: the API answering one request at a time.
    figures.latency['blastRadius (API, 1 at a time)'] = await timed(repeat(origins).map((id) => () => gql(api!.url, BR, { id })), 1);
    figures.latency['blastRadius (floor)'] = timedSync(repeat(origins), (id) => floor.blastRadius(id, 8).json);
    // whoCanReach's targets ten times over (1,200 requests at medium), here and for several processes below: at several
    // hundred a second, the 120 of one pass took a few tenths of a second, and one pause of the host moved a p95 or a
    // throughput by half (BENCHMARKS.md, the runs at 34a0f8c and 79aeeeb).
    const wcrPasses = Array.from({ length: 10 }, () => repeat(targets)).flat();
    await measure('whoCanReach (API)', wcrPasses.map((id) => () => gql(api!.url, WCR, { id })));
    figures.latency['whoCanReach (API, 1 at a time)'] = await timed(wcrPasses.map((id) => () => gql(api!.url, WCR, { id })), 1);
    figures.latency['whoCanReach (floor)'] = timedSync(wcrPasses, (id) => floor.whoCanReach(id, 8).json);
    // The fixed cost of a request, against a bare Node.js HTTP echo (issue 13); 2,000 requests a series at medium, for the same reason.
    const fixed = await fixedCost(api.url, floor, WCR, { port: bench.apiPort + 9, requests: scale === 'small' ? 200 : 2_000 });
    figures.fixedCost = fixed;
    figures.latency['HTTP echo, bare Node.js (1 at a time)'] = fixed.echo;
    figures.latency['{ viewer { id } } (API, 1 at a time)'] = fixed.viewer;
    figures.latency['whoCanReach of a leaf system (API, 1 at a time)'] = fixed.leafApi;
    figures.latency['whoCanReach of a leaf system (floor)'] = fixed.leafFloor;
    log(`fixed cost: echo p95 ${fixed.echo.p95.toFixed(2)} ms, viewer ${fixed.viewer.p95.toFixed(2)} ms, leaf whoCanReach ${fixed.leafApi.p95.toFixed(2)} ms`);
    // Listing a whole answer (issue 13): every page of the largest blast radius among the samples, cold and kept.
    const largest = [...origins].sort((a, b) => floor.blastRadius(b, 8, 0).reached.length - floor.blastRadius(a, 8, 0).reached.length)[0];
    figures.wholeAnswer = await wholeAnswer(api.url, floor, largest, scale === 'small' ? 3 : 5);
    log(`whole answer of ${largest}: ${figures.wholeAnswer.pages} pages, cold p95 ${figures.wholeAnswer.cold.p95.toFixed(0)} ms, kept p95 ${figures.wholeAnswer.now.p95.toFixed(0)} ms; floor traversal ${figures.wholeAnswer.floorTraversalMs.toFixed(1)} ms + JSON ${figures.wholeAnswer.jsonMs.toFixed(1)} ms`);
    await measure('accessPaths (API)', repeat(pairs).map(([from, to]) => () => gql(api!.url, AP, { from, to })));
    await measure('unaccountablePaths, whole graph (API)', [1, 2, 3].map(() => () => gql(api!.url, UP, {})));
    const tenants = sample(floor.idsOfKind('TENANT'), Math.max(3, samples / 3), seed + 1);
    await measure('unaccountablePaths, per tenant (API)', tenants.map((tenantId) => () => gql(api!.url, UP, { tenantId })));

    // The findings report (issue 5): every check over the whole graph, then one page of it.
    const FINDINGS = `query($tenantId: ID) { findings(tenantId: $tenantId, first: 100) { totalCount edges { node { id code severity evidence { steps { from { id } to { id } } } } } } }`;
    await measure('findings, whole graph, first page (API)', [1, 2, 3].map(() => () => gql(api!.url, FINDINGS, {})));
    await measure('findings, per tenant, first page (API)', tenants.map((tenantId) => () => gql(api!.url, FINDINGS, { tenantId })));
    await measure('findingSummary, whole graph (API)', [1, 2, 3].map(() => () => gql(api!.url, `{ findingSummary { total } }`)));

    // A tenant auditor: the sampled tenant the most people reach. Its scope is resolved on its first request
    // (then cached until the graph changes); a pooled tool's blast radius, as it sees it, holds its tenant alone.
    const audited = [...tenants].sort((a, b) => floor.whoCanReach(b, 8, 0).people.length - floor.whoCanReach(a, 8, 0).people.length)[0];
    const auditor = await bearerFor({ role: 'TENANT_AUDITOR', tenant: audited });
    t = performance.now();
    await gql(api.url, `{ viewer { id } }`, {}, auditor);
    figures.scopeResolutionMs = performance.now() - t;
    const TENANTS_OF = `query($id: ID!) { blastRadius(from: $id, maxDepth: 16) { tenants { tenant { id } } } }`;
    const tenantsOf = async (id: string, as?: string) => (await gql(api!.url, TENANTS_OF, { id }, as)).blastRadius.tenants.map((x: { tenant: { id: string } }) => x.tenant.id) as string[];
    // Tools that reach the audited tenant are in its scope; the others must not even exist for the auditor.
    const auditedTools: string[] = [];
    for (const id of tools) if ((await tenantsOf(id)).includes(audited)) auditedTools.push(id);
    for (const id of tools) {
      if (auditedTools.includes(id)) {
        const seen = await tenantsOf(id, auditor);
        if (seen.length !== 1 || seen[0] !== audited) throw new Error(`the auditor of ${audited} sees ${seen.join(', ')} in the blast radius of ${id}`);
      } else {
        const { codes } = await post(api.url, TENANTS_OF, { id }, auditor);
        if (codes[0] !== 'NOT_FOUND') throw new Error(`the auditor of ${audited} can see ${id}, which does not reach it`);
      }
    }
    figures.checks.push(`a tenant auditor sees its own tenant alone in the blast radius of each of the ${auditedTools.length} pooled tools that reach it, and the other ${tools.length - auditedTools.length} do not exist for it`);
    log(`tenant auditor of ${audited}: scope resolved in ${figures.scopeResolutionMs.toFixed(0)} ms`);
    await measure('blastRadius of pooled tools (API, as TENANT_AUDITOR)', repeat(auditedTools).map((id) => () => gql(api!.url, BR, { id }, auditor)));
    await measure('blastRadius of pooled tools (API, whole graph)', repeat(auditedTools).map((id) => () => gql(api!.url, BR, { id })));
    await measure('whoCanReach own tenant (API, as TENANT_AUDITOR)', repeat([audited]).map((id) => () => gql(api!.url, WCR, { id }, auditor)));

    // The console: sign-in link to a drawn blast radius of the largest pooled tool, in headless Chromium (issue 11).
    const largestTool = [...tools].sort((a, b) => floor.blastRadius(b, 8).reached.length - floor.blastRadius(a, 8).reached.length)[0];
    if (largestTool) {
      figures.console = await consoleTiming(api.url, largestTool, await bearerFor({ role: 'ANALYST' }));
      log(`console: ${largestTool} (${figures.console.systems} systems) drawn in ${figures.console.samplesMs.map((x) => x.toFixed(0)).join(', ')} ms`);
    }

    // The naive way, on a few of the same origins and targets, one at a time, each under a timeout.
    log(`naive variable-length Cypher (timeout ${naiveTimeout} s each)...`);
    const asOf = toNeo(now);
    const naiveRuns: { query: string; id: string; ms: number | null; apiMs: number }[] = [];
    for (const [query, id, gqlQuery] of [
      ...[top10[0], technicians[technicians.length - 1], tools[0], apiKeys[0]].map((id) => ['blastRadius', id, BR] as const),
      ...targets.slice(0, 2).map((id) => ['whoCanReach', id, WCR] as const),
    ]) {
      const apiStart = performance.now();
      await gql(api.url, gqlQuery, { id });
      const apiMs = performance.now() - apiStart;
      const t0 = performance.now();
      let ms: number | null;
      try {
        await naive(uri, query === 'blastRadius' ? 'bench/naive-blast-radius' : 'bench/naive-who-can-reach', { id, asOf }, naiveTimeout);
        ms = performance.now() - t0;
      } catch (err) {
        if (!/timed? ?out|Timeout|terminated/i.test(String((err as Error).message) + String((err as { code?: string }).code))) throw err;
        ms = null;
      }
      naiveRuns.push({ query, id, ms, apiMs });
      log(`naive ${query}(${id}): ${ms === null ? `timed out after ${naiveTimeout} s` : `${ms.toFixed(0)} ms`} (API ${apiMs.toFixed(1)} ms)`);
    }
    figures.naive = naiveRuns;
    figures.naiveTimeoutSeconds = naiveTimeout;

    // The other choice measured: the same API answering from level-by-level BFS in Neo4j instead of the reach index.
    const neo4jApi = await startApi(uri, bench.apiPort + 1, { PATHWARDEN_REACH: 'neo4j' });
    try {
      figures.latency['blastRadius (API, Neo4j BFS, 1 at a time)'] = await timed(origins.map((id) => () => gql(neo4jApi.url, BR, { id })), 1);
      figures.latency['whoCanReach (API, Neo4j BFS, 1 at a time)'] = await timed(targets.map((id) => () => gql(neo4jApi.url, WCR, { id })), 1);
    } finally {
      await neo4jApi.stop();
    }

    // Every core busy: the API as one process per core on one port, at concurrency 1, 4 and 8 (issue 13).
    const moreProcesses = option('processes', 'yes') !== 'no';
    const workers = Math.max(2, os.availableParallelism());
    if (moreProcesses) figures.workers = await workersTiming(uri, bench.apiPort + 3, workers, { blastRadius: { query: BR, ids: repeat(origins) }, whoCanReach: { query: WCR, ids: wcrPasses } }, log);
    for (const [q, r] of Object.entries(figures.workers?.runs ?? {})) {
      for (const [c, l] of [[1, r.c1], [4, r.c4], [8, r.c8]] as const) figures.latency[`${q} (${workers} API processes, concurrency ${c})`] = l;
    }

    // Ingest through the mutation: new access records in batches of 5,000.
    const extra = scale === 'small' ? 10_000 : 50_000;
    const batches = mutationBatches(input, extra);
    t = performance.now();
    for (const batch of batches) await gql(api.url, INGEST, { input: batch });
    const seconds = (performance.now() - t) / 1000;
    figures.mutation = { records: extra, seconds, perSecond: extra / seconds };
    log(`ingest mutation: ${extra} records in ${seconds.toFixed(1)} s = ${Math.round(extra / seconds)} records/s`);

    // Replicas that catch up by deltas: a second API on the same Neo4j answers a 5,000-record ingest through this one (src/bench/replica.ts).
    if (moreProcesses) figures.replica = await replicaCatchUp(uri, api.url, bench.apiPort + 3, input, log);

    figures.apiMaxRssMiB = api.maxRss() / 2 ** 20;
    log(`API max resident memory: ${figures.apiMaxRssMiB.toFixed(0)} MiB`);
    for (const q of ['blastRadius', 'whoCanReach']) {
      figures.ratios[`${q} API/floor (p95)`] = figures.latency[`${q} (API, 1 at a time)`].p95 / figures.latency[`${q} (floor)`].p95;
      figures.ratios[`${q} API at concurrency/floor (p95)`] = figures.latency[`${q} (API)`].p95 / figures.latency[`${q} (floor)`].p95;
    }
    const markdown = report(figures as Figures);
    // The soak's figures (npm run soak -- --out) and the large scale's (a run of its own, summed up by hand) live in the same file and are not this run's to drop.
    const before = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    let written = markdown;
    for (const heading of CARRIED_SECTIONS) {
      const section = sectionOf(before, heading);
      if (section) written = replaceSection(written, heading, section);
    }
    fs.writeFileSync(out, written);
    console.log(`\n${markdown}`);
    log(`written to ${path.relative(process.cwd(), out)}`);
  } catch (err) {
    // A request that could not connect says nothing of why: the API's own last words do.
    if (api && api.child.exitCode !== null) console.error(`[bench] the API exited (code ${api.child.exitCode}, signal ${api.child.signalCode}); its output (last 6,000 characters):\n${api.output().slice(-6000)}`);
    throw err;
  } finally {
    if (api) await api.stop();
    await exec.close();
    if (startedHere) await localNeo4j.stop(local);
  }
}

/** New CAN_ACCESS records from existing identities to existing systems, valid by construction. */
function mutationBatches(input: IngestInput, total: number): IngestInput[] {
  const identities = (input.identities ?? []).map((i) => i.id);
  const systems = (input.systems ?? []).map((s) => s.id);
  const approver = (input.people ?? [])[0].id;
  const batches: IngestInput[] = [];
  for (let i = 0; i < total; i += 5000) {
    const access: AccessInput[] = [];
    for (let j = i; j < Math.min(total, i + 5000); j++) {
      access.push({
        id: `bench-mutation-${j}`,
        kind: 'CAN_ACCESS',
        fromId: identities[(j * 7919) % identities.length],
        toId: systems[(j * 104729) % systems.length],
        approvedById: approver,
        justification: 'benchmark ingest',
        grantedAt: '2026-11-01T00:00:00Z',
      });
    }
    batches.push({ source: 'bench', access });
  }
  return batches;
}

/** Runs a naive query with a Neo4j transaction timeout. */
async function naive(uri: string, query: string, params: Record<string, unknown>, timeoutSeconds: number): Promise<void> {
  const { username, password, database } = loadNeo4jConfig();
  const exec = Executor.connect(uri, { username, password, database, txTimeoutMs: timeoutSeconds * 1000, retryMs: 0 });
  try {
    await exec.query(SYSTEM_VIEWER, query, params);
  } finally {
    await exec.close();
  }
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.stack ?? err.message}`);
  process.exit(1);
});

