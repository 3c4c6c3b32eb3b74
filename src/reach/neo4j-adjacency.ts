/**
 * Adjacency read from Neo4j one BFS level at a time, inside the caller's
 * read transaction, so a whole traversal sees one database state.
 */
import type { Tx } from '../db/executor';
import type { EntityKind, GapReason } from '../generated/graphql';
import { toNeo } from '../time';
import type { Adjacency, NodeInfo, Step } from './traversal';

export function neo4jAdjacency(tx: Tx, asOfMs: number): Adjacency {
  const asOf = toNeo(asOfMs);
  const expand = async (query: string, ids: string[], side: 'to' | 'from') => {
    const rows = await tx.run(query, { ids, asOf });
    const steps: Step[] = [];
    const nodes: NodeInfo[] = [];
    for (const r of rows) {
      const accessGaps: GapReason[] = [];
      if (r.accessId !== null && r.approved !== true) accessGaps.push('NO_APPROVAL');
      if (r.accessId !== null && r.justified !== true) accessGaps.push('NO_JUSTIFICATION');
      steps.push({ from: r.from as string, to: r.to as string, accessId: (r.accessId as string) ?? null, privileged: r.privileged === true, accessGaps });
      nodes.push({
        id: r[side] as string,
        kind: r[`${side}Kind`] as EntityKind,
        privilegedRole: r[`${side}PrivilegedRole`] === true,
        tenantId: (r[`${side}TenantId`] as string) ?? null,
      });
    }
    return { steps, nodes };
  };
  return {
    out: (ids) => expand('reach/expand-out', ids, 'to'),
    in: (ids) => expand('reach/expand-in', ids, 'from'),
  };
}

export async function nodeInfos(tx: Tx, ids: string[]): Promise<NodeInfo[]> {
  const rows = await tx.run('reach/node-info', { ids });
  return rows.map((r) => ({ id: r.id as string, kind: r.kind as EntityKind, privilegedRole: r.privilegedRole === true, tenantId: (r.tenantId as string) ?? null }));
}

export async function tenantSystems(tx: Tx, tenantId: string): Promise<NodeInfo[]> {
  const rows = await tx.run('reach/tenant-systems', { tenantId });
  return rows.map((r) => ({ id: r.id as string, kind: 'SYSTEM' as EntityKind, privilegedRole: false, tenantId: r.tenantId as string }));
}
