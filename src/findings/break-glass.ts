/**
 * Break-glass uses, as BREAK_GLASS_UNREVIEWED reads them: stored by the
 * lifecycle as BreakGlassUse nodes (graph/vocabulary.ts), not in the reach
 * index, so the report reads them from Neo4j (through the viewer's scope)
 * before it runs that check.
 */
import type { Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import { toNeo } from '../time';

export interface BreakGlassUseRow {
  id: string;
  identityId: string;
  personId: string | null;
  /** Instants as ISO strings (the Executor converts DateTime values). */
  at: string;
  reason: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
}

/** Uses recorded at or before asOf (epoch ms) of identities the viewer may see. */
export async function breakGlassUses(exec: Executor, viewer: Viewer, asOf: number): Promise<BreakGlassUseRow[]> {
  const rows = await exec.query(viewer, 'findings/break-glass-uses', { asOf: toNeo(asOf) });
  return rows.map((r) => ({
    id: String(r.id),
    identityId: String(r.identityId),
    personId: (r.personId as string) ?? null,
    at: r.at as string,
    reason: (r.reason as string) ?? null,
    reviewedAt: (r.reviewedAt as string) ?? null,
    reviewedBy: (r.reviewedBy as string) ?? null,
  }));
}
