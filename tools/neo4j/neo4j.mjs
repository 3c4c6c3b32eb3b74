#!/usr/bin/env node
// The local Neo4j for machines without Docker: builds the launcher in this
// folder once (Maven downloads Neo4j 5.26 Community from Maven Central into
// ~/.m2 and we cache the resolved classpath), then starts the real database
// as a background Java process with Bolt on 127.0.0.1 and stops it cleanly.
//
//   node tools/neo4j/neo4j.mjs start [--fresh]   (npm run neo4j:start)
//   node tools/neo4j/neo4j.mjs stop              (npm run neo4j:stop)
//   node tools/neo4j/neo4j.mjs status
//   node tools/neo4j/neo4j.mjs build             (resolve and compile only)
//
// dump/load (the offline `neo4j-admin database dump|load` of the same
// artifacts) are the mechanics behind npm run backup / restore
// (src/cli/backup.ts, src/cli/restore.ts), which decide when they may run;
// importCsv (`neo4j-admin database import full`) the mechanics behind npm
// run bulk-import and the benchmark's load (src/bulk/admin-import.ts).
//
// Environment: NEO4J_LOCAL_PORT (default 7687), NEO4J_LOCAL_DIR (default
// .neo4j/dev under the repository), NEO4J_LOCAL_HEAP (default 2g),
// NEO4J_LOCAL_PAGECACHE_MB (default 512), NEO4J_LOCAL_TX_MEMORY_MB (the
// memory all transactions together may hold; default Neo4j's, 70% of the
// heap). Plain JavaScript on purpose: it
// must run before anything is compiled, from npm scripts, jest and .ci/run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const toolDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.resolve(toolDir, '..', '..');
const classpathFile = path.join(toolDir, 'target', 'classpath.txt');
const READY = 'PATHWARDEN_NEO4J_READY';
const DEFAULT_PORT = 7687;
const DEFAULT_DIR = path.join('.neo4j', 'dev');
/**
 * Written into every data folder this script uses. `--fresh` deletes the
 * folder NEO4J_LOCAL_DIR names, so it must be sure the folder is one of ours
 * and not, through a typo or a stale variable, someone's home or project.
 */
export const MARKER = '.pathwarden-neo4j';

/**
 * The JVM options of Neo4j's own distribution (its neo4j.conf,
 * `server.jvm.additional`) that concern how Neo4j reaches the JDK: without
 * the opened modules its page cache logs "Reflection access to
 * java.nio.DirectByteBuffer is not available, using fallback mode", and Bolt's
 * Netty allocates buffers with cleaners. The Docker image runs with them; so
 * do the database and neo4j-admin started here.
 */
const NEO4J_JVM_OPTIONS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.nio.maxCachedBufferSize=1024',
];

export function localConfig(overrides = {}) {
  const port = Number(overrides.port ?? process.env.NEO4J_LOCAL_PORT ?? DEFAULT_PORT);
  const dir = path.resolve(repoDir, overrides.dir ?? process.env.NEO4J_LOCAL_DIR ?? DEFAULT_DIR);
  return {
    port,
    dir,
    uri: `neo4j://127.0.0.1:${port}`,
    heap: overrides.heap ?? process.env.NEO4J_LOCAL_HEAP ?? '2g',
    pageCacheMb: Number(overrides.pageCacheMb ?? process.env.NEO4J_LOCAL_PAGECACHE_MB ?? 512),
    txMemoryMb: Number(overrides.txMemoryMb ?? process.env.NEO4J_LOCAL_TX_MEMORY_MB ?? 0),
    pidFile: path.join(dir, 'neo4j.pid'),
    logFile: path.join(dir, 'launcher.log'),
    debugLog: path.join(dir, 'home', 'logs', 'debug.log'),
  };
}

/**
 * The environment another command (npm run neo4j:stop, npm run import...)
 * needs to address this database: empty for the default folder and port.
 */
export function envFor(cfg) {
  const parts = [];
  if (cfg.dir !== path.resolve(repoDir, DEFAULT_DIR)) parts.push(`NEO4J_LOCAL_DIR=${path.relative(repoDir, cfg.dir) || '.'}`);
  if (cfg.port !== DEFAULT_PORT) parts.push(`NEO4J_LOCAL_PORT=${cfg.port}`);
  return parts.map((p) => `${p} `).join('');
}

/**
 * Whether a folder may hold (and so be wiped as) a local database: it does
 * not exist yet, is empty, carries the marker, or was made by a version of
 * this script from before the marker (a launcher log beside a Neo4j home).
 */
export function isDatabaseFolder(dir) {
  if (!fs.existsSync(dir)) return true;
  const entries = fs.readdirSync(dir);
  if (entries.length === 0 || entries.includes(MARKER)) return true;
  return entries.includes('launcher.log') && fs.existsSync(path.join(dir, 'home', 'data'));
}

