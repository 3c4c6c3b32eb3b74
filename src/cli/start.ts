/**
 * npm start: the API on the demo graph, in one command.
 *   1. starts the project's local Neo4j unless NEO4J_URI names another one;
 *   2. applies the schema (idempotent);
 *   3. loads the demo MSP and its audit history into an empty database (never into one with data);
 *   4. serves GraphQL at /graphql, the IDE at /ide, /health;
 *   5. prints the URL, one bearer token per demo role and three example queries.
 * Tokens: signed with PATHWARDEN_JWT_SECRET when it is set; otherwise (and not
 * in production) with a random secret made for this run, so they stop working
 * when it stops.
 * Options (after `npm start --`):
 *   --fresh  start the local database from an empty folder, then load the demo;
 *   --empty  start the local database from an empty folder and load nothing.
 * Both only ever touch the project's own local database folder (.neo4j/dev).
 */
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { randomBytes } from 'node:crypto';
import { signToken } from '../auth/tokens';
import { SYSTEM_VIEWER } from '../auth/viewer';
import { loadConfig } from '../config';
import { Executor } from '../db/executor';
import { demoCallers, demoExamples, demoGraph } from '../demo/demo-graph';
import { loadDemoHistory } from '../demo/demo-history';
import type { IngestInput } from '../generated/graphql';
import { IngestService } from '../ingest/service';
import { createApi } from '../server/app';

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
  let startedHere = false;
  if (uri) {
    if (wipe) throw new Error('--fresh and --empty apply to the local database only; unset NEO4J_URI to use them');
  } else {
    const local = await localNeo4j.start({}, { fresh: wipe });
    uri = local.uri;
    startedHere = local.startedHere;
  }

  const exec = Executor.connect(uri, config.neo4j);
  // Whatever fails from here on, the Neo4j this command started must not be left running.
  const abandon = async (err: Error): Promise<never> => {
    await exec.close();
    if (startedHere) await localNeo4j.stop();
    throw err;
  };
  await exec.applySchema().catch(abandon);
  const [{ total }] = await exec.query(SYSTEM_VIEWER, 'entities/count', { kind: null }).catch(abandon);
  if (!flags.has('--empty') && Number(total) === 0) {
    const result = await new IngestService(exec, SYSTEM_VIEWER, new Date().toISOString()).ingest(demoGraph as IngestInput).catch(abandon);
    await loadDemoHistory(exec).catch(abandon);
    console.log(`Loaded the demo MSP: ${result.entities.created} entities, ${result.ownerships.created} owner links, ${result.access.created} access records, and a few weeks of its audit history.`);
  } else if (Number(total) > 0) {
    console.log(`The database already holds ${total} entities; the demo was not loaded (npm start -- --fresh reloads it).`);
  }

  const api = await createApi(exec, { initialQuery: demoExamples[0]?.query, security });
  await new Promise<void>((resolve, reject) => {
    api.httpServer.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${config.port} on ${config.host} is in use; set PORT to another one`) : err),
    );
    api.httpServer.listen(config.port, config.host, resolve);
  }).catch(abandon);
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  console.log(`\nPathWarden is serving ${base}/graphql  (IDE: ${base}/ide, health: ${base}/health)`);
  console.log(`Neo4j: ${uri}${startedHere ? ' (started by npm start)' : ''}. Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s.\n`);
  if (security.jwt.secret) {
    console.log(`Bearer tokens for the demo roles (valid 12 h${ephemeral ? ', signed with a secret made for this run' : ''}):`);
    for (const caller of demoCallers) {
      const token = await signToken(security.jwt, { sub: caller.sub, role: caller.role, person: caller.person, tenant: caller.tenant });
      console.log(`  ${caller.role.padEnd(14)} ${caller.note}\n  ${token}\n`);
    }
  }
  console.log('In the IDE, set the header Authorization: Bearer <token>. With curl:');
  console.log(`  curl -H "authorization: Bearer $TOKEN" -H "content-type: application/json" -d '{"query":"{ viewer { id role } }"}' ${base}/graphql\n`);
  console.log('Try these:\n');
  for (const example of demoExamples) console.log(`# ${example.title}\n${example.query.trim()}\n`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    await api.apollo.stop();
    await exec.close();
    if (startedHere) await localNeo4j.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: Error) => {
  console.error(`npm start failed: ${err.message}`);
  process.exit(1);
});
