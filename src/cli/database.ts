/**
 * The database a command-line tool works on: NEO4J_URI when set, else the
 * project's local Neo4j (started if needed, and stopped again afterwards if
 * this started it). The schema is applied first; the driver is closed after.
 */
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { loadConfig } from '../config';
import { Executor } from '../db/executor';

/** `txTimeoutMs` overrides NEO4J_TX_TIMEOUT_MS (a whole-source sync is one long transaction). */
export async function withDatabase<T>(work: (exec: Executor) => Promise<T>, overrides: { txTimeoutMs?: number } = {}): Promise<T> {
  const config = loadConfig();
  let uri = config.neo4j.uri;
  let startedHere = false;
  if (!uri) ({ uri, startedHere } = await localNeo4j.start());
  // A command-line tool waits out a database blip (the driver's retries) rather than failing fast like the API.
  const exec = Executor.connect(uri, { ...config.neo4j, ...overrides, unavailableMs: 0 });
  try {
    await exec.applySchema();
    return await work(exec);
  } finally {
    await exec.close();
    if (startedHere) await localNeo4j.stop();
  }
}
