/**
 * What still reaches a tenant once a set of access records is revoked:
 * exposure (whoCanReach) on the reach index with those records hidden, so a
 * contract termination can show, before and after it writes, whether any
 * path into the client survives. Same traversal, same rules and same witness
 * paths as every reach answer (reach-index.ts `search`).
 */
import { isoOf } from '../time';
import { pathOf } from '../reach/model';
import { IDENTITY, PERSON, type ReachIndex } from '../reach/index/reach-index';
import type { RemainingReachModel } from './model';

/** The index as it will be once `accessIds` are revoked (a view: nothing is copied or changed). */
export function without(index: ReachIndex, accessIds: Iterable<string>): ReachIndex {
  const node = new Uint8Array(index.nodeCount).fill(1);
  const edge = new Uint8Array(index.edgeCount).fill(1);
  for (const id of accessIds) {
    const record = index.recordOf(id);
    if (record) edge[record.edge] = 0;
  }
  return index.view({ node, edge });
}

/**
 * People and identities that reach the tenant or any of its systems at `at`
 * within maxDepth on `index`, nearest first, then by id, each with a shortest
 * witness path (walking from it towards the tenant).
 */
export function stillReaching(index: ReachIndex, tenantId: string, at: number, maxDepth: number): RemainingReachModel[] {
  const t = index.node(tenantId);
  if (t === undefined) return [];
  const sources = [t, ...index.systemsOf(t)];
  const bfs = index.search(sources, 'in', maxDepth, at);
  const isSource = new Set(sources);
  const kept = [...bfs.nodes.keys()].filter((i) => !isSource.has(bfs.nodes[i]));
  const byNode = new Map(kept.map((i) => [bfs.nodes[i], i]));
  const reached = Int32Array.from(kept, (i) => bfs.nodes[i]);
  const distance = Int32Array.from(kept, (i) => bfs.dist[i]);
  const asOf = isoOf(at);
  return [...index.orderByDistanceThenId(reached, distance)]
    .filter((n) => index.kindOf(n) === PERSON || index.kindOf(n) === IDENTITY)
    .map((n) => {
      const i = byNode.get(n)!;
      return { entityId: index.ids[n], distance: bfs.dist[i], path: pathOf(index.witness(bfs, i), asOf) };
    });
}
