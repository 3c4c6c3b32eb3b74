/**
 * The API's reach answers, every page of them, against the floor's: the
 * correctness check the benchmark makes before it times anything and the
 * soak makes after its writes. Returns one line per answer that differs.
 */
import { allPages, gql } from './api';
import type { Floor } from './floor';

const BR_PAGE = `query($id: ID!, $after: String) { blastRadius(from: $id) { systems(first: 1000, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { system { id } distance } } } } }`;
const WCR_PAGE = `query($id: ID!, $after: String, $people: Boolean!) { whoCanReach(target: $id) {
  people(first: 1000, after: $after) @include(if: $people) { pageInfo { hasNextPage endCursor } edges { node { entity { id } distance } } }
  identities(first: 1000, after: $after) @skip(if: $people) { pageInfo { hasNextPage endCursor } edges { node { entity { id } distance } } } } }`;

const same = (a: [string, number][], b: [string, number][]) => JSON.stringify(a) === JSON.stringify(b);

export async function floorDifferences(url: string, floor: Floor, origins: string[], targets: string[]): Promise<string[]> {
  const differences: string[] = [];
  for (const id of origins) {
    const got = await allPages<{ system: { id: string }; distance: number }>(async (after) => (await gql(url, BR_PAGE, { id, after })).blastRadius.systems);
    const expected = floor.blastRadius(id, 8, 0).reached;
    if (!same(got.map((n) => [n.system.id, n.distance]), expected)) differences.push(`blastRadius(${id}) differs from the floor: ${got.length} vs ${expected.length} systems`);
  }
  for (const id of targets) {
    const expected = floor.whoCanReach(id, 8, 0);
    for (const [people, list] of [
      [true, expected.people],
      [false, expected.identities],
    ] as const) {
      const got = await allPages<{ entity: { id: string }; distance: number }>(async (after) => {
        const data = (await gql(url, WCR_PAGE, { id, after, people })).whoCanReach;
        return people ? data.people : data.identities;
      });
      if (!same(got.map((n) => [n.entity.id, n.distance]), list)) differences.push(`whoCanReach(${id}) ${people ? 'people' : 'identities'} differ from the floor: ${got.length} vs ${list.length}`);
    }
  }
  return differences;
}
