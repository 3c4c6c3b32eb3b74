/**
 * The blast radius as a picture a person can read at MSP scale: the reach
 * tree folded to tenants (BlastRadius.tree). It is the union of the witness
 * paths of everything reached (one shortest path per system, and for a tenant
 * none of whose systems is reached, the tenant's own), with each System replaced by its Tenant: a step into a
 * system becomes a step into its tenant, and the containment step Tenant ->
 * System disappears. What remains is the origin, the tools, identities, roles
 * and teams the paths pass through, and one node per tenant: hundreds of
 * nodes where the systems are thousands, and no client needs one request per
 * system's path to draw it.
 *
 * "Marked when any path into it has an accountability gap" is judged on these
 * drawn paths (the witnesses): the picture shows a gap it can point at.
 * Every path, not just witnesses, is what unaccountablePaths enumerates.
 */
import type { GapReason } from '../generated/graphql';
import { GAP_ORDER } from '../graph/vocabulary';
import type { Step } from './traversal';
import type { Reached } from './traverser';

export interface TreeNodeModel {
  entityId: string;
  /** Position on the first witness path that passes it (a tenant: where its first system, or itself, was entered). */
  distance: number;
  asOf: string;
}

export interface TreeEdgeModel {
  fromId: string;
  toId: string;
  /** The access record of the first path (nearest system first) through this step. */
  accessId: string;
  /** Access records folded into this step (several grants into systems of one tenant). */
  accessCount: number;
  /** Gaps of the records folded here (their own: NO_APPROVAL, NO_JUSTIFICATION). */
  accessGaps: Set<GapReason>;
  /** Reached systems (and directly reached tenants) whose witness path takes this step. */
  systemCount: number;
  asOf: string;
}

/** For one tenant: what its drawn paths carry, so its gaps can be judged (entity gaps need the owner links). */
export interface TenantPathsModel {
  accessGaps: Set<GapReason>;
  /** Entities entered on its paths (whose own gaps count as the paths' gaps). */
  entered: Set<string>;
}

export interface ReachTreeModel {
  nodes: TreeNodeModel[];
  edges: TreeEdgeModel[];
  tenants: Map<string, TenantPathsModel>;
}

/** Folds the witnesses of `reached` (systems, then tenants without a reached system) into the tree. */
export function reachTree(fromId: string, reached: readonly Reached[], asOf: string): ReachTreeModel {
  const tenantOf = new Map<string, string>();
  for (const r of reached) if (r.kind === 'SYSTEM' && r.tenantId) tenantOf.set(r.id, r.tenantId);
  const fold = (id: string) => tenantOf.get(id) ?? id;

  const distance = new Map<string, number>([[fromId, 0]]);
  const edges = new Map<string, TreeEdgeModel>();
  const records = new Map<string, Set<string>>();
  const tenants = new Map<string, TenantPathsModel>();
  for (const r of reached) {
    const tenantId = r.kind === 'SYSTEM' ? r.tenantId : r.kind === 'TENANT' ? r.id : null;
    if (!tenantId) continue;
    let paths = tenants.get(tenantId);
    if (!paths) tenants.set(tenantId, (paths = { accessGaps: new Set(), entered: new Set() }));
    const witness: Step[] = r.witness();
    witness.forEach((step, i) => {
      if (step.accessId === null) return; // containment: Tenant -> System, folded away
      const from = fold(step.from);
      const to = fold(step.to);
      if (!distance.has(to) || distance.get(to)! > i + 1) distance.set(to, i + 1);
      for (const gap of step.accessGaps) paths.accessGaps.add(gap);
      if (!tenantOf.has(step.to)) paths.entered.add(step.to);
      const key = `${from}\u0000${to}`;
      let edge = edges.get(key);
      if (!edge) {
        edge = { fromId: from, toId: to, accessId: step.accessId, accessCount: 0, accessGaps: new Set(), systemCount: 0, asOf };
        edges.set(key, edge);
        records.set(key, new Set());
      }
      const folded = records.get(key)!;
      if (!folded.has(step.accessId)) {
        folded.add(step.accessId);
        edge.accessCount = folded.size;
        for (const gap of step.accessGaps) edge.accessGaps.add(gap);
      }
      edge.systemCount += 1;
    });
  }
  const nodes = [...distance]
    .map(([entityId, d]) => ({ entityId, distance: d, asOf }))
    .sort((a, b) => a.distance - b.distance || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0));
  return { nodes, edges: [...edges.values()], tenants };
}

/** Distinct gaps in GAP_ORDER. */
export function inGapOrder(gaps: Iterable<GapReason>): GapReason[] {
  const present = new Set(gaps);
  return GAP_ORDER.filter((g) => present.has(g));
}