function refuseForeign(cfg) {
  if (!isDatabaseFolder(cfg.dir)) {
    throw new Error(
      `${cfg.dir} is not a PathWarden Neo4j folder (it holds other files and no ${MARKER}); refusing to use or wipe it. ` +
        `Point NEO4J_LOCAL_DIR at an empty or new folder, or unset it for the default ${DEFAULT_DIR}.`,
    );
  }
}

function claim(cfg) {
  refuseForeign(cfg);
  fs.mkdirSync(cfg.dir, { recursive: true });
  fs.writeFileSync(path.join(cfg.dir, MARKER), 'A PathWarden local Neo4j data folder (tools/neo4j/neo4j.mjs). `npm start -- --fresh` deletes this folder.\n');
}

/** Whether the local database has ever been created in this folder (its store files exist). */
export function hasDatabase(overrides = {}) {
  return fs.existsSync(path.join(storeDir(localConfig(overrides)), 'neo4j'));
}

function storeDir(cfg) {
  return path.join(cfg.dir, 'home', 'data', 'databases');
}

function log(msg) {
  process.stderr.write(`[neo4j] ${msg}\n`);
}

/** Resolves the Neo4j artifacts with Maven (first run downloads ~150 MB) and compiles the launcher. */
export function ensureBuilt() {
  const pom = path.join(toolDir, 'pom.xml');
  const launcherClass = path.join(toolDir, 'target', 'classes', 'pathwarden', 'Launcher.class');
  const launcherSource = path.join(toolDir, 'src', 'main', 'java', 'pathwarden', 'Launcher.java');
  // Built, from the current pom and launcher source (a checkout that pulled a change to either compiles again).
  const cached =
    fs.existsSync(classpathFile) &&
    fs.existsSync(launcherClass) &&
    fs.statSync(classpathFile).mtimeMs >= fs.statSync(pom).mtimeMs &&
    fs.statSync(launcherClass).mtimeMs >= fs.statSync(launcherSource).mtimeMs &&
    fs.readFileSync(classpathFile, 'utf8').trim().split(path.delimiter).every((jar) => fs.existsSync(jar));
  if (cached) return;
  log('resolving Neo4j 5.26 Community from Maven Central (the first run downloads about 150 MB into ~/.m2 and takes a minute or two)');
  // Quiet and colourless: Maven's transfer log is dozens of lines (with raw
  // escape codes where the terminal is not Maven's own); shown only on failure.
  const result = spawnSync(
    'mvn',
    ['-B', '-q', '-Dstyle.color=never', '-f', pom, 'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) throw new Error(`could not run mvn (is Maven installed?): ${result.error.message}`);
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`mvn failed with exit code ${result.status} (its output is above)`);
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed Neo4j whose parent has not reaped it yet still answers signal 0: a zombie is not running.
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** The pid of this folder's running database, or null. */
export function runningPid(overrides = {}) {
  return readPid(localConfig(overrides));
}

function readPid(cfg) {
  if (!fs.existsSync(cfg.pidFile)) return null;
  const pid = Number(fs.readFileSync(cfg.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port, '127.0.0.1');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the database unless this folder's one is already running; resolves
 * with { uri, pid, startedHere } once the default database is online.
 * `fresh` removes the local data folder first: the whole database, API keys
 * and audit trail included (a developer's own throwaway data, and only ever a
 * folder this script made).
 */
export async function start(overrides = {}, { fresh = false, timeoutMs = 180_000 } = {}) {
  const cfg = localConfig(overrides);
  refuseForeign(cfg);
  const running = readPid(cfg);
  if (running && !fresh) {
    log(`already running (pid ${running}) at ${cfg.uri}`);
    return { uri: cfg.uri, pid: running, startedHere: false };
  }
  if (running && fresh) await stop(overrides);
  if (fresh) fs.rmSync(cfg.dir, { recursive: true, force: true });
  if (!(await portFree(cfg.port))) {
    throw new Error(`port ${cfg.port} on 127.0.0.1 is in use by another process; set NEO4J_LOCAL_PORT or NEO4J_URI`);
  }
  ensureBuilt();
  claim(cfg);
  const classpath = [path.join(toolDir, 'target', 'classes'), fs.readFileSync(classpathFile, 'utf8').trim()].join(path.delimiter);
  const out = fs.openSync(cfg.logFile, 'w');
  const child = spawn(
    'java',
    [`-Xmx${cfg.heap}`, '-XX:+UseG1GC', ...NEO4J_JVM_OPTIONS, '-cp', classpath, 'pathwarden.Launcher', path.join(cfg.dir, 'home'), String(cfg.port), String(cfg.pageCacheMb), '0', String(cfg.txMemoryMb)],
    { detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  child.unref();
  fs.writeFileSync(cfg.pidFile, String(child.pid));
  log(`starting Neo4j 5.26 Community (pid ${child.pid}) on ${cfg.uri}, data in ${path.relative(repoDir, cfg.dir)}`);
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const text = fs.readFileSync(cfg.logFile, 'utf8');
    if (text.includes(READY)) {
      log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return { uri: cfg.uri, pid: child.pid, startedHere: true };
    }
    if (!alive(child.pid)) throw new Error(`Neo4j exited during start-up; see ${cfg.logFile}:\n${text.slice(-2000)}`);
    await sleep(250);
  }
  throw new Error(`Neo4j did not become ready within ${timeoutMs / 1000} s; see ${cfg.logFile}`);
}

/** Stops the database started from this folder (SIGTERM runs its clean shutdown hook). */
export async function stop(overrides = {}, { timeoutMs = 60_000 } = {}) {
  const cfg = localConfig(overrides);
  const pid = readPid(cfg);
  if (!pid) {
    log('not running');
    fs.rmSync(cfg.pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const t0 = Date.now();
  while (alive(pid) && Date.now() - t0 < timeoutMs) await sleep(200);
  if (alive(pid)) {
    log(`pid ${pid} did not stop within ${timeoutMs / 1000} s; killing it`);
    process.kill(pid, 'SIGKILL');
  }
  fs.rmSync(cfg.pidFile, { force: true });
  log('stopped');
  return true;
}

/** The launcher's database: the embedded DBMS serves only the default one. */
const DATABASE = 'neo4j';

/**
 * Runs `neo4j-admin` (org.neo4j.cli.AdminTool, already on the launcher's
 * classpath through org.neo4j:neo4j-dbms and neo4j-command-line) on this
 * folder's Neo4j home; resolves with its output, or throws with the lines
 * that say why (its per-file progress lines left out).
 */
function adminTool(cfg, args, home = path.join(cfg.dir, 'home'), jvmFlags = []) {
  ensureBuilt();
  const classpath = [path.join(toolDir, 'target', 'classes'), fs.readFileSync(classpathFile, 'utf8').trim()].join(path.delimiter);
  fs.mkdirSync(home, { recursive: true });
  const env = { ...process.env, NEO4J_HOME: home, NEO4J_CONF: path.join(home, 'conf') };
  delete env.NEO4J_DEBUG;
  const result = spawnSync('java', [`-Xmx${cfg.heap}`, ...NEO4J_JVM_OPTIONS, ...jvmFlags, '-cp', classpath, 'org.neo4j.cli.AdminTool', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`could not run java: ${result.error.message}`);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    const said = output
      .split('\n')
      .filter((l) => l.trim() && !/^Files: |^Run with '--verbose'/.test(l))
      .map((l) => l.replace(/^\S+ \S+ +(ERROR|WARN|INFO) +\[[^\]]*\] /, ''));
    throw new Error([...new Set(said)].join('; ') || `neo4j-admin exited with code ${result.status}`);
  }
  return output;
}

/**
 * A folder of its own holding `<database>.dump` as a link to `file` (neo4j-admin
 * reads archives by database name from a folder), and an empty Neo4j home
 * beside it for commands that must not touch any real one.
 */
function withArchiveFolder(file, work) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-restore-'));
  try {
    fs.mkdirSync(path.join(folder, 'archive'));
    fs.symlinkSync(path.resolve(file), path.join(folder, 'archive', `${DATABASE}.dump`));
    return work(path.join(folder, 'archive'), path.join(folder, 'home'));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * What a dump file holds ({ format, files, bytes }), read from its header
 * without loading it; throws, naming the file, when it is not a Neo4j dump.
 */
export function inspectDump(file, overrides = {}) {
  const cfg = localConfig(overrides);
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  if (!fs.statSync(file).isFile()) throw new Error(`${file} is not a file (a dump is one file)`);
  let output;
  try {
    output = withArchiveFolder(file, (folder, scratchHome) => adminTool(cfg, ['database', 'load', DATABASE, '--info', `--from-path=${folder}`], scratchHome));
  } catch (err) {
    throw new Error(`${file} is not a Neo4j database dump (neo4j-admin: ${err.message.split('; ')[0].replace(/ for archive '[^']*'/, '')})`);
  }
  const field = (name) => output.match(new RegExp(`^${name}: (.*)$`, 'm'))?.[1]?.trim() ?? null;
  return { format: field('Format')?.replace(/\.$/, '') ?? null, files: Number(field('Files')), bytes: Number(field('Bytes')) };
}

/**
 * Dumps this folder's database to `file` (offline: refuses while it runs).
 * Written beside `file` first and renamed into place, so `file` is either
 * the whole dump or untouched; an existing `file` is replaced only with
 * `overwrite`.
 */
export function dump(file, overrides = {}, { overwrite = false } = {}) {
  const cfg = localConfig(overrides);
  refuseForeign(cfg);
  if (readPid(cfg)) throw new Error(`the local Neo4j in ${cfg.dir} is running; a dump is taken offline`);
  if (!hasDatabase(overrides)) throw new Error(`${cfg.dir} holds no database to dump`);
  const target = path.resolve(file);
  if (fs.existsSync(target) && !overwrite) throw new Error(`${file} exists; refusing to overwrite it (--force replaces it)`);
  const partial = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.partial-`));
  try {
    adminTool(cfg, ['database', 'dump', DATABASE, `--to-path=${partial}`]);
    fs.renameSync(path.join(partial, `${DATABASE}.dump`), target);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return { file: target, bytes: fs.statSync(target).size };
}

/**
 * Loads `file` as this folder's database (offline: refuses while it runs).
 * An existing database is replaced only with `overwrite`; the folder is
 * claimed (marker) so start() accepts it.
 */
export function load(file, overrides = {}, { overwrite = false } = {}) {
  const cfg = localConfig(overrides);
  refuseForeign(cfg);
  if (readPid(cfg)) throw new Error(`the local Neo4j in ${cfg.dir} is running; a dump is loaded offline`);
  if (hasDatabase(overrides) && !overwrite) throw new Error(`${cfg.dir} already holds a database; refusing to replace it`);
  claim(cfg);
  withArchiveFolder(file, (folder) => adminTool(cfg, ['database', 'load', DATABASE, `--from-path=${folder}`, ...(overwrite ? ['--overwrite-destination'] : [])]));
}

/**
 * Imports CSV files as this folder's database with Neo4j's offline importer
 * (`neo4j-admin database import full`; offline: refuses while it runs). The
 * files are neo4j-admin's own format, header file first in each group:
 * `nodes` [{ labels: ['Entity', 'Tenant'], files: [header, data] }],
 * `relationships` [{ type: 'ACCESS', files: [header, data] }]. An existing
 * database is replaced only with `overwrite`; any bad entry (a duplicate id, a
 * relationship to a missing node) fails the whole import. `multiline` lets
 * quoted values span lines (slower; only when a value holds a line break).
 * Resolves with the importer's report of what it wrote; the folder is
 * claimed (marker) so start() accepts it.
 */
export function importCsv({ nodes, relationships = [], multiline = false, reportFile }, overrides = {}, { overwrite = false, maxOffHeap = '2g' } = {}) {
  const cfg = localConfig(overrides);
  refuseForeign(cfg);
  if (readPid(cfg)) throw new Error(`the local Neo4j in ${cfg.dir} is running; neo4j-admin imports offline`);
  if (hasDatabase(overrides) && !overwrite) throw new Error(`${cfg.dir} already holds a database; refusing to replace it`);
  claim(cfg);
  const group = (prefix, names, files) => `--${prefix}=${names ? `${names}=` : ''}${files.map((f) => path.resolve(f)).join(',')}`;
  return adminTool(cfg, [
    'database',
    'import',
    'full',
    DATABASE,
    ...nodes.map((g) => group('nodes', g.labels.join(':'), g.files)),
    ...relationships.map((g) => group('relationships', g.type, g.files)),
    '--bad-tolerance=0',
    `--multiline-fields=${multiline}`,
    `--max-off-heap-memory=${maxOffHeap}`,
    ...(reportFile ? [`--report-file=${path.resolve(reportFile)}`] : []),
    ...(overwrite ? ['--overwrite-destination'] : []),
    // The throughput collector: the importer makes garbage fast on every core, and no one waits on its pauses
    // (about 6% less time for the medium graph than the default G1, three runs each; docs/performance.md).
  ], undefined, ['-XX:+UseParallelGC']);
}

async function main() {
  const [command, ...flags] = process.argv.slice(2);
  if (command === 'start') {
    const { uri } = await start({}, { fresh: flags.includes('--fresh') });
    process.stdout.write(`${uri}\n`);
  } else if (command === 'stop') {
    await stop();
  } else if (command === 'build') {
    ensureBuilt();
  } else if (command === 'status') {
    const cfg = localConfig();
    const pid = readPid(cfg);
    process.stdout.write(pid ? `running (pid ${pid}) at ${cfg.uri}\n` : 'not running\n');
  } else {
    process.stderr.write('usage: neo4j.mjs start [--fresh] | stop | status | build\n');
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    log(err.message);
    process.exit(1);
  });
}
