// Stops the Neo4j that global-setup started (and only that one).
import path from 'node:path';
import { stop } from '../../tools/neo4j/neo4j.mjs';

export default async function globalTeardown() {
  const started = globalThis.__PATHWARDEN_NEO4J__;
  if (started?.startedHere) await stop({ port: started.port, dir: path.join('.neo4j', `test-${started.port}`) });
}
