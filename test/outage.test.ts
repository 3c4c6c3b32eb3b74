/**
 * A Neo4j outage while the API serves: the database process is killed
 * (SIGKILL, as a crash or an OOM kill would), and every request, reads and
 * writes alike, is answered within the fail-fast bound (NEO4J_FAIL_FAST_MS,
 * 2 s by default) with DATABASE_UNAVAILABLE; the API keeps running; once the
 * database is back the API answers again without a restart, and sees what
 * another process wrote while this one could not reach the database. A
 * transaction in flight when the database dies fails at once, and while a
 * restarted Neo4j compiles its first queries the bound holds too. A write
 * whose commit the dying database may have taken is said to be of unknown
 * outcome, not refused, and is not sent again.
 *
 * It runs its own Neo4j (a port beside the suite's), since it kills it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { GraphQLError } from 'graphql';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { SYSTEM_VIEWER } from '../src/core/viewer';
import { loadConfig } from '../src/config';
import { Executor } from '../src/db/executor';
import { IngestService } from '../src/ingest/service';
import { createApi, type Api } from '../src/server/app';
import { grant, graph, identity, named, system } from './support/fixtures';
import { testSecurity, tokenFor } from './support/security';

jest.setTimeout(240_000);

const suitePort = Number(new URL(process.env.NEO4J_URI!.replace(/^neo4j/, 'http')).port);
const local = { port: suitePort + 100, dir: path.join('.neo4j', `outage-${suitePort + 100}`) };
const uri = `neo4j://127.0.0.1:${local.port}`;

/** The project's own Neo4j launcher (an ES module jest cannot import), run as the command a developer types. */
function neo4jTool(...args: string[]): void {
  execFileSync(process.execPath, ['tools/neo4j/neo4j.mjs', ...args], { env: { ...process.env, NEO4J_LOCAL_PORT: String(local.port), NEO4J_LOCAL_DIR: local.dir }, stdio: 'ignore' });
}
const neo4jPid = () => Number(fs.readFileSync(path.join(local.dir, 'neo4j.pid'), 'utf8'));
const credentials = { username: 'neo4j', password: 'neo4j', database: undefined, txTimeoutMs: 30_000 };
const FAIL_FAST_MS = loadConfig().neo4j.unavailableMs;

let exec: Executor;
let api: Api;
let base: string;
let admin: string;

interface Answer {
  ms: number;
  status: number;
  codes: string[];
  data: unknown;
}

async function ask(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<Answer> {
  const t0 = performance.now();
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { ms: performance.now() - t0, status: res.status, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)), data: body.data ?? null };
}

const BLAST = `query($id: ID!) { blastRadius(from: $id) { systemCount systems(first: 10) { edges { node { system { id } } } } } }`;
const WHO = `query($id: ID!) { whoCanReach(target: $id) { peopleCount } }`;
const ENTITY = `query($id: ID!) { entity(id: $id) { id name } }`;
const INGEST = `mutation($input: IngestInput!) { ingest(input: $input) { entities { created } } }`;

const start = graph({
  people: [named('person:tech')],
  tenants: [named('tenant:acme')],
  identities: [identity('identity:tech-admin', { tenantId: 'tenant:acme' })],
  systems: [system('system:dc01', 'tenant:acme')],
  access: [grant('uses', 'USES', 'person:tech', 'identity:tech-admin'), grant('dc', 'CAN_ACCESS', 'identity:tech-admin', 'system:dc01')],
});

