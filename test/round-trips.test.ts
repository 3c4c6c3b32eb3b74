/**
 * DataLoaders are created per request and batch every lookup of a tick, so a
 * response costs a bounded number of database round trips whatever its size:
 * the same nested query over a graph four times larger sends exactly as many
 * queries.
 */
import type { IngestInput } from '../src/generated/graphql';
import { graph, grant } from './support/fixtures';
import { useHarness } from './support/harness';

const h = useHarness();

// person:p -USES-> identity:i -HAS_ROLE-> role:r -GRANTS-> tenant:tK => K systems each, for `tenants` tenants.
function msp(tenants: number): IngestInput {
  const t = [...Array(tenants).keys()];
  return graph({
    people: [{ id: 'p', name: 'P' }],
    identities: [{ id: 'i', name: 'I', identityKind: 'HUMAN_ACCOUNT' }],
    roles: [{ id: 'r', name: 'R', privileged: true }],
    tenants: t.map((k) => ({ id: `t${k}`, name: `T${k}` })),
    systems: t.flatMap((k) => [0, 1, 2].map((j) => ({ id: `s${k}-${j}`, name: `S${k}-${j}`, tenantId: `t${k}` }))),
    ownerships: [{ ownerId: 'person:approver', entityId: 'i' }],
    access: [grant('u', 'USES', 'p', 'i'), grant('h', 'HAS_ROLE', 'i', 'r'), ...t.map((k) => grant(`g${k}`, 'GRANTS', 'r', `t${k}`))],
  });
}

const NESTED = `{ blastRadius(from: "p") {
  systemCount
  tenants { tenant { name contractStatus } systemCount }
  systems(first: 100) { edges { node {
    distance privileged
    system { name environment tenant { name } }
    path { steps { from { name } to { name ... on Identity { owners { owner { name } } gaps } }
                   access { id approvedBy { name ... on Person { status } } } gaps } }
  } } }
} }`;

async function roundTrips(tenants: number): Promise<{ queries: number; systems: number }> {
  await h.resetTo(msp(tenants));
  const before = h.exec.queriesRun;
  const data = await h.data(NESTED);
  return { queries: h.exec.queriesRun - before, systems: data.blastRadius.systemCount };
}

it('sends as many queries for a nested blast radius over 60 systems as over 15', async () => {
  const small = await roundTrips(5);
  const large = await roundTrips(20);

  expect([small.systems, large.systems]).toEqual([15, 60]);
  expect(large.queries).toBe(small.queries);
});
