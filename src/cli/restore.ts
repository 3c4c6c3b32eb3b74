/**
 * npm run restore -- FILE [--force]
 *
 * Loads a dump made by npm run backup (or by `neo4j-admin database dump` of
 * any Neo4j 5) as the project's local Neo4j, with Neo4j's own offline
 * `neo4j-admin database load`.
 * - FILE must be a Neo4j dump: its header is read before anything is touched.
 * - A local database that holds anything at all (API keys and audit events
 *   included) is replaced only with --force, and even then it is first dumped
 *   to <folder>-replaced-<time>.dump beside its folder: nothing an audit may
 *   need is deleted by a restore.
 * - A running local Neo4j is stopped for the load and started again; one that
 *   was not running is left stopped (it is started briefly to check it).
 * - The restored database gets a new reach-index epoch
 *   (cypher/reach/new-epoch.cypher), so an API process still holding the
 *   replaced state reloads instead of answering from it.
 */
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { SYSTEM_VIEWER } from '../core/viewer';
import { withDatabase } from './database';
import { dumpArgs, size, say } from './dump-file';

async function main(): Promise<void> {
  const { file, force } = dumpArgs('restore', process.argv.slice(2), 'replace a local database that holds data, after saving it beside its folder');
  const local = localNeo4j.localConfig();
  const archive = localNeo4j.inspectDump(file);
  const wasRunning = localNeo4j.runningPid();
  const existing = localNeo4j.hasDatabase();
  const holdsData = existing && !(await withDatabase(async (exec) => (await exec.query(SYSTEM_VIEWER, 'bulk/is-empty'))[0]?.empty === true));
  if (holdsData && !force) {
    throw new Error(
      `the local Neo4j in ${local.dir} holds data; a restore would replace it. ` +
        `Run again with --force to replace it (it is first saved beside its folder), or point NEO4J_LOCAL_DIR at a new folder.`,
    );
  }
  let running = false;
  if (wasRunning) {
    say(`Stopping the local Neo4j (pid ${wasRunning}) for the offline load; it is started again afterwards. Meanwhile the API answers DATABASE_UNAVAILABLE.`);
    await localNeo4j.stop();
  }
  try {
    if (holdsData) {
      const saved = localNeo4j.dump(`${local.dir}-replaced-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
      say(`Saved the database being replaced to ${saved.file} (${size(saved.bytes)}).`);
    }
    localNeo4j.load(file, {}, { overwrite: existing });
    if (wasRunning) {
      await localNeo4j.start();
      running = true;
    }
    const entities = await withDatabase(async (exec) => {
      await exec.write(SYSTEM_VIEWER, (tx) => tx.run('reach/new-epoch'));
      const [{ total }] = await exec.query(SYSTEM_VIEWER, 'entities/count', { kind: null });
      return Number(total);
    });
    say(
      `Restored ${file} (${archive.format}, ${size(archive.bytes)} of store files) into the local Neo4j in ${local.dir}: ${entities} entities. ` +
        (wasRunning ? `It is running again at ${local.uri}.` : 'It is stopped; npm start (or npm run neo4j:start) serves it.'),
    );
  } finally {
    if (wasRunning && !running) {
      const { pid } = await localNeo4j.start();
      say(`Started the local Neo4j again (pid ${pid}) at ${local.uri}.`);
    }
  }
}

main().catch((err: Error) => {
  console.error(`restore failed: ${err.message}`);
  process.exit(1);
});
