/**
 * Run by test/support/admin-import.ts with tsx (jest cannot load
 * tools/neo4j/neo4j.mjs, which the admin import drives): loads one native
 * JSON document, valid, into the local Neo4j that NEO4J_LOCAL_PORT/DIR name,
 * replacing what it holds, at the load time given, and prints the result
 * as JSON. The database is left running.
 *   tsx test/support/admin-import-main.ts FILE NOW
 */
import fs from 'node:fs';
import { adminImport } from '../../src/bulk/admin-import';
import type { IngestInput } from '../../src/generated/graphql';

const [file, now] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(file, 'utf8')) as IngestInput;
adminImport(() => [input], { overwrite: true, now })
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((err: Error) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
