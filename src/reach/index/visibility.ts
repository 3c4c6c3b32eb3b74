/**
 * Which nodes and edges of the reach index a narrowed viewer may see
 * (docs/security.md, "Roles and scopes"). Built on every record ever
 * recorded (ReachIndex.everReachable), so one scope serves every asOf and
 * every maxDepth; the traversal then applies time and depth inside it.
 *
 * - TENANT_AUDITOR of T: T, its systems, and everything upstream of them
 *   (every entity with some path into T), with the records that lie on such
 *   paths (both ends upstream). A pooled tool is visible; its records into
 *   other tenants are not, so its blast radius, as this viewer sees it,
 *   holds T alone. Other tenants and their systems are never upstream of
 *   anything (no access record leaves a Tenant or a System), so they are
 *   never visible.
 * - OWNER P: P, the entities P owns through a standing owner link (O: not
 *   removed, whatever its since; a removed owner sees nothing more of what
 *   they no longer answer for), everything downstream of O (their reach) and
 *   upstream of O (their exposure), with the records on paths out of O (both
 *   ends downstream) and into O (both ends upstream).
 * Then, for either (`addAccountability`): the owners of every visible entity
 * (who answers for it is part of the evidence) and the tenant of every
 * visible system (System.tenant is never null). Those are visible as
 * entities; no record of theirs becomes visible by it.
 */
import { SYSTEM, type IndexMask, type ReachIndex } from './reach-index';

export function tenantAuditorMask(index: ReachIndex, tenantId: string): IndexMask {
  const t = index.anyNode(tenantId);
  if (t === undefined || index.info(t).kind !== 'TENANT') return empty(index);
  const targets = [t, ...index.systemsOf(t)];
  const upstream = index.everReachable(targets, 'in');
  // Reverse search from T's systems crosses containment back to T only: no other tenant's system is ever upstream.
  const edge = index.edgesWhere((from, to, containment) => upstream[from] === 1 && upstream[to] === 1 && (!containment || from === t));
  return { node: upstream, edge };
}

export function ownerMask(index: ReachIndex, personId: string): IndexMask {
  const p = index.anyNode(personId);
  if (p === undefined || index.info(p).kind !== 'PERSON') return empty(index);
  const owned = index.standingOwnedBy(personId).map((id) => index.anyNode(id)).filter((n): n is number => n !== undefined);
  const down = index.everReachable(owned, 'out');
  const up = index.everReachable(owned, 'in');
  const node = new Uint8Array(index.nodeCount);
  for (let n = 0; n < node.length; n++) node[n] = down[n] | up[n];
  node[p] = 1;
  const edge = index.edgesWhere((from, to) => (down[from] === 1 && down[to] === 1) || (up[from] === 1 && up[to] === 1));
  return { node, edge };
}

/** Adds the owners of every visible entity, the tenant of every visible system, and `people` (ids). */
export function addAccountability(index: ReachIndex, mask: IndexMask, people: Iterable<string>): IndexMask {
  const node = mask.node.slice();
  const add = (id: string) => {
    const n = index.anyNode(id);
    if (n !== undefined) node[n] = 1;
  };
  for (const id of people) add(id);
  for (let n = 0; n < mask.node.length; n++) {
    if (mask.node[n] !== 1) continue;
    for (const owner of index.ownerIdsOf(index.ids[n])) add(owner);
    if (index.kindOf(n) === SYSTEM && index.tenantOf(n) >= 0) node[index.tenantOf(n)] = 1;
  }
  return { node, edge: mask.edge };
}

function empty(index: ReachIndex): IndexMask {
  return { node: new Uint8Array(index.nodeCount), edge: new Uint8Array(index.edgeCount) };
}
