/**
 * Breadth-first reachability over the access graph: the one traversal every
 * reach question uses. It never enumerates paths: each (entity, state) is
 * visited once, so its cost grows with the part of the graph reached, not
 * with the number of paths through it, and cycles cannot make it loop.
 *
 * Rules it relies on the adjacency for (domain.md, "Traversal"): only records
 * present at asOf are steps; no step leaves a disabled identity; a Tenant
 * steps to each of its Systems by containment (a step with no access record).
 */
import type { EntityKind, GapReason } from '../generated/graphql';

/** One step of the graph: an access record, or containment (accessId null). */
export interface Step {
  from: string;
  to: string;
  accessId: string | null;
  /** The access record is privileged. */
  privileged: boolean;
  /** The access record's gaps (NO_APPROVAL, NO_JUSTIFICATION); none for containment. */
  accessGaps: GapReason[];
}

/** What traversal needs to know of an entity. */
export interface NodeInfo {
  id: string;
  kind: EntityKind;
  /** A Role marked privileged: passing through it makes a path privileged. */
  privilegedRole: boolean;
  /** The tenant of a System. */
  tenantId: string | null;
}

/** Where steps come from: Neo4j level by level, or an in-memory snapshot. */
export interface Adjacency {
  /** Steps leaving each id (forward), plus the entities they enter. */
  out(ids: string[]): Promise<{ steps: Step[]; nodes: NodeInfo[] }>;
  /** Steps entering each id (reverse), plus the entities they leave. */
  in(ids: string[]): Promise<{ steps: Step[]; nodes: NodeInfo[] }>;
}

export interface Visit {
  node: string;
  distance: number;
  /** Whether this visit's path passed a privileged record or role (forward, tracked runs only). */
  privileged: boolean;
  /** The step that first reached this visit, and the visit it came from; null at a source. */
  via: Step | null;
  parent: Visit | null;
}

export interface Reach {
  /** Shortest visit per entity (for forward tracked runs: the shorter of the two states; privileged on a tie). */
  best: Map<string, Visit>;
  /** Entities reached by at least one privileged path within maxDepth (tracked runs). */
  privileged: Set<string>;
  nodes: Map<string, NodeInfo>;
  /** Every step examined, when `collectSteps` was asked for (accessPaths needs the explored subgraph). */
  steps: Step[];
}

export interface ReachOptions {
  direction: 'out' | 'in';
  maxDepth: number;
  /** Track the privileged flag as a second state per entity (blast radius). */
  trackPrivileged?: boolean;
  collectSteps?: boolean;
}

const byStep = (a: Step, b: Step) =>
  a.to < b.to ? -1 : a.to > b.to ? 1 : a.from < b.from ? -1 : a.from > b.from ? 1 : (a.accessId ?? '') < (b.accessId ?? '') ? -1 : (a.accessId ?? '') > (b.accessId ?? '') ? 1 : 0;

/**
 * Level-synchronous BFS from `sources` (all at distance 0) up to maxDepth
 * steps. With trackPrivileged each entity has two states (reached by some
 * privileged path or not), so "some path within maxDepth is privileged" is
 * answered exactly while every state is still visited at most once.
 * Visits are processed in sorted order, so witness paths are deterministic.
 */
export async function reach(adjacency: Adjacency, sources: NodeInfo[], options: ReachOptions): Promise<Reach> {
  const { direction, maxDepth, trackPrivileged = false, collectSteps = false } = options;
  const nodes = new Map<string, NodeInfo>(sources.map((n) => [n.id, n]));
  const seen = new Map<string, Visit>();
  const best = new Map<string, Visit>();
  const privileged = new Set<string>();
  const steps: Step[] = [];
  const keyOf = (node: string, flag: boolean) => (flag ? `1${node}` : `0${node}`);

  const record = (visit: Visit) => {
    seen.set(keyOf(visit.node, visit.privileged), visit);
    if (visit.privileged) privileged.add(visit.node);
    const current = best.get(visit.node);
    if (!current || visit.distance < current.distance || (visit.distance === current.distance && visit.privileged && !current.privileged)) {
      best.set(visit.node, visit);
    }
  };

  let frontier: Visit[] = [...sources]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((n) => ({ node: n.id, distance: 0, privileged: trackPrivileged && n.privilegedRole, via: null, parent: null }));
  frontier.forEach(record);

  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const ids = [...new Set(frontier.map((v) => v.node))];
    const expansion = await (direction === 'out' ? adjacency.out(ids) : adjacency.in(ids));
    for (const n of expansion.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    if (collectSteps) steps.push(...expansion.steps);
    const leaving = new Map<string, Step[]>();
    for (const step of expansion.steps) {
      const here = direction === 'out' ? step.from : step.to;
      let list = leaving.get(here);
      if (!list) leaving.set(here, (list = []));
      list.push(step);
    }
    for (const list of leaving.values()) list.sort(byStep);
    const next: Visit[] = [];
    for (const visit of frontier) {
      for (const step of leaving.get(visit.node) ?? []) {
        const there = direction === 'out' ? step.to : step.from;
        const info = nodes.get(there);
        const flag = trackPrivileged && (visit.privileged || step.privileged || Boolean(info?.privilegedRole));
        if (seen.has(keyOf(there, flag))) continue;
        const reached: Visit = { node: there, distance: depth + 1, privileged: flag, via: step, parent: visit };
        record(reached);
        next.push(reached);
      }
    }
    frontier = next;
  }
  return { best, privileged, nodes, steps };
}

/** The steps from the source to a visit, in walking order (reverse runs: from the reacher towards the target). */
export function stepsTo(visit: Visit, direction: 'out' | 'in'): Step[] {
  const steps: Step[] = [];
  for (let v: Visit | null = visit; v && v.via; v = v.parent) steps.push(v.via);
  return direction === 'out' ? steps.reverse() : steps;
}
