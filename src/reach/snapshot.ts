/**
 * An in-memory adjacency over steps already loaded (the whole present graph
 * for whole-graph reports), so thousands of traversals cost no round trips.
 */
import type { Adjacency, NodeInfo, Step } from './traversal';

export function snapshotAdjacency(steps: readonly Step[], nodes: ReadonlyMap<string, NodeInfo>): Adjacency {
  const out = new Map<string, Step[]>();
  const into = new Map<string, Step[]>();
  for (const s of steps) {
    (out.get(s.from) ?? out.set(s.from, []).get(s.from)!).push(s);
    (into.get(s.to) ?? into.set(s.to, []).get(s.to)!).push(s);
  }
  const expand = (index: Map<string, Step[]>, side: 'from' | 'to') => async (ids: string[]) => {
    const found: Step[] = ids.flatMap((id) => index.get(id) ?? []);
    return { steps: found, nodes: found.map((s) => nodes.get(s[side])).filter((n): n is NodeInfo => n !== undefined) };
  };
  return { out: expand(out, 'to'), in: expand(into, 'from') };
}
