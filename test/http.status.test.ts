/**
 * The HTTP status of a FORBIDDEN, over real HTTP (docs/security.md, "HTTP
 * status"; errors.ts, REFUSAL_STATUS). The rule: the status says whether the
 * operation ran. Refused as a whole before it executes (the role guard) is
 * 403 with no `data`; refused by a resolver while it executes (an OWNER
 * asking about someone else, certifying what they do not own) is a field
 * error, 200 with `data` and `errors`. Every way FORBIDDEN can arise is
 * sent here, each compared with the status the rule gives it.
 */
import type { AddressInfo } from 'node:net';
import { createApi, type Api } from '../src/server/app';
import { graph, grant, identity, named, own, system, tool } from './support/fixtures';
import { INGEST, useHarness } from './support/harness';
import { testSecurity, tokenFor } from './support/security';

const h = useHarness();

//   ann -USES[u1]-> adm-ann -CAN_ACCESS[c1]-> rmm -CAN_ACCESS[c2]-> acme-dc (of acme); ann owns adm-ann, not rmm.
const GRAPH = graph({
  people: [named('person:ann'), named('person:bob')],
  identities: [identity('adm-ann')],
  tools: [tool('rmm')],
  tenants: [named('acme')],
  systems: [system('acme-dc', 'acme')],
  ownerships: [own('person:ann', 'adm-ann')],
  access: [grant('u1', 'USES', 'person:ann', 'adm-ann'), grant('c1', 'CAN_ACCESS', 'adm-ann', 'rmm'), grant('c2', 'CAN_ACCESS', 'rmm', 'acme-dc')],
});

let api: Api;
let base: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  await h.resetTo(GRAPH);
  api = await createApi(h.exec, { security: testSecurity() });
  await new Promise<void>((resolve) => api.httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}`;
  tokens.ANALYST = await tokenFor('ANALYST');
  tokens.OWNER = await tokenFor('OWNER', { person: 'person:ann', sub: 'ann' });
  tokens.TENANT_AUDITOR = await tokenFor('TENANT_AUDITOR', { tenant: 'acme', sub: 'auditor' });
  tokens.INGEST = await tokenFor('INGEST');
});
afterAll(async () => {
  await api.apollo.stop();
});

/** Status, whether the answer has `data`, and each error's code, for `body` sent as `role`. */
async function send(role: string, body: unknown): Promise<{ status: number; data: boolean | 'batch'; codes: unknown }> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
    body: JSON.stringify(body),
  });
  const json: any = await res.json();
  if (Array.isArray(json)) return { status: res.status, data: 'batch', codes: json.map((r) => ('data' in r ? 'data' : (r.errors ?? []).map((e: any) => e.extensions.code))) };
  return { status: res.status, data: 'data' in json, codes: (json.errors ?? []).map((e: any) => e.extensions.code) };
}

const REFUSED = { status: 403, data: false, codes: ['FORBIDDEN'] };
const FIELD_ERROR = { status: 200, data: true, codes: ['FORBIDDEN'] };

it('answers 403 with no data when the role guard refuses the whole operation, however the forbidden field is reached', async () => {
  const answers = {
    'a forbidden query': await send('ANALYST', { query: '{ apiKeys { id } }' }),
    'a forbidden field beside an allowed one': await send('OWNER', { query: '{ viewer { id } auditTrail { totalCount } }' }),
    'a forbidden field in a fragment': await send('TENANT_AUDITOR', { query: '{ ...F } fragment F on Query { ownerReach(personId: "person:ann") { entity { id } } }' }),
    'a forbidden mutation': await send('ANALYST', { query: INGEST, variables: { input: { people: [named('person:new')] } } }),
    'a read by INGEST': await send('INGEST', { query: '{ entities { totalCount } }' }),
  };
  expect(answers).toEqual({
    'a forbidden query': REFUSED,
    'a forbidden field beside an allowed one': REFUSED,
    'a forbidden field in a fragment': REFUSED,
    'a forbidden mutation': REFUSED,
    'a read by INGEST': REFUSED,
  });
  expect(await h.count("MATCH (n {id: 'person:new'}) RETURN count(n)")).toBe(0);
});

it('answers 200 with data and the FORBIDDEN field error when a resolver refuses while the operation runs', async () => {
  const answers = {
    'an OWNER asking for another owner\'s reach': await send('OWNER', { query: '{ viewer { id } ownerReach(personId: "person:bob") { entity { id } } }' }),
    'an OWNER asking for another owner\'s due recertifications': await send('OWNER', { query: '{ recertificationsDue(ownerId: "person:bob", before: "2030-01-01T00:00:00Z") { dueAt } }' }),
    'an OWNER certifying a record of what they do not own': await send('OWNER', {
      query: 'mutation { certifyAccess(id: "c2", certifiedById: "person:ann", note: "looks fine") { access { id } } }',
    }),
  };
  expect(answers).toEqual({
    'an OWNER asking for another owner\'s reach': FIELD_ERROR,
    'an OWNER asking for another owner\'s due recertifications': FIELD_ERROR,
    'an OWNER certifying a record of what they do not own': FIELD_ERROR,
  });
  expect(await h.count("MATCH ()-[r:ACCESS {id: 'c2'}]->() WHERE r.lastCertifiedAt IS NOT NULL RETURN count(r)")).toBe(0);
});

it('answers a batch holding a refused operation with that refusal\'s 403, and the allowed operation beside it with its data', async () => {
  expect(await send('ANALYST', [{ query: '{ viewer { id } }' }, { query: '{ apiKeys { id } }' }])).toEqual({ status: 403, data: 'batch', codes: ['data', ['FORBIDDEN']] });
});

it('tells no proxy or browser to keep any answer or refusal: every /graphql and /metrics response says cache-control no-store', async () => {
  const post = (authorization: string | null, body: unknown) =>
    fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });
  const responses = {
    answer: await post(`Bearer ${tokens.ANALYST}`, { query: '{ blastRadius(from: "person:ann") { systems { totalCount } } }' }),
    'field error': await post(`Bearer ${tokens.OWNER}`, { query: '{ ownerReach(personId: "person:bob") { entity { id } } }' }),
    'refused operation': await post(`Bearer ${tokens.ANALYST}`, { query: '{ apiKeys { id } }' }),
    'no credential': await post(null, { query: '{ viewer { id } }' }),
    'malformed GraphQL': await post(`Bearer ${tokens.ANALYST}`, { query: '{ viewer { id }' }),
    // Findings and gaps per code are confidential too.
    metrics: await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${tokens.ANALYST}` } }),
  };
  const seen = Object.fromEntries(Object.entries(responses).map(([name, res]) => [name, [res.status, res.headers.get('cache-control')]]));
  expect(seen).toEqual({
    answer: [200, 'no-store'],
    'field error': [200, 'no-store'],
    'refused operation': [403, 'no-store'],
    'no credential': [401, 'no-store'],
    'malformed GraphQL': [400, 'no-store'],
    metrics: [200, 'no-store'],
  });
});
