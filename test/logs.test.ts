/**
 * What the server logs (server/logging.ts, the auditLog plugin of
 * server/app.ts), read from the lines themselves: the API is given a logger
 * writing into memory (test/support/logs.ts), and requests go over real
 * HTTP. Client errors are warnings with their code and no values; the
 * request id is always the server's own, a caller's X-Request-Id is kept
 * beside it as correlationId, and audit events carry the server's id.
 */
import type { AddressInfo } from 'node:net';
import { Executor } from '../src/db/executor';
import { createApi, type Api } from '../src/server/app';
import { graph, named } from './support/fixtures';
import { INGEST, useHarness } from './support/harness';
import { captureLogs, LEVEL, type CapturedLogs, type LogLine } from './support/logs';
import { testSecurity, tokenFor } from './support/security';

const h = useHarness();

const SECRET = 'pw-Secret-4f9c1e-never-logged';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Served {
  api: Api;
  logs: CapturedLogs;
  base: string;
}
const servers: Api[] = [];

async function serve(format: 'json' | 'pretty' = 'json'): Promise<Served> {
  const logs = captureLogs(format);
  const api = await createApi(h.exec, { security: testSecurity(), logger: logs.logger });
  servers.push(api);
  await new Promise<void>((resolve) => api.httpServer.listen(0, '127.0.0.1', resolve));
  return { api, logs, base: `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}` };
}

/** POSTs `body` and returns the status, the body and the server's request id (its x-request-id header). */
async function post(server: Served, body: unknown, { token, headers = {} }: { token: string | null; headers?: Record<string, string> }) {
  const res = await fetch(`${server.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
    body: JSON.stringify(body),
  });
  const id = res.headers.get('x-request-id') as string;
  const json: any = await res.json();
  // The request's own line comes last: once it is written, every line of the request is.
  await server.logs.waitFor((l) => l.req?.id === id);
  return { status: res.status, body: json, id };
}

/** The request's access line, in the terms compared here. */
const requestLine = (lines: LogLine[], id: string) =>
  lines.filter((l) => l.req?.id === id).map((l) => ({ level: l.level, status: l.res.statusCode, code: l.code, correlationId: l.req.correlationId }));
/** The lines the GraphQL layer wrote for a request (errors, mutations). */
const graphqlLines = (lines: LogLine[], id: string) => lines.filter((l) => l.reqId === id).map((l) => ({ level: l.level, msg: l.msg, code: l.code, reason: l.reason }));

let server: Served;
let analyst: string;
let admin: string;

beforeAll(async () => {
  await h.resetTo(graph({ people: [named('person:ann')] }));
  server = await serve();
  analyst = await tokenFor('ANALYST');
  admin = await tokenFor('ADMIN');
});
afterAll(async () => {
  for (const api of servers) await api.apollo.stop();
});

describe('client errors', () => {
  it('logs a syntax error, a validation error and bad variables as warnings with their code, never as internal errors, and never a variable value', async () => {
    const variables = { login: { user: 'ann', password: SECRET } };
    const syntax = await post(server, { query: '{ viewer { id }', variables }, { token: analyst });
    const validation = await post(server, { query: '{ viewer { id password } }', variables }, { token: analyst });
    const unknownField = await post(server, { query: INGEST, variables: { input: { people: [{ id: 'person:x', name: 'X', password: SECRET }] } } }, { token: admin });
    const wrongType = await post(server, { query: 'query($first: Int) { entities(first: $first) { totalCount } }', variables: { first: SECRET } }, { token: analyst });
    const replies = [syntax, validation, unknownField, wrongType];
    // The caller is told what is wrong (graphql-js even quotes its own value back); the log is not.
    expect(replies.map((r) => [r.status, r.body.errors.map((e: any) => e.extensions.code)])).toEqual(replies.map(() => [400, ['BAD_USER_INPUT']]));
    expect(unknownField.body.errors[0].extensions.problems.map((p: any) => p.field)).toEqual(['password']);
    expect(JSON.stringify(wrongType.body)).toContain(SECRET);

    const lines = server.logs.lines();
    expect(replies.map((r) => [...graphqlLines(lines, r.id), ...requestLine(lines, r.id)])).toEqual([
      [{ level: LEVEL.warn, msg: 'client error', code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' }, { level: LEVEL.warn, status: 400 }],
      [{ level: LEVEL.warn, msg: 'client error', code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' }, { level: LEVEL.warn, status: 400 }],
      // A mutation is logged when it is called, before its variables are checked.
      [{ level: LEVEL.info, msg: 'mutation' }, { level: LEVEL.warn, msg: 'client error', code: 'BAD_USER_INPUT' }, { level: LEVEL.warn, status: 400 }],
      [{ level: LEVEL.warn, msg: 'client error', code: 'BAD_USER_INPUT' }, { level: LEVEL.warn, status: 400 }],
    ]);
    expect(lines.filter((l) => l.level >= LEVEL.error)).toEqual([]);
    expect(server.logs.text()).not.toContain(SECRET);
  });

  it('answers subscription { __typename } as a bad request (400 BAD_USER_INPUT) and logs it as a client error', async () => {
    const r = await post(server, { query: 'subscription { __typename }' }, { token: analyst });
    expect([r.status, r.body]).toEqual([
      400,
      { errors: [{ message: 'subscriptions are not served: send a query or a mutation', extensions: { code: 'BAD_USER_INPUT' } }] },
    ]);
    const lines = server.logs.lines();
    expect([...graphqlLines(lines, r.id), ...requestLine(lines, r.id)]).toEqual([
      { level: LEVEL.warn, msg: 'client error', code: 'BAD_USER_INPUT' },
      { level: LEVEL.warn, status: 400 },
    ]);
  });

  it('logs a FORBIDDEN refusal and a request without a credential as warnings naming their code', async () => {
    const forbidden = await post(server, { query: '{ apiKeys { id } }' }, { token: analyst });
    const anonymous = await post(server, { query: '{ viewer { id } }' }, { token: null });
    const lines = server.logs.lines();
    expect([
      [forbidden.status, ...graphqlLines(lines, forbidden.id), ...requestLine(lines, forbidden.id)],
      [anonymous.status, ...graphqlLines(lines, anonymous.id), ...requestLine(lines, anonymous.id)],
    ]).toEqual([
      [403, { level: LEVEL.warn, msg: 'client error', code: 'FORBIDDEN' }, { level: LEVEL.warn, status: 403 }],
      [401, { level: LEVEL.warn, status: 401, code: 'UNAUTHENTICATED' }],
    ]);
  });
});

describe('request ids', () => {
  it("makes its own request id, keeps a caller's X-Request-Id beside it as correlationId, and gives the audit event the server's id", async () => {
    const input = { people: [{ id: 'person:logged', name: 'Logged' }] };
    const r = await post(server, { query: INGEST, variables: { input } }, { token: admin, headers: { 'x-request-id': 'caller-trace-42' } });
    expect([r.status, r.body.errors]).toEqual([200, undefined]);
    expect(r.id).toMatch(UUID);

    const lines = server.logs.lines();
    expect([...graphqlLines(lines, r.id), ...requestLine(lines, r.id)]).toEqual([
      { level: LEVEL.info, msg: 'mutation' },
      { level: LEVEL.info, status: 200, correlationId: 'caller-trace-42' },
    ]);
    // No line takes the caller's id for the server's.
    expect(lines.filter((l) => l.reqId === 'caller-trace-42' || l.req?.id === 'caller-trace-42')).toEqual([]);

    const stored = await h.driver.executeQuery(
      "MATCH (e:AuditEvent {kind: 'INGESTED'}) WHERE 'person:logged' IN e.subjectIds OR e.requestId IN $ids RETURN collect(e.requestId) AS ids",
      { ids: [r.id, 'caller-trace-42'] },
      { database: process.env.NEO4J_DATABASE || undefined },
    );
    expect(stored.records[0].get('ids')).toEqual([r.id]);
  });

  it('makes a new id for every request, even when a caller sends the same X-Request-Id twice, and drops an unsafe one', async () => {
    const first = await post(server, { query: '{ viewer { id } }' }, { token: analyst, headers: { 'x-request-id': 'same-id' } });
    const second = await post(server, { query: '{ viewer { id } }' }, { token: analyst, headers: { 'x-request-id': 'same-id' } });
    const unsafe = await post(server, { query: '{ viewer { id } }' }, { token: analyst, headers: { 'x-request-id': 'a b<script>' } });
    const lines = server.logs.lines();
    expect([first, second, unsafe].map((r) => requestLine(lines, r.id))).toEqual([
      [{ level: LEVEL.info, status: 200, correlationId: 'same-id' }],
      [{ level: LEVEL.info, status: 200, correlationId: 'same-id' }],
      [{ level: LEVEL.info, status: 200 }],
    ]);
    expect(new Set([first.id, second.id, unsafe.id]).size).toBe(3);
    expect(lines.some((l) => JSON.stringify(l).includes('<script>'))).toBe(false);
  });
});

describe('the terminal format', () => {
  it('writes one short readable line per request', async () => {
    const pretty = await serve('pretty');
    const res = await fetch(`${pretty.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}`, 'x-request-id': 'trace-7' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    await res.json();
    const id = res.headers.get('x-request-id');
    const deadline = Date.now() + 2_000;
    while (!pretty.logs.text().includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pretty.logs.text()).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d INFO  POST /graphql 200 \\d+ ms test-analyst ANALYST id ${id} correlation trace-7\\n$`));
  });
});

