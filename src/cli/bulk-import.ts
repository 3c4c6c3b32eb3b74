/**
 * npm run bulk-import -- [--format native|csv|gdap] [--source NAME] [--force] PATH...
 *
 * The first load of a large inventory into the project's local Neo4j, with
 * Neo4j's offline importer (src/bulk/admin-import.ts; docs/ingest.md, "First
 * load of a large inventory"):
 * 1. the files are read by the connector of --format, and every document is
 *    checked as npm run import checks it (coercion against the SDL, then the
 *    ingest rules, against nothing stored but the documents before it): any
 *    problem is printed with its file, line and column, and nothing is
 *    touched (exit 1);
 * 2. a local database that holds anything (entities, API keys, audit
 *    events) is refused, unless --force: then it is first dumped to
 *    <folder>-replaced-<time>.dump beside its folder, as npm run restore
 *    does, and replaced;
 * 3. a running local Neo4j is stopped (neo4j-admin imports offline), the
 *    files are imported, Neo4j started, the schema applied with its indexes
 *    online and the graph's version set; it is left running if it was
 *    running before, else stopped.
 * A wrong command line is a usage error (exit 2). NEO4J_URI is refused: the
 * importer needs the database's files (use npm run import there).
 */
import { parseArgs } from 'node:util';
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { adminImport, localHoldsData } from '../bulk/admin-import';
import { loadConfig } from '../config';
import { connectorFor, CONNECTORS, DEFAULT_FORMAT } from '../connectors';
import { checkForEmptyStore, ImportFileError, offlineProblems } from '../ingest/import-files';
import { size, say } from './dump-file';
import { documentProblemLines, printRejected, sourceProblemLine } from './problem-lines';

const USAGE = `usage: npm run bulk-import -- [--format ${Object.keys(CONNECTORS).join('|')}] [--source NAME] [--force] PATH...
  --format   ${Object.values(CONNECTORS).map((c) => `${c.format}: ${c.describe}`).join('\n             ')}
  --source   stamped on every record
  --force    replace a local database that holds data, after saving it beside its folder`;

class UsageError extends Error {}

function options() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string', default: DEFAULT_FORMAT },
        source: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = options();
  const connector = connectorFor(values.format as string);
  if (typeof connector === 'string') throw new UsageError(connector);
  if (positionals.length === 0) throw new UsageError('no file given');
  const source = values.source;
  if (source !== undefined && source.trim() === '') throw new UsageError('--source must not be blank');
  if (loadConfig().neo4j.uri) {
    throw new UsageError("NEO4J_URI is set: npm run bulk-import loads the project's local Neo4j only (neo4j-admin writes the database's files). Load a Docker or external Neo4j with npm run import.");
  }
  const force = values.force as boolean;

  const { documents, problems } = await connector.read(positionals);
  const several = documents.length > 1;
  if (problems.length > 0) {
    const lines = problems.map(sourceProblemLine);
    const offline = documentProblemLines(offlineProblems(documents, source), several);
    printRejected([...lines, ...offline.lines], problems.length + offline.count);
    return;
  }
  const now = new Date().toISOString();
  const check = checkForEmptyStore(documents, { now, source, onCheck: (name, records) => say(`Validating ${records} records of ${name}...`) });
  if (check.kind === 'rejected') {
    const { lines, count } = documentProblemLines(check.documents, several);
    printRejected(lines, count);
    return;
  }

  const local = localNeo4j.localConfig();
  const wasRunning = localNeo4j.runningPid();
  if (await localHoldsData()) {
    if (!force) {
      throw new Error(
        `the local Neo4j in ${local.dir} holds data; a bulk import loads an empty database only, and nothing was written. ` +
          'Add to it with npm run import, or run again with --force to replace it (it is first saved beside its folder), or point NEO4J_LOCAL_DIR at a new folder.',
      );
    }
    if (wasRunning) {
      say(`Stopping the local Neo4j (pid ${wasRunning}) to save and replace it; it is started again afterwards. Meanwhile the API answers DATABASE_UNAVAILABLE.`);
      await localNeo4j.stop();
    }
    const saved = localNeo4j.dump(`${local.dir}-replaced-${now.replace(/[:.]/g, '-')}.dump`);
    say(`Saved the database being replaced to ${saved.file} (${size(saved.bytes)}).`);
  }
  if (localNeo4j.runningPid()) {
    say(`Stopping the local Neo4j (pid ${wasRunning}) for the offline import; it is started again afterwards. Meanwhile the API answers DATABASE_UNAVAILABLE.`);
    await localNeo4j.stop();
  }
  try {
    const result = await adminImport(check.inputs, { overwrite: localNeo4j.hasDatabase(), now, log: (m) => say(`${m[0].toUpperCase()}${m.slice(1)}`) });
    say(
      `Bulk-imported ${result.records} records (${result.entities} entities, ${result.ownerships} owner links, ${result.access} access records) ` +
        `in ${result.seconds.toFixed(1)} s (${Math.round(result.perSecond)} records/s); the database answered with its indexes online after ${result.readySeconds.toFixed(1)} s.`,
    );
  } finally {
    // Left as it was found: running, or stopped.
    const running = localNeo4j.runningPid();
    if (!wasRunning && running) {
      await localNeo4j.stop();
      say(`The local Neo4j in ${local.dir} is stopped; npm start (or npm run neo4j:start) serves it.`);
    } else if (wasRunning && !running) {
      const { pid } = await localNeo4j.start();
      say(`Started the local Neo4j again (pid ${pid}) at ${local.uri}.`);
    } else if (wasRunning) say(`The local Neo4j is running at ${local.uri}.`);
  }
}

main().catch((err: Error) => {
  if (err instanceof UsageError || err instanceof ImportFileError) {
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(`bulk-import failed: ${err.message}`);
  process.exit(1);
});
