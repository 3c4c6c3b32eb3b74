/**
 * Distinct simple paths from A to B, shortest first, at most `limit` of them,
 * within an already explored subgraph (the steps a bounded BFS from A saw:
 * every path from A of length <= maxDepth lies inside it).
 *
 * Iterative deepening over the exact remaining distance to B: for each length
 * L from the shortest upwards, a depth-first search extends a path only by a
 * step after which B is still reachable in the steps left, so the search
 * walks almost nothing but paths it will return, and stops at `limit`.
 * Paths never revisit an entity; two parallel access records between the
 * same entities make two distinct paths (each is its own evidence).
 * Order: by length, then by the ids along the path (deterministic).
 */
import type { Step } from './traversal';

const stepOrder = (a: Step, b: Step) =>
  a.to < b.to ? -1 : a.to > b.to ? 1 : (a.accessId ?? '') < (b.accessId ?? '') ? -1 : (a.accessId ?? '') > (b.accessId ?? '') ? 1 : 0;

export function simplePaths(steps: readonly Step[], from: string, to: string, maxDepth: number, limit: number): Step[][] {
  if (from === to) return [];
  const out = new Map<string, Step[]>();
  const into = new Map<string, Step[]>();
  const unique = new Set<string>();
  for (const s of steps) {
    const key = `${s.from}\u0000${s.to}\u0000${s.accessId ?? ''}`;
    if (unique.has(key)) continue;
    unique.add(key);
    (out.get(s.from) ?? out.set(s.from, []).get(s.from)!).push(s);
    (into.get(s.to) ?? into.set(s.to, []).get(s.to)!).push(s);
  }
  for (const list of out.values()) list.sort(stepOrder);

  // Exact distance to B inside the subgraph (reverse BFS).
  const toB = new Map<string, number>([[to, 0]]);
  for (let frontier = [to], d = 0; frontier.length > 0 && d < maxDepth; d++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const s of into.get(node) ?? []) {
        if (!toB.has(s.from)) {
          toB.set(s.from, d + 1);
          next.push(s.from);
        }
      }
    }
    frontier = next;
  }
  const shortest = toB.get(from);
  if (shortest === undefined) return [];

  const found: Step[][] = [];
  const onPath = new Set<string>([from]);
  const path: Step[] = [];
  const extend = (node: string, length: number): void => {
    if (found.length >= limit) return;
    if (node === to) {
      if (path.length === length) found.push([...path]);
      return;
    }
    for (const s of out.get(node) ?? []) {
      const remaining = toB.get(s.to);
      if (remaining === undefined || onPath.has(s.to) || path.length + 1 + remaining > length) continue;
      onPath.add(s.to);
      path.push(s);
      extend(s.to, length);
      path.pop();
      onPath.delete(s.to);
      if (found.length >= limit) return;
    }
  };
  for (let length = shortest; length <= maxDepth && found.length < limit; length++) extend(from, length);
  return found;
}
