import { harness, type Harness } from './support/harness';
import { graph, grant } from './support/fixtures';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

it('answers a blast radius on a two-step graph', async () => {
  await h.reset();
  await h.load(
    graph({
      people: [{ id: 'p', name: 'P' }],
      tenants: [{ id: 't', name: 'T' }],
      systems: [{ id: 's', name: 'S', tenantId: 't' }],
      identities: [{ id: 'i', name: 'I', identityKind: 'HUMAN_ACCOUNT' }],
      access: [grant('a1', 'USES', 'p', 'i'), grant('a2', 'CAN_ACCESS', 'i', 't')],
    }),
  );
  const data = await h.data(`{ blastRadius(from: "p") { systemCount systems { edges { node { system { id } distance } } } } }`);
  expect(data.blastRadius.systems.edges.map((e: any) => [e.node.system.id, e.node.distance])).toEqual([['s', 3]]);
});
