/**
 * npm start: the API on the demo graph, in one command.
 *   1. starts the project's local Neo4j unless NEO4J_URI names another one;
 *   2. applies the schema (idempotent);
 *   3. loads the demo MSP (its CSV files, then its GDAP export, through the
 *      importer) and its audit history into an empty database (never into one with data);
 *   4. serves GraphQL at /graphql, the console at /, the IDE at /ide, /health;
 *   5. prints the few lines a person reads: where it serves, one bearer token
 *      and one console link (signing in as that role) per demo role (also written, readable by the user only, to
 *      demo-tokens.txt in the local database folder) and the example queries;
 *      or, when the demo is not in the database, what to do next.
 * Tokens: signed with PATHWARDEN_JWT_SECRET when it is set; otherwise (and not
 * in production) with a random secret made for this run, so they stop working
 * when it stops.
 * However this command ends (Ctrl-C, SIGTERM, the terminal closing (SIGHUP),
 * a crash), it stops the Neo4j it started: a forgotten one holds a 2 GB heap.
 * On a signal it first drains the API (server/shutdown.ts): new requests get
 * 503, those in flight finish within PATHWARDEN_SHUTDOWN_GRACE_MS; then the
 * driver closes, the Neo4j it started stops, and it exits 0.
 * A Neo4j found running from before is used, said so, and left running.
 * With PATHWARDEN_WORKERS > 1 (or "auto": one per core), steps 1 to 3 and
 * 5 run once, in this process, and step 4 in that many API processes forked
 * from it on one port (server/workers.ts), each with its own reach index.
 * Options (after `npm start --`):
 *   --fresh  start the local database from an empty folder, then load the demo;
 *   --empty  start the local database from an empty folder and load nothing.
 * Both delete the whole local database (API keys and audit trail included),
 * and only ever a folder tools/neo4j made (it refuses any other).
 */
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildASTSchema, parse } from 'graphql';
import { signToken } from '../auth/tokens';
import { SYSTEM_VIEWER, type ViewerRole } from '../core/viewer';
import { loadConfig, type SecurityConfig } from '../config';
import { Executor } from '../db/executor';
import { connectorFor } from '../connectors';
import { DEMO_DATA, demoCallers, demoExamples } from '../demo/demo-graph';
import { loadDemoHistory } from '../demo/demo-history';
import { INGEST_BATCH_LIMIT } from '../graph/vocabulary';
import { importDocuments } from '../ingest/import-files';
import { createApi, type Api } from '../server/app';
import { consoleAssets } from '../console/bundle';
import { allowedRoles } from '../server/guard';
import { typeDefs } from '../schema/sdl';
import { announceListening, linkSiblings, WorkerPool } from '../server/workers';
import { ReachIndexProvider } from '../reach/index/provider';

const TOKENS_FILE = 'demo-tokens.txt';

/**
 * Printing never stops a shutdown: once the terminal is closed, a write fails
 * (EIO, EPIPE), and an unhandled stream error would end the process before
 * it stops its Neo4j.
 */
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
function say(line = ''): void {
  try {
    process.stdout.write(`${line}\n`);
  } catch {
    // the terminal is gone
  }
}

/** What each step of start-up leaves to undo, undone in reverse order however the process ends. */
const undo: (() => Promise<unknown> | unknown)[] = [];
let stopping = false;
/**
 * Undoes every step, then exits with `code`. Only the first call stops: a
 * second signal or an error while stopping is reported and changes nothing,
 * so the Neo4j started here is stopped in every case and the drain's grace
 * period (PATHWARDEN_SHUTDOWN_GRACE_MS) is the only bound on how long it takes.
 */
async function shutdown(code: number, reason?: string): Promise<void> {
  if (reason) say(reason);
  if (stopping) return;
  stopping = true;
  for (const step of undo.reverse()) {
    try {
      await step();
    } catch (err) {
      say(`while stopping: ${(err as Error).message}`);
    }
  }
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown(0, stopping ? `${signal}: already stopping` : `\n${signal}: stopping...`));
}
process.on('uncaughtException', (err) => void shutdown(1, `npm start failed: ${err.message}`));
process.on('unhandledRejection', (err) => void shutdown(1, `npm start failed: ${(err as Error)?.message ?? String(err)}`));

