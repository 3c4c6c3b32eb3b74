/**
 * The HTTP surface: GraphQL over POST, /health with and without a database,
 * the offline IDE, and what an error may carry.
 */
import type { AddressInfo } from 'node:net';
import { Executor } from '../src/db/executor';
import { createApi, type Api } from '../src/server/app';
import { CONSOLE_CSP } from '../src/console/router';
import { harness, type Harness } from './support/harness';
import { testSecurity, tokenFor } from './support/security';

let h: Harness;
let api: Api;
let base: string;
let token: string;

beforeAll(async () => {
  h = await harness();
  await h.reset();
  api = await createApi(h.exec, { security: testSecurity() });
  token = await tokenFor('ANALYST');
  await new Promise<void>((resolve) => api.httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await api.apollo.stop();
  await h.close();
});

const post = (body: unknown) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

it('reports a connected database on /health', async () => {
  const res = await fetch(`${base}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', database: { connected: true, version: expect.stringMatching(/^5\.26\./), edition: 'community' } });
});

it('reports 503 on /health when the database cannot be reached, without the driver message', async () => {
  const dead = Executor.connect('bolt://127.0.0.1:1', { username: 'neo4j', password: 'x', database: undefined, txTimeoutMs: 1000, retryMs: 500 });
  const other = await createApi(dead, { security: testSecurity() });
  await new Promise<void>((resolve) => other.httpServer.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(other.httpServer.address() as AddressInfo).port}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', database: { connected: false } });
  } finally {
    await other.apollo.stop();
    await dead.close();
  }
});

it('answers GraphQL over HTTP POST', async () => {
  const res = await post({ query: '{ entities { totalCount } }' });
  expect(await res.json()).toEqual({ data: { entities: { totalCount: 0 } } });
});

it('serves the IDE page and its assets from this server only', async () => {
  const page = await fetch(`${base}/ide`);
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  const external = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => /^(https?:)?\/\//.test(u));
  expect(external).toEqual([]);
  const script = html.match(/<script[^>]+src="([^"]+\.js)"/)?.[1] as string;
  const asset = await fetch(new URL(script, `${base}/ide/`));
  expect(asset.status).toBe(200);
  const home = await fetch(`${base}/`, { redirect: 'manual' });
  expect([home.status, home.headers.get('content-security-policy')]).toEqual([200, CONSOLE_CSP]);
});

it('keeps stack traces and internals out of error responses', async () => {
  const parse: any = await (await post({ query: '{ entity(id: ' })).json();
  const notFound: any = await (await post({ query: '{ blastRadius(from: "nope") { systemCount } }' })).json();
  expect(parse.errors.map((e: any) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' }]);
  expect(notFound.errors.map((e: any) => [e.message, e.extensions])).toEqual([
    ['from: no entity with id "nope"', { code: 'NOT_FOUND', argument: 'from', id: 'nope' }],
  ]);
});

it('turns an unavailable database into DATABASE_UNAVAILABLE, not a driver message', async () => {
  const dead = Executor.connect('bolt://127.0.0.1:1', { username: 'neo4j', password: 'x', database: undefined, txTimeoutMs: 1000, retryMs: 500 });
  const other = await createApi(dead, { security: testSecurity() });
  await new Promise<void>((resolve) => other.httpServer.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(other.httpServer.address() as AddressInfo).port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ entity(id: "x") { id } }' }),
    });
    const body: any = await res.json();
    expect(body.errors.map((e: any) => [e.message, e.extensions])).toEqual([
      ['The graph database is unavailable; try again shortly.', { code: 'DATABASE_UNAVAILABLE' }],
    ]);
  } finally {
    await other.apollo.stop();
    await dead.close();
  }
});
