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
  api = await createApi(h.exec, { security: testSecurity({ introspection: false, limits: { batch: 5 } }) });
  token = await tokenFor('ADMIN');
  await new Promise<void>((r) => api.httpServer.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}`;
});
afterAll(() => api.apollo.stop());
const raw = (body: string, headers: Record<string,string> = {}) => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });
async function show(label: string, body: unknown) {
  const t0 = Date.now();
  const res = await raw(JSON.stringify(body));
  console.log(label, res.status, Date.now() - t0, (await res.text()).slice(0, 1500));
}
const nest = (n: number, leaf = 'id') => { let s = leaf; for (let i = 0; i < n; i++) s = `owners { owner { id ... on Identity { ${s} } } }`; return s; };
it('probe', async () => {
  await show('d12', { query: `{ entity(id: "adm") { ... on Identity { ${nest(5)} } } }` });
  await show('d13', { query: `{ entity(id: "adm") { ... on Identity { ${nest(5, 'owners { role }')} } } }` });
  await show('blastdeep', { query: `{ blastRadius(from: "alice") { systems { edges { node { path { steps { access { from { ... on Identity { owners { owner { ... on Identity { owners { role } } } } } } } } } } } } } }` });
  const frags = Array.from({ length: 7 }, (_, i) => `fragment F${i} on Identity { owners { owner { id ${i < 6 ? `...F${i + 1}` : ''} } } }`).join('\n');
  await show('fragdeep', { query: `{ entity(id: "adm") { ...F0 } }\n${frags}` });
  const bomb = Array.from({ length: 16 }, (_, i) => `fragment B${i} on ViewerInfo { ${i < 15 ? `...B${i + 1} ...B${i + 1}` : 'id'} }`).join('\n');
  await show('bomb', { query: `{ viewer { ...B0 } }\n${bomb}` });
  const al = (n: number, f: (i: number) => string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${f(i)}`).join(' ')} }`;
  await show('alias blast sc', { query: al(50, () => 'blastRadius(from: "alice") { systemCount }') });
  await show('alias blast sys', { query: al(50, () => 'blastRadius(from: "alice") { systems(first: 1000) { edges { node { path { steps { from { id } } } } } } }') });
  await show('alias unacc tc', { query: al(50, () => 'unaccountablePaths { totalCount }') });
  await show('alias unacc 100', { query: al(100, () => 'unaccountablePaths { totalCount }') });
  await show('alias unacc ex', { query: al(50, () => 'unaccountablePaths { edges { node { example { steps { from { id } } } } } }') });
  await show('alias unacc ex null', { query: al(50, () => 'unaccountablePaths(first: null) { edges { node { example { steps { from { id } } } } } }') });
  await show('first null 1', { query: '{ entities(first: null) { edges { node { id } } } }' });
  await show('blast sys 1e5', { query: '{ blastRadius(from: "alice") { systems(first: 100000) { totalCount } } }' });
  await show('unacc 1e5', { query: '{ unaccountablePaths(first: 100000) { totalCount } }' });
  await show('ap 1e6', { query: '{ accessPaths(from: "alice", to: "acme-dc01", first: 1000000) { length } }' });
  await show('ent 1e5 var', { query: 'query($f: Int) { entities(first: $f) { totalCount } }', variables: { f: 100000 } });
  await show('int32', { query: '{ entities(first: 2147483648) { totalCount } }' });
  await show('zero', { query: '{ entities(first: 0) { totalCount } }' });
  await show('neg', { query: '{ entities(first: -5) { totalCount } }' });
  await show('mixed batch', [{ query: '{ viewer { id } }' }, { query: `{ entity(id: "adm") { ... on Identity { ${nest(5, 'owners { role }')} } } }` }, { query: '{ entity(id: ' }]);
  await show('varinput', { query: 'mutation($i: IngestInput!) { ingest(input: $i) { entities { created } } }', variables: { i: { peple: [] } } });
  await show('varinput2', { query: 'mutation($i: IngestInput!) { ingest(input: $i) { entities { created } } }', variables: { i: { people: [{ id: 'x', nme: 'y' }] } } });
  await show('over5000', { query: 'mutation($i: IngestInput!) { ingest(input: $i) { entities { created } } }', variables: { i: { people: Array.from({ length: 5001 }, (_, i) => ({ id: `p${i}`, name: 'P' })) } } });
  await show('apikeys', { query: '{ apiKeys { id } }' });
});