/** The root fields a role may call, read from the SDL's @allow directives (the same map the operation guard enforces). */
function callableBy(role: ViewerRole): string[] {
  const allowed = allowedRoles(buildASTSchema(parse(typeDefs().join('\n'))));
  return [...allowed].filter(([, roles]) => roles.has(role)).map(([field]) => field.split('.')[1]);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const flags = new Set(process.argv.slice(2));
  const unknown = [...flags].filter((f) => f !== '--fresh' && f !== '--empty');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')} (known: --fresh, --empty)`);
  const wipe = flags.has('--fresh') || flags.has('--empty');
  const config = loadConfig();
  const { security } = config;
  const ephemeral = !security.jwt.secret && !security.production;
  // A newcomer needs tokens at once; a secret made for this run is never written anywhere.
  if (ephemeral) security.jwt.secret = randomBytes(32).toString('base64url');

  let uri = config.neo4j.uri;
  let local: localNeo4j.LocalConfig | null = null;
  let neo4jNote = '';
  let localPid = 0;
  if (uri) {
    if (wipe) throw new Error('--fresh and --empty apply to the local database only; unset NEO4J_URI to use them');
  } else {
    local = localNeo4j.localConfig();
    const started = await localNeo4j.start({}, { fresh: wipe });
    uri = started.uri;
    if (started.startedHere) {
      undo.push(() => localNeo4j.stop());
      neo4jNote = ' (started by npm start, stopped when it stops)';
    } else {
      neo4jNote =
        ` (pid ${started.pid}, already running before this npm start: used, and left running when it stops;` +
        ` stop it with \`${localNeo4j.envFor(local)}npm run neo4j:stop\`)`;
    }
    if (wipe) say(`${flags.has('--fresh') ? '--fresh' : '--empty'}: the local database was started from an empty folder (its API keys and audit trail are gone too).`);
    localPid = started.pid;
  }

  const exec = Executor.connect(uri, config.neo4j);
  undo.push(() => exec.close());
  if (local) watchLocalNeo4j(local, localPid, exec);
  await exec.applySchema();
  const [{ total }] = await exec.query(SYSTEM_VIEWER, 'entities/count', { kind: null });
  if (!flags.has('--empty') && Number(total) === 0) {
    // The demo is data (src/demo/csv/, then src/demo/gdap/), each folder loaded through the importer as a user's export would be, in one batch.
    const loaded: string[] = [];
    for (const { format, dir, source } of DEMO_DATA) {
      const connector = connectorFor(format);
      if (typeof connector === 'string') throw new Error(connector);
      const { documents, problems } = await connector.read([dir]);
      const outcome = problems.length === 0 ? await importDocuments(exec, documents, { source, batchSize: INGEST_BATCH_LIMIT }) : null;
      if (outcome?.kind !== 'imported') throw new Error(`the demo's ${format} files did not import: ${JSON.stringify(problems.length > 0 ? problems : outcome).slice(0, 1000)}`);
      const { entities, ownerships, access } = outcome.counts;
      loaded.push(
        format === 'csv'
          ? `from its CSV files: ${entities.created} entities, ${ownerships.created} owner links, ${access.created} access records`
          : `from its GDAP export (Microsoft Graph, two clients): ${entities.created} entities, ${access.created} access records`,
      );
    }
    await loadDemoHistory(exec);
    say(`Loaded the demo MSP ${loaded.join('; ')}; and a few weeks of its audit history.`);
  } else if (Number(total) > 0) {
    say(`The database already holds ${total} entities; the demo was not loaded (npm start -- --fresh reloads it).`);
  }
  // The demo's tokens and examples name demo entities: on other data they can only fail.
  const demoPresent = await demoIsPresent(exec);

  let port: number;
  let processes = '';
  if (config.workers > 1) {
    // The workers sign nothing, but verify the tokens printed here: they get the secret (made for this run, or the configured one).
    const pool = new WorkerPool(config.workers, { NEO4J_URI: uri, ...(security.jwt.secret ? { PATHWARDEN_JWT_SECRET: security.jwt.secret } : {}) }, say);
    undo.push(() => pool.stop(config.shutdownGraceMs));
    port = await pool.start();
    processes = ` by ${config.workers} API processes (PATHWARDEN_WORKERS)`;
  } else {
    ({ port } = await serve(exec, config, demoPresent));
  }
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  say(`\nPathWarden is serving ${base}/graphql${processes}  (console: ${base}/, IDE: ${base}/ide, health: ${base}/health)`);
  // The console's bundle is built on first request; building it now makes the first page load quick.
  if (security.console) void consoleAssets().catch((err: Error) => say(`the console could not be built: ${err.message}`));
  say(`Neo4j: ${uri}${neo4jNote}. Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);

  if (demoPresent) await printDemo(security, base, local, ephemeral);
  else printNextSteps(base, local);
  say('Ctrl-C stops the API and the Neo4j it started.');
}

/**
 * Says on this terminal when the local Neo4j stops under the API (a crash, an
 * OOM kill, a stop by hand) and when it answers again: meanwhile the API
 * refuses requests with DATABASE_UNAVAILABLE, which a person watching this
 * terminal would otherwise not learn. "Answers" is a query through the API's
 * own executor, not a process that runs: after a kill, Neo4j recovers its
 * store for several seconds before it takes any. It is not restarted from
 * here: a database that died may need looking at first (its log, the disk),
 * and a restart loop would hide that. Stopped first on shutdown, which stops
 * that Neo4j itself.
 */
function watchLocalNeo4j(local: localNeo4j.LocalConfig, pid: number, exec: Executor): void {
  let down = false;
  let asking = false;
  const timer = setInterval(() => {
    if (!down) {
      if (localNeo4j.runningPid() !== null) return;
      down = true;
      say(
        `Neo4j (pid ${pid}) has stopped; until it answers again the API refuses requests with DATABASE_UNAVAILABLE (/health: 503). ` +
          `Its log: ${path.relative(process.cwd(), local.debugLog)}. Start it again, data kept: \`${localNeo4j.envFor(local)}npm run neo4j:start\`.`,
      );
      return;
    }
    const running = localNeo4j.runningPid();
    if (asking || running === null) return;
    asking = true;
    exec
      .ping()
      .then(
        () => {
          down = false;
          pid = running;
          say(`Neo4j answers again (pid ${running}), and so does the API.`);
        },
        () => undefined,
      )
      .finally(() => {
        asking = false;
      });
  }, 1_000);
  timer.unref();
  undo.push(() => clearInterval(timer));
}

