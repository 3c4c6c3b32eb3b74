/**
 * Graceful shutdown of the real API process (src/cli/start.ts,
 * src/server/shutdown.ts): on SIGTERM new requests get 503 SHUTTING_DOWN
 * while those in flight finish, then the driver closes, the Neo4j it
 * started stops and it exits 0; a request that never finishes is cut off at
 * PATHWARDEN_SHUTDOWN_GRACE_MS and its write rolled back.
 *
 * A request is kept in flight deterministically: a test transaction holds
 * the lock of the graph version node, which every ingest bumps.
 */
import fs from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { INGEST, useHarness } from './support/harness';
import { graph, named, system } from './support/fixtures';
import { childEnv, healthOnce, post, REPO, startApi } from './support/api-process';
import { blockedWrite, holdLock, noPathwardenTransactions } from './support/locks';
import { alive, until } from './support/processes';

jest.setTimeout(180_000);

const h = useHarness();
const HOLD_GRAPH_STATE = "MATCH (g:GraphState {id: 'graph'}) SET g.held = true";
const batch = (tenant: string) => ({ tenants: [named(tenant)], systems: [0, 1, 2].map((i) => system(`${tenant}:system:${i}`, tenant)) });

describe('SIGTERM to npm start on a Neo4j it started, with an ingest in flight', () => {
  const port = Number(process.env.NEO4J_TEST_PORT ?? 7688) + 1;
  const dir = path.join('.neo4j', `shutdown-${port}`);
  const seen: Record<string, unknown> = {};

  beforeAll(async () => {
    const api = await startApi(childEnv({}, { port, dir }), ['--empty']);
    const neo4jPid = Number(fs.readFileSync(path.join(REPO, dir, 'neo4j.pid'), 'utf8'));
    const driver = neo4j.driver(`neo4j://127.0.0.1:${port}`, neo4j.auth.basic('neo4j', 'neo4j'));
    try {
      // The first write makes the graph version node whose lock the test then holds.
      expect((await post(api.base, INGEST, { input: graph(batch('tenant:first')) })).status).toBe(200);
      const lock = await holdLock(driver, HOLD_GRAPH_STATE);
      const slow = post(api.base, INGEST, { input: batch('tenant:slow') });
      await blockedWrite(driver);

      process.kill(api.pid, 'SIGTERM');
      seen.health = await healthOnce(api.base, 503);
      seen.newRequest = await post(api.base, '{ viewer { id } }');
      seen.slowStillRunning = await blockedWrite(driver, 5_000).then(() => true, () => false);

      await lock.release();
      seen.slow = await slow.then((a) => ({ status: a.status, data: a.body.data, errors: a.body.errors ?? null }), (error: Error) => ({ cutOff: error.message }));
    } finally {
      await driver.close();
    }
    seen.exitCode = await api.exited;
    await until(() => !alive(neo4jPid), 60_000, `Neo4j (pid ${neo4jPid}) to stop`).catch(() => undefined);
    seen.neo4jAlive = alive(neo4jPid);
  });

  afterAll(() => fs.rmSync(path.join(REPO, dir), { recursive: true, force: true }));

  it('answers new requests 503 SHUTTING_DOWN with Connection: close, and /health 503 "shutting down", while the ingest is still running', () => {
    expect({ health: seen.health, newRequest: seen.newRequest, slowStillRunning: seen.slowStillRunning }).toEqual({
      health: { status: 503, connection: 'close', body: { status: 'shutting down' } },
      newRequest: { status: 503, connection: 'close', body: { errors: [{ message: expect.stringContaining('shutting down'), extensions: { code: 'SHUTTING_DOWN' } }] } },
      slowStillRunning: true,
    });
  });

  it('lets the ingest in flight finish with 200 and its data, then exits 0 and stops the Neo4j it started', () => {
    expect({ slow: seen.slow, exitCode: seen.exitCode, neo4jAlive: seen.neo4jAlive }).toEqual({
      slow: {
        status: 200,
        data: { ingest: { entities: { created: 4, updated: 0 }, ownerships: { created: 0, updated: 0 }, access: { created: 0, updated: 0 } } },
        errors: null,
      },
      exitCode: 0,
      neo4jAlive: false,
    });
  });
});

it('cuts off a request still running at PATHWARDEN_SHUTDOWN_GRACE_MS, exits 0 all the same, and its ingest is rolled back whole', async () => {
  await h.resetTo(graph(batch('tenant:first')));
  const before = await h.count('MATCH (n) RETURN count(n)');
  const api = await startApi(childEnv({ PATHWARDEN_SHUTDOWN_GRACE_MS: '1000', NEO4J_TX_TIMEOUT_MS: '300000' }));
  const lock = await holdLock(h.driver, HOLD_GRAPH_STATE);
  let exitedWhileHeld: boolean;
  let stuck: unknown;
  try {
    const request = post(api.base, INGEST, { input: batch('tenant:stuck') }).then((a) => ({ status: a.status }), () => 'connection closed');
    await blockedWrite(h.driver);
    process.kill(api.pid, 'SIGTERM');
    // Without the bound, the process would wait for the ingest, which waits for this lock (up to its 300 s time limit).
    let timer: NodeJS.Timeout | undefined;
    exitedWhileHeld = await Promise.race([api.exited.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 30_000)))]);
    clearTimeout(timer);
    stuck = await request;
  } finally {
    await lock.release();
  }
  await noPathwardenTransactions(h.driver);
  expect({
    exitedWhileHeld,
    exitCode: await api.exited,
    stuck,
    said: api.output().includes('1 request(s) still running after 1000 ms (PATHWARDEN_SHUTDOWN_GRACE_MS) were cut off'),
    written: await h.count("MATCH (n:Entity) WHERE n.id STARTS WITH 'tenant:stuck' RETURN count(n)"),
    nodes: await h.count('MATCH (n) RETURN count(n)'),
  }).toEqual({ exitedWhileHeld: true, exitCode: 0, stuck: 'connection closed', said: true, written: 0, nodes: before });
});