describe('internal errors', () => {
  it('logs an internal error at error level with its stack and request id, and tells the client only its code', async () => {
    // A real failure the client cannot cause or fix: the database this executor names does not exist.
    const lost = Executor.connect(process.env.NEO4J_URI!, { username: 'neo4j', password: 'neo4j', database: 'nosuchdatabase', txTimeoutMs: 5_000 });
    const logs = captureLogs();
    const broken = await createApi(lost, { security: testSecurity(), logger: logs.logger });
    servers.push(broken);
    await new Promise<void>((resolve) => broken.httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const r = await post({ api: broken, logs, base: `http://127.0.0.1:${(broken.httpServer.address() as AddressInfo).port}` }, { query: '{ entity(id: "x") { id } }' }, { token: analyst });
      expect([r.status, r.body.errors.map((e: any) => [e.message, e.extensions])]).toEqual([200, [['Internal server error', { code: 'INTERNAL_SERVER_ERROR' }]]]);
      const lines = logs.lines().filter((l) => l.reqId === r.id);
      expect(lines.map((l) => ({ level: l.level, msg: l.msg, path: l.path, stack: typeof l.err?.stack === 'string' && l.err.stack.includes('\n    at ') }))).toEqual([
        { level: LEVEL.error, msg: 'internal error', path: ['entity'], stack: true },
      ]);
    } finally {
      await lost.close();
    }
  });
});
