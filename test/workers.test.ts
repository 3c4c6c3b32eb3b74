/**
 * npm start with PATHWARDEN_WORKERS=2 (src/server/workers.ts): two API
 * processes on one port, each with its own reach index. Both serve; a
 * client's write is seen by its very next request whichever process takes
 * it (the siblings are told before the write returns; the test sets a
 * staleness bound of 10 minutes, which would otherwise hide it); a worker that dies
 * is replaced and the port keeps answering; SIGTERM stops them all.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { signToken } from '../src/auth/tokens';
import { childEnv, startApi, type ApiProcess } from './support/api-process';
import { alive, until } from './support/processes';
import { testSecurity } from './support/security';
import { useHarness } from './support/harness';

jest.setTimeout(240_000);
const h = useHarness();
let api: ApiProcess;
let admin: string;

/** One request on a connection of its own (no keep-alive), so the operating system may hand it to either process. */
function fresh(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const url = new URL(path, api.base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent: false, headers: { authorization: `Bearer ${admin}`, connection: 'close', ...(payload ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The API workers: the children of the primary that run start.ts (the console bundler is one too). */
const workerPids = () => execFileSync('pgrep', ['-P', String(api.pid), '-f', 'cli/start.ts']).toString().trim().split('\n').map(Number);

const gql = async (query: string, variables: Record<string, unknown> = {}) => JSON.parse((await fresh('POST', '/graphql', { query, variables })).text);

/** The worker ids that answered `tries` scrapes of /metrics, each on its own connection. */
async function workersAnswering(tries: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < tries; i++) {
    const { text } = await fresh('GET', '/metrics');
    const id = /worker="(\d+)"/.exec(text)?.[1];
    if (id) seen.add(id);
  }
  return seen;
}

beforeAll(async () => {
  await h.reset();
  admin = await signToken(testSecurity().jwt, { sub: 'test-admin', role: 'ADMIN' }, '1h');
  // A staleness bound of 10 minutes: without being told, a process would not see its sibling's write for that long.
  api = await startApi(childEnv({ PATHWARDEN_WORKERS: '2', PATHWARDEN_INDEX_STALENESS_MS: '600000' }));
});

afterAll(async () => {
  if (api && alive(api.pid)) process.kill(api.pid, 'SIGTERM');
  await api?.exited;
});

it('serves one port from two processes', async () => {
  expect(api.output()).toContain('by 2 API processes (PATHWARDEN_WORKERS)');
  expect((await workersAnswering(30)).size).toBe(2);
});

it("shows a client's write to its next request, whichever process takes it", async () => {
  const BR = `query($id: ID!) { blastRadius(from: $id) { systems(first: 1000) { edges { node { system { id } } } } } }`;
  // Both processes hold an index already (each answered reach questions), so neither would read the stored version again on its own.
  for (let i = 0; i < 10; i++) expect((await gql(BR, { id: 'identity:adm-alice-ng' })).errors).toBeUndefined();
  const INGEST = `mutation($input: IngestInput!) { ingest(input: $input) { access { created } } }`;
  for (let round = 0; round < 6; round++) {
    const person = `person:rw-${round}`;
    const written = await gql(INGEST, {
      input: { people: [{ id: person, name: `Read-your-writes ${round}` }], access: [{ id: `access:rw-${round}`, kind: 'USES', fromId: person, toId: 'identity:adm-alice-ng' }] },
    });
    expect(written.errors).toBeUndefined();
    const alice = (await gql(BR, { id: 'identity:adm-alice-ng' })).data.blastRadius.systems.edges.map((e: any) => e.node.system.id);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await gql(BR, { id: person })).data?.blastRadius.systems.edges.map((e: any) => e.node.system.id));
    expect(answers).toEqual([alice, alice, alice, alice]);
  }
});

it('replaces a process that dies, and the port keeps answering', async () => {
  const before = await workersAnswering(30);
  expect(before.size).toBe(2);
  // The workers are the API process's children; kill one of them outright.
  const children = workerPids();
  expect(children.length).toBe(2);
  process.kill(children[0], 'SIGKILL');
  await until(() => api.output().includes('its replacement serves'), 120_000, 'a replacement worker to serve');
  const now = workerPids();
  expect(now.length).toBe(2);
  expect(now).not.toContain(children[0]);
  const after = await workersAnswering(40);
  expect(after.size).toBe(2);
  expect((await gql(`{ viewer { id } }`)).data).toEqual({ viewer: { id: 'test-admin' } });
});

it('stops every process on SIGTERM', async () => {
  const children = workerPids();
  process.kill(api.pid, 'SIGTERM');
  expect(await api.exited).toBe(0);
  expect(children.filter(alive)).toEqual([]);
});
