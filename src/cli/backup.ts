/**
 * npm run backup -- FILE [--force]
 *
 * Writes the project's local Neo4j (tools/neo4j) to FILE with Neo4j's own
 * offline `neo4j-admin database dump`; npm run restore loads it back. The
 * dump is offline, so a running local Neo4j is stopped for it and started
 * again afterwards, whether the dump succeeded or not: an operator running
 * this from cron expects a backup, not a refusal, and an API serving this
 * database meanwhile answers DATABASE_UNAVAILABLE at once and recovers by
 * itself (README, Operations). The dump is written beside FILE and renamed
 * into place, so FILE is the whole dump or untouched; an existing FILE is
 * replaced only with --force.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { dumpArgs, size, say } from './dump-file';

async function main(): Promise<void> {
  const { file, force } = dumpArgs('backup', process.argv.slice(2), 'replace FILE if it exists');
  const local = localNeo4j.localConfig();
  if (!localNeo4j.hasDatabase()) throw new Error(`${local.dir} holds no database to back up`);
  // Refused before the database is stopped for nothing.
  if (fs.existsSync(file) && !force) throw new Error(`${file} exists; refusing to overwrite it (--force replaces it)`);
  if (!fs.existsSync(path.dirname(path.resolve(file)))) throw new Error(`${path.dirname(file)}: no such folder`);
  const pid = localNeo4j.runningPid();
  if (pid) {
    say(`Stopping the local Neo4j (pid ${pid}) for the offline dump; it is started again afterwards. Meanwhile the API answers DATABASE_UNAVAILABLE.`);
    await localNeo4j.stop();
  }
  try {
    const written = localNeo4j.dump(file, {}, { overwrite: force });
    say(`Backed up the local Neo4j in ${local.dir} to ${written.file} (${size(written.bytes)}). Restore it with: npm run restore -- ${file}`);
  } finally {
    if (pid) {
      const { pid: again } = await localNeo4j.start();
      say(`Started the local Neo4j again (pid ${again}) at ${local.uri}.`);
    }
  }
}

main().catch((err: Error) => {
  console.error(`backup failed: ${err.message}`);
  process.exit(1);
});