/** Whether the demo's bound people and tenants are in the database (its tokens and examples name them). */
async function demoIsPresent(exec: Executor): Promise<boolean> {
  const bound = demoCallers.flatMap((c) => [c.person, c.tenant]).filter((id): id is string => !!id);
  return (await exec.query(SYSTEM_VIEWER, 'entities/by-ids', { ids: bound })).length === bound.length;
}

/** Step 4: the API on `exec`, listening on the configured port (drained, on shutdown, before the driver closes), and the port it listens on. */
async function serve(exec: Executor, config: ReturnType<typeof loadConfig>, demoPresent: boolean): Promise<{ api: Api; port: number }> {
  const api: Api = await createApi(exec, { initialQuery: demoPresent ? demoExamples[0]?.query : undefined, security: config.security });
  undo.push(async () => {
    // New requests are refused (503) from here on; those in flight finish first, within the grace period.
    const { unfinished } = await api.stop(config.shutdownGraceMs);
    if (unfinished > 0) say(`${unfinished} request(s) still running after ${config.shutdownGraceMs} ms (PATHWARDEN_SHUTDOWN_GRACE_MS) were cut off; Neo4j rolls back their writes whole.`);
  });
  await new Promise<void>((resolve, reject) => {
    api.httpServer.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${config.port} on ${config.host} is in use; set PORT to another one`) : err),
    );
    api.httpServer.listen(config.port, config.host, resolve);
  });
  // The reach index loads now, in the background, rather than on the first question (about 20 s at a million
  // records); a request arriving meanwhile waits for this load. Ingest validates against it once it holds the
  // stored state (ingest/stored.ts). Should it fail (Neo4j down), the first request that needs it loads it.
  void ReachIndexProvider.for(exec)
    .current()
    .catch((err: Error) => say(`the reach index did not load at start (the first request that needs it will): ${err.message}`));
  return { api, port: (api.httpServer.address() as AddressInfo).port };
}

/** One of several API processes (PATHWARDEN_WORKERS): the primary loaded the data; this one connects, serves, and tells its siblings of its writes. */
async function serveWorker(): Promise<void> {
  const config = loadConfig();
  if (!config.neo4j.uri) throw new Error('an API worker needs NEO4J_URI (npm start gives it)');
  const exec = Executor.connect(config.neo4j.uri, config.neo4j);
  undo.push(() => exec.close());
  linkSiblings(ReachIndexProvider.for(exec));
  const { api, port } = await serve(exec, config, await demoIsPresent(exec));
  // Prometheus scrapes whichever process takes the connection: each series says which one it describes.
  api.metrics.registry.setDefaultLabels({ worker: String(cluster.worker?.id ?? 0) });
  announceListening(port);
  if (config.security.console) void consoleAssets().catch((err: Error) => say(`the console could not be built: ${err.message}`));
}

/** The demo tokens and examples, and the tokens again in a file only the user may read (request logs soon scroll them away). */
async function printDemo(security: SecurityConfig, base: string, local: localNeo4j.LocalConfig | null, ephemeral: boolean): Promise<void> {
  if (security.jwt.secret) {
    const ingestCalls = callableBy('INGEST').join(', ');
    const lines: string[] = [];
    for (const caller of demoCallers) {
      const token = await signToken(security.jwt, { sub: caller.sub, role: caller.role, person: caller.person, tenant: caller.tenant });
      const note = caller.role === 'INGEST' ? `may call ${ingestCalls} only` : caller.note;
      lines.push(`  ${caller.role.padEnd(14)} ${note}`, `  ${token}`);
      // The token rides in the fragment, which the browser never sends; the console moves it into the tab's session storage.
      if (caller.console && security.console) lines.push(`  console: ${base}/${caller.console}#token=${token}`);
    }
    let saved = '';
    if (local) {
      const file = path.join(local.dir, TOKENS_FILE);
      fs.rmSync(file, { force: true });
      fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
      undo.push(() => fs.rmSync(file, { force: true }));
      saved = `; also in ${path.relative(process.cwd(), file)}, readable by you only, removed when this stops`;
    }
    say(`\nBearer tokens for the demo roles (valid 12 h${ephemeral ? ', signed with a secret made for this run' : ''}${saved}):`);
    for (const line of lines) say(line);
  }
  say(`\nSend one as the header Authorization: Bearer <token> (in the IDE at ${base}/ide, under Headers). With curl:`);
  say(`  curl -H "authorization: Bearer $TOKEN" -H "content-type: application/json" -d '{"query":"{ viewer { id role } }"}' ${base}/graphql`);
  say('\nTry these (the IDE opens with the first):');
  for (const example of demoExamples) say(`  # ${example.title}\n  ${example.query.replace(/\s+/g, ' ').trim()}`);
  say();
}

/** An empty database (or one without the demo): what a person does next, instead of tokens and examples that could only fail. */
function printNextSteps(base: string, local: localNeo4j.LocalConfig | null): void {
  const env = local ? localNeo4j.envFor(local) : '';
  say('\nThe demo is not in this database, so no demo tokens or examples are printed. Next:');
  say(`  1. load your data:   ${env}npm run import -- FILE.json   (the file format: docs/ingest.md)`);
  say(`  2. create a key:     ${env}npm run apikey -- create --name me --role ADMIN`);
  say(`  3. send its token as the header Authorization: Bearer <token> to ${base}/graphql (or in the IDE at ${base}/ide)`);
  say();
}

if (cluster.isWorker) serveWorker().catch((err: Error) => void shutdown(1, `an API worker failed: ${err.message}`));
else main().catch((err: Error) => void shutdown(1, `npm start failed: ${err.message}`));
