import type { AddressInfo } from 'node:net';
import { createApi, type Api } from '../src/server/app';
import { useHarness } from './support/harness';
import { testSecurity, tokenFor } from './support/security';
import { grant, graph, identity, named, own, system } from './support/fixtures';

const h = useHarness();
let api: Api;
let base: string;
let token: string;
beforeAll(async () => {
  await h.resetTo(graph({ people: [named('alice')], identities: [identity('adm')], tenants: [named('acme')], systems: [system('acme-dc01', 'acme')], ownerships: [own('alice', 'adm')], access: [grant('u1', 'USES', 'alice', 'adm'), grant('c1', 'CAN_ACCESS', 'adm', 'acme-dc01')] }));
  api = await createApi(h.exec, { security: testSecurity({ introspection: false, ide: false, limits: { tokens: 200, body: '10kb', batch: 5 } }) });
  token = await tokenFor('ANALYST');
  await new Promise<void>((r) => api.httpServer.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}`;
});
afterAll(() => api.apollo.stop());
const raw = (body: string, headers: Record<string,string> = {}) => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });
async function show(label: string, body: string, headers?: Record<string,string>) {
  const res = await raw(body, headers);
  console.log(label, res.status, JSON.stringify(Object.fromEntries(res.headers)), await res.text());
}
it('probe', async () => {
  await show('first', JSON.stringify({ query: '{ entities(first: 100000) { totalCount } }' }));
  await show('first1001', JSON.stringify({ query: '{ entities(first: 1001) { totalCount } }' }));
  await show('ap', JSON.stringify({ query: '{ accessPaths(from: "alice", to: "acme-dc01", first: 101) { length } }' }));
  await show('syntax', JSON.stringify({ query: '{ entity(id: ' }));
  await show('unknown', JSON.stringify({ query: '{ entitie { totalCount } }' }));
  await show('unknownarg', JSON.stringify({ query: '{ entities(frist: 3) { totalCount } }' }));
  await show('enum', JSON.stringify({ query: '{ entities(kind: PERSN) { totalCount } }' }));
  await show('varenum', JSON.stringify({ query: 'query($k: EntityKind) { entities(kind: $k) { totalCount } }', variables: { k: 'PERSN' } }));
  await show('varint', JSON.stringify({ query: 'query($f: Int) { entities(first: $f) { totalCount } }', variables: { f: 'ten' } }));
  await show('varinput', JSON.stringify({ query: 'mutation($i: IngestInput!) { ingest(input: $i) { entities { created } } }', variables: { i: { peple: [] } } }));
  await show('intro', JSON.stringify({ query: '{ __schema { types { name } } }' }));
  await show('typename', JSON.stringify({ query: '{ __typename }' }));
  await show('malformed', '{"query": ');
  await show('big', JSON.stringify({ query: '{ viewer { id } }', pad: 'x'.repeat(50_000) }));
  await show('text', '{ viewer { id } }', { 'content-type': 'text/plain' });
  await show('noct', '{"query":"{ viewer { id } }"}', { 'content-type': '' });
  await show('string', '"hello"');
  await show('null', 'null');
  await show('num', '42');
  await show('arrstr', '["a","b"]');
  await show('emptyobj', '{}');
  await show('querynum', '{"query": 5}');
  await show('tokens', JSON.stringify({ query: `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }` }));
  await show('empty', '[]');
  await show('batch6', JSON.stringify(Array(6).fill({ query: '{ viewer { id } }' })));
  await show('reqid', JSON.stringify({ query: '{ viewer { id } }' }), { 'x-request-id': 'abc-123' });
  await show('reqidbad', JSON.stringify({ query: '{ viewer { id } }' }), { 'x-request-id': 'a b<script>' });
  await show('ide', '');
  const ide = await fetch(`${base}/ide`); console.log('ide', ide.status, JSON.stringify(Object.fromEntries(ide.headers)), await ide.text());
  const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`, { headers: { authorization: `Bearer ${token}` } }); console.log('get', get.status, await get.text());
  const getm = await fetch(`${base}/graphql?query=${encodeURIComponent('mutation { revokeApiKey(id: "x") { id } }')}`, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } }); console.log('getm', getm.status, await getm.text());
});
