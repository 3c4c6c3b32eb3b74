// Starts the project's local Neo4j for the test run unless NEO4J_URI points
// at one already (CI starts it in .ci/run; a developer may use their own).
// The test database lives apart from the dev one (.neo4j/test-<port>), since
// tests wipe it. NEO4J_TEST_PORT picks the port (default 7688).
import path from 'node:path';
import { start } from '../../tools/neo4j/neo4j.mjs';
import { ensureChromium } from '../../tools/chromium/ensure.mjs';


export default async function globalSetup() {
  // The console's browser tests drive Debian's Chromium: installed here (with apt) when missing, so `npm test`
  // passes on a fresh machine. A machine where it cannot be installed fails those tests alone, saying why.
  try {
    process.env.PATHWARDEN_CHROMIUM_PATH = ensureChromium();
  } catch (error) {
    process.env.PATHWARDEN_CHROMIUM_PROBLEM = error.message;
  }
  if (process.env.NEO4J_URI) return;
  const port = Number(process.env.NEO4J_TEST_PORT ?? 7688);
  const local = await start({ port, dir: path.join('.neo4j', `test-${port}`) });
  process.env.NEO4J_URI = local.uri;
  globalThis.__PATHWARDEN_NEO4J__ = { port, startedHere: local.startedHere };
}
