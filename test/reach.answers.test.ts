/**
 * Kept reach answers (src/reach/answers.ts): the later pages of an answer are
 * slices of the one computed for the first, and a kept answer is never served
 * where it no longer holds: after a write, at an asOf past a grant or a
 * revocation, or to a viewer whose scope differs. Every answer here is kept
 * (the threshold is lowered to one entity), so each comparison is between a
 * kept answer and what the graph says at that moment.
 *
 * acme ==> acme-s1..s6, beta ==> beta-s1..s3
 *   alice -USES-> adm-alice -CAN_ACCESS-> acme-s1..s6            (2)
 *   alice -USES-> adm-alice -CAN_ACCESS-> beta-s1 [late]          granted 2026-03-01
 *   alice -USES-> adm-alice -CAN_ACCESS-> beta-s2 [leaving]       revoked 2026-04-01
 */
import { answers } from '../src/reach/answers';
import { useHarness } from './support/harness';
import { grant, graph, identity, named, system } from './support/fixtures';
import { walkPages } from './support/pages';

const h = useHarness();

const BLAST = `query($from: ID!, $asOf: DateTime, $first: Int, $after: String) {
  blastRadius(from: $from, asOf: $asOf) { systemCount tenants { tenant { id } systemCount } systems(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { system { id } distance } } } }
}`;
const WHO = `query($target: ID!, $asOf: DateTime) { whoCanReach(target: $target, asOf: $asOf) { people(first: 100) { edges { node { entity { id } distance } } } } }`;

const acme = Array.from({ length: 6 }, (_, i) => system(`acme-s${i + 1}`, 'acme'));
const beta = Array.from({ length: 3 }, (_, i) => system(`beta-s${i + 1}`, 'beta'));
const GRAPH = graph({
  people: [named('alice'), named('bob')],
  identities: [identity('adm-alice'), identity('adm-bob')],
  tenants: [named('acme'), named('beta')],
  systems: [...acme, ...beta],
  access: [
    grant('u-alice', 'USES', 'alice', 'adm-alice'),
    grant('u-bob', 'USES', 'bob', 'adm-bob'),
    ...acme.map((s) => grant(`a-${s.id}`, 'CAN_ACCESS', 'adm-alice', s.id)),
    grant('late', 'CAN_ACCESS', 'adm-alice', 'beta-s1', { grantedAt: '2026-03-01T00:00:00Z' }),
    grant('leaving', 'CAN_ACCESS', 'adm-alice', 'beta-s2', { revokedAt: '2026-04-01T00:00:00Z' }),
  ],
});

interface Page {
  systemCount: number;
  tenants: { tenant: { id: string }; systemCount: number }[];
  systems: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: { system: { id: string }; distance: number } }[] };
}

async function allSystems(from: string, asOf: string, first = 2): Promise<string[]> {
  const { nodes } = await walkPages<Page['systems']['edges'][number]['node']>(async (after) => {
    const data = await h.data<{ blastRadius: Page }>(BLAST, { from, asOf, first, after });
    return data.blastRadius.systems;
  });
  return nodes.map((n) => `${n.system.id}@${n.distance}`);
}

const systemsAt = async (from: string, asOf: string) => (await h.data<{ blastRadius: Page }>(BLAST, { from, asOf, first: 100 })).blastRadius;

let minKept: number;
beforeAll(() => {
  minKept = answers.minKept;
  answers.minKept = 1;
});
afterAll(() => {
  answers.minKept = minKept;
});

beforeEach(() => h.resetTo(GRAPH));

it('serves the later pages from the answer computed for the first: the same systems, in order, as one page', async () => {
  const hitsBefore = answers.hits;
  const paged = await allSystems('alice', '2026-02-01T00:00:00Z', 2);
  expect(answers.hits - hitsBefore).toBeGreaterThanOrEqual(3);
  const whole = await systemsAt('alice', '2026-02-01T00:00:00Z');
  expect(paged).toEqual(whole.systems.edges.map((e) => `${e.node.system.id}@${e.node.distance}`));
  expect(paged).toEqual(['acme-s1@2', 'acme-s2@2', 'acme-s3@2', 'acme-s4@2', 'acme-s5@2', 'acme-s6@2', 'beta-s2@2']);
});

it('holds a kept answer only until the next grant or revocation time: later asOfs see the record granted and the one revoked', async () => {
  const at = async (asOf: string) => (await systemsAt('alice', asOf)).systems.edges.map((e) => e.node.system.id).filter((id) => id.startsWith('beta'));
  // Asked in this order, each later one falls inside the earlier answer's asOf until a time passes.
  expect(await at('2026-02-01T00:00:00Z')).toEqual(['beta-s2']);
  expect(await at('2026-02-15T00:00:00Z')).toEqual(['beta-s2']);
  expect(await at('2026-03-01T00:00:00Z')).toEqual(['beta-s1', 'beta-s2']);
  expect(await at('2026-03-31T23:59:59Z')).toEqual(['beta-s1', 'beta-s2']);
  expect(await at('2026-04-01T00:00:00Z')).toEqual(['beta-s1']);
  // And back before both.
  expect(await at('2026-02-20T00:00:00Z')).toEqual(['beta-s2']);
});

it('answers anew after a write: a new grant and a revocation are in the next answer at the same asOf', async () => {
  const asOf = '2026-06-01T00:00:00Z';
  const before = await systemsAt('alice', asOf);
  expect([before.systemCount, before.tenants.map((t) => [t.tenant.id, t.systemCount])]).toEqual([7, [['acme', 6], ['beta', 1]]]);
  await h.load({ access: [grant('new', 'CAN_ACCESS', 'adm-alice', 'beta-s3'), grant('a-acme-s6', 'CAN_ACCESS', 'adm-alice', 'acme-s6', { revokedAt: '2026-05-01T00:00:00Z' })] });
  const after = await systemsAt('alice', asOf);
  expect([after.systemCount, after.tenants.map((t) => [t.tenant.id, t.systemCount])]).toEqual([7, [['acme', 5], ['beta', 2]]]);
  const who = async (target: string) => (await h.data(WHO, { target, asOf })).whoCanReach.people.edges.map((e: any) => e.node.entity.id);
  expect([await who('beta-s3'), await who('acme-s6')]).toEqual([['alice'], []]);
});

it('never serves one scope the answer kept for another: a tenant auditor sees its own tenant only, after an administrator asked the same', async () => {
  const asOf = '2026-06-01T00:00:00Z';
  const admin = await systemsAt('alice', asOf);
  const auditor = { id: 'auditor', role: 'TENANT_AUDITOR' as const, tenantId: 'beta', credential: 'jwt' as const };
  const seen = await h.runAs<{ blastRadius: Page }>(auditor, BLAST, { from: 'alice', asOf, first: 100 });
  expect(admin.systems.edges.map((e) => e.node.system.id)).toContain('acme-s1');
  expect(seen.errors ?? []).toEqual([]);
  expect(seen.data!.blastRadius.systems.edges.map((e) => e.node.system.id)).toEqual(['beta-s1']);
});