beforeAll(async () => {
  fs.rmSync(local.dir, { recursive: true, force: true });
  neo4jTool('start');
  exec = Executor.connect(uri, { ...credentials, unavailableMs: FAIL_FAST_MS });
  await exec.applySchema();
  api = await createApi(exec, { security: testSecurity() });
  await new Promise<void>((resolve) => api.httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}`;
  admin = await tokenFor('ADMIN');
  const loaded = await ask(INGEST, { input: start });
  expect(loaded.codes).toEqual([]);
});

afterAll(async () => {
  await api?.apollo.stop();
  await exec?.close();
  neo4jTool('stop');
});

it('answers every request within the fail-fast bound while Neo4j is down, then recovers by itself and sees writes made elsewhere', async () => {
  expect((await ask(BLAST, { id: 'person:tech' })).data).toEqual({ blastRadius: { systemCount: 1, systems: { edges: [{ node: { system: { id: 'system:dc01' } } }] } } });
  const PEOPLE = `{ entities(kind: PERSON) { edges { node { id } } } }`;
  const peopleBefore = (await ask(PEOPLE)).data;

  process.kill(neo4jPid(), 'SIGKILL');
  while (!(await portFree(local.port))) await new Promise((r) => setTimeout(r, 50));

  // Forty requests at once, as dashboards and analysts would send them: reads of every kind and a write.
  const requests = Array.from({ length: 40 }, (_, i) => {
    switch (i % 4) {
      case 0:
        return ask(BLAST, { id: 'person:tech' });
      case 1:
        return ask(WHO, { id: 'system:dc01' });
      case 2:
        return ask(ENTITY, { id: 'tenant:acme' });
      default:
        return ask(INGEST, { input: graph({ people: [named(`person:new-${i}`)] }) });
    }
  });
  const answers = await Promise.all(requests);
  // entity is nullable, so its refusal keeps `data: { entity: null }`; the others null the whole answer.
  const refused = (a: Answer) => JSON.stringify({ status: a.status, codes: a.codes, data: a.data });
  expect(new Set(answers.map(refused))).toEqual(
    new Set([JSON.stringify({ status: 200, codes: ['DATABASE_UNAVAILABLE'], data: null }), JSON.stringify({ status: 200, codes: ['DATABASE_UNAVAILABLE'], data: { entity: null } })]),
  );
  expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(FAIL_FAST_MS);
  // Later requests find the circuit open and are refused without waiting for the driver.
  const later = await ask(ENTITY, { id: 'tenant:acme' });
  expect([later.codes, later.ms < FAIL_FAST_MS]).toEqual([['DATABASE_UNAVAILABLE'], true]);
  // A narrowed caller's view is resolved before its operation runs (past the index's staleness bound, that reads the
  // stored version): refused there too, fast, as 503 with the code, never a bare 500.
  await new Promise((r) => setTimeout(r, 1_100));
  const auditor = await ask(WHO, { id: 'system:dc01' }, await tokenFor('TENANT_AUDITOR', { tenant: 'tenant:acme', sub: 'auditor' }));
  expect({ status: auditor.status, codes: auditor.codes, fast: auditor.ms < FAIL_FAST_MS }).toEqual({ status: 503, codes: ['DATABASE_UNAVAILABLE'], fast: true });
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(503);

  // The database comes back; another process (an import) writes before this API asks again.
  neo4jTool('start');
  const other = Executor.connect(uri, credentials);
  try {
    await new IngestService(other, SYSTEM_VIEWER, new Date().toISOString()).ingest(
      graph({ systems: [system('system:fs01', 'tenant:acme')], access: [grant('fs', 'CAN_ACCESS', 'identity:tech-admin', 'system:fs01')] }),
    );
  } finally {
    await other.close();
  }
  const t0 = Date.now();
  let answer = await ask(BLAST, { id: 'person:tech' });
  while (answer.codes.length > 0 && Date.now() - t0 < 10_000) {
    await new Promise((r) => setTimeout(r, 100));
    answer = await ask(BLAST, { id: 'person:tech' });
  }
  expect(answer).toMatchObject({
    codes: [],
    data: { blastRadius: { systemCount: 2, systems: { edges: [{ node: { system: { id: 'system:dc01' } } }, { node: { system: { id: 'system:fs01' } } }] } } },
  });
  // None of the writes refused during the outage was half-written.
  expect((await ask(PEOPLE)).data).toEqual(peopleBefore);
  expect((await fetch(`${base}/health`)).status).toBe(200);
});

it('fails a transaction in flight when Neo4j dies at once, and answers within the bound while a restarted Neo4j warms up', async () => {
  expect((await ask(WHO, { id: 'system:dc01' })).codes).toEqual([]);
  // A unit between two queries when the database dies: its second query finds the connection gone. The driver's own
  // retry (a second later, even with no retry time) is not taken: the API's requests would wait for it.
  const inflight = exec.read(SYSTEM_VIEWER, async (tx) => {
    await tx.run('reach/index-version');
    await new Promise((r) => setTimeout(r, 300));
    return tx.run('reach/index-version');
  });
  await new Promise((r) => setTimeout(r, 100));
  const killedAt = performance.now();
  process.kill(neo4jPid(), 'SIGKILL');
  const failed = await inflight.then(
    () => 'answered',
    () => performance.now() - killedAt,
  );
  expect(typeof failed === 'number' && failed < 800 ? 'failed at once' : failed).toBe('failed at once');
  while (!(await portFree(local.port))) await new Promise((r) => setTimeout(r, 50));

  // Started again, and nothing else has asked it anything: its first queries compile on a cold JVM (one to two
  // seconds here). Requests meanwhile wait for the API's one probe at most half the bound, then are refused.
  neo4jTool('start');
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? ask(BLAST, { id: 'person:tech' }) : i % 3 === 1 ? ask(WHO, { id: 'system:dc01' }) : ask(ENTITY, { id: 'tenant:acme' }))));
  expect(answers.filter((a) => a.ms >= FAIL_FAST_MS || !(a.codes.length === 0 || a.codes[0] === 'DATABASE_UNAVAILABLE'))).toEqual([]);
  const t0 = Date.now();
  let answer = await ask(WHO, { id: 'system:dc01' });
  while (answer.codes.length > 0 && Date.now() - t0 < 10_000) {
    await new Promise((r) => setTimeout(r, 100));
    answer = await ask(WHO, { id: 'system:dc01' });
  }
  expect(answer).toMatchObject({ codes: [], data: { whoCanReach: { peopleCount: 1 } } });
  expect(answer.ms).toBeLessThan(FAIL_FAST_MS);
});

it('says a write whose commit was cut off by the database dying may or may not be written, and does not send it again', async () => {
  while ((await ask(WHO, { id: 'system:dc01' })).codes.length > 0) await new Promise((r) => setTimeout(r, 100));
  const entities = async () => Number((await exec.query(SYSTEM_VIEWER, 'entities/count'))[0].total);
  const before = await entities();
  const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: `person:doubt-${i}`, kind: 'PERSON', label: 'Person', props: { name: `Doubt ${i}` }, at: {} }));
  let tries = 0;
  // The database dies as the work ends, so the commit is sent to a dying server (or to none): from here the outcome cannot be known.
  const cut = exec.write(SYSTEM_VIEWER, async (tx) => {
    tries += 1;
    await tx.run('ingest/create-entities', { rows, now: new Date().toISOString(), source: 'outage-test' });
    if (tries === 1) process.kill(neo4jPid(), 'SIGKILL');
  });
  const refused = await cut.then(
    () => null,
    (error: GraphQLError) => ({ code: error.extensions?.code, writeOutcome: error.extensions?.writeOutcome }),
  );
  expect({ refused, tries }).toEqual({ refused: { code: 'DATABASE_UNAVAILABLE', writeOutcome: 'UNKNOWN' }, tries: 1 });
  while (!(await portFree(local.port))) await new Promise((r) => setTimeout(r, 50));
  neo4jTool('start');
  // Whatever the outcome, it is whole: all of the batch or none of it.
  let written: unknown = null;
  const t0 = Date.now();
  while (written === null && Date.now() - t0 < 20_000) {
    written = await entities().catch(() => null);
    if (written === null) await new Promise((r) => setTimeout(r, 200));
  }
  expect([before, before + rows.length]).toContain(written);
});

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
