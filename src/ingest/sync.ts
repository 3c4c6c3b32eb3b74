/**
 * Source sync (docs/ingest.md, "Sync of one source"): with `sync: true`, a
 * batch is the whole current state of its `source`, so whatever that source
 * wrote before and the batch no longer lists has gone at the source. Inside
 * the batch's own transaction, after its writes:
 * - access records last written by the source, still in force and missing
 *   from the batch are revoked (revokedAt = the ingest time, revokedBy = the
 *   caller, revokeReason = "missing from sync of <source>");
 * - owner links of the source missing from the batch are removed the same way
 *   (removedAt, removedBy, removeReason).
 * Nothing is deleted, and each change gets its own audit event (REVOKED,
 * OWNER_REMOVED) in the same transaction. Running the same sync again finds
 * nothing left to revoke.
 */
import { recordEvents, type AuditEventInput } from '../audit/events';
import type { Viewer } from '../core/viewer';
import type { Tx } from '../db/executor';
import { badInput, type InputProblem } from '../errors';
import type { IngestInput, SyncResult } from '../generated/graphql';
import { toNeo } from '../time';

/**
 * The source the lifecycle mutations stamp on what they grant and assign
 * (lifecycle/grant.ts, lifecycle/assign-owner.cypher). No ingest batch is the
 * state of that source, so a sync of it would revoke every grant made through the API.
 */
export const LIFECYCLE_SOURCE = 'lifecycle';

/** Problems of the sync request itself: a sync needs the source whose state the batch is. */
export function syncProblems(input: IngestInput): InputProblem[] {
  if (input.sync !== true) return [];
  const problem = (reason: string): InputProblem[] => [{ list: 'input', index: -1, id: null, field: 'sync', reason }];
  if (typeof input.source !== 'string' || input.source.trim() === '') return problem('requires a non-blank source: the batch replaces what that source wrote before');
  if (input.source === LIFECYCLE_SOURCE) return problem(`cannot sync source ${JSON.stringify(LIFECYCLE_SOURCE)}: it marks access granted through the lifecycle mutations, which no batch lists`);
  const max = input.syncMaxRevocations;
  if (max != null && (!Number.isInteger(max) || max < 0)) return [{ list: 'input', index: -1, id: null, field: 'syncMaxRevocations', reason: 'must be a non-negative integer' }];
  return [];
}

export interface SyncContext {
  source: string;
  /** The most records and owner links the sync may revoke or remove (null: no limit). */
  maxRevocations: number | null;
  /** The share guard: how much of the source was in force before the batch, the largest share (percent) one sync may change, and whether the caller overrode it. */
  share: { inForce: number; maxPercent: number; allowed: boolean };
  viewer: Viewer;
  /** The ingest time (ISO). */
  now: string;
  requestId: string | null;
  /** How the caller names the two guards in a refusal; the mutation's fields when left out. */
  guards?: { max: string; allowLarge: string; retry: string };
}

const MUTATION_GUARDS = { max: 'syncMaxRevocations', allowLarge: 'syncAllowLargeRevocation', retry: 'send the batch again with syncAllowLargeRevocation: true' };

/** What a sync keeps: the access ids and (owner, entity) pairs the source's new state lists. */
export interface SyncKeep {
  access: string[];
  ownerships: [string, string][];
}

/**
 * The problem that refuses a sync revoking `revoked` access records and
 * removing `removed` owner links (over syncMaxRevocations, or over the
 * share guard without its override); null when it may go ahead.
 */
export function syncGuardProblem(revoked: number, removed: number, ctx: Pick<SyncContext, 'source' | 'maxRevocations' | 'share' | 'guards'>): InputProblem | null {
  const guards = ctx.guards ?? MUTATION_GUARDS;
  const changed = revoked + removed;
  const problem = (field: string, reason: string): InputProblem => ({ list: 'input', index: -1, id: null, field, reason });
  if (ctx.maxRevocations !== null && changed > ctx.maxRevocations) {
    return problem(guards.max, `this sync would revoke ${revoked} access records and remove ${removed} owner links of ${ctx.source} (${changed}), over the limit of ${ctx.maxRevocations}`);
  }
  if (!ctx.share.allowed && changed * 100 > ctx.share.maxPercent * ctx.share.inForce) {
    const reason = `this sync would revoke or remove ${changed} of the ${ctx.share.inForce} access records and owner links of ${ctx.source} in force, over ${ctx.share.maxPercent}%; if the source really lost them, ${guards.retry}`;
    return problem(guards.allowLarge, reason);
  }
  return null;
}

/** Revokes and removes what the source no longer lists; returns what it changed (ids sorted). */
export async function syncSource(tx: Tx, keep: SyncKeep, ctx: SyncContext): Promise<SyncResult> {
  return (await syncSourceCounted(tx, keep, ctx)).result;
}

/** syncSource, also counting the revoked records per access kind. */
export async function syncSourceCounted(tx: Tx, keep: SyncKeep, ctx: SyncContext): Promise<{ result: SyncResult; revokedByKind: Record<string, number> }> {
  const reason = `missing from sync of ${ctx.source}`;
  const common = { source: ctx.source, now: toNeo(Date.parse(ctx.now)), actor: ctx.viewer.id, reason };
  const revoked = await tx.run('ingest/sync-revoke-access', { ...common, keep: keep.access });
  const removed = await tx.run('ingest/sync-remove-ownerships', { ...common, keep: keep.ownerships });
  // Thrown inside the batch's transaction: the revocations above and the batch's own writes roll back.
  const refused = syncGuardProblem(revoked.length, removed.length, ctx);
  if (refused) throw badInput(`ingest rejected, nothing was written: ${refused.field}: ${refused.reason}`, [refused]);
  const event = (kind: AuditEventInput['kind'], subjectIds: string[], details: Record<string, unknown>): AuditEventInput => ({
    kind,
    actor: ctx.viewer,
    at: ctx.now,
    subjectIds,
    details: { ...details, source: ctx.source, reason },
    requestId: ctx.requestId,
  });
  await recordEvents(tx, [
    // An event about a record names the record and both its ends, so the trail of either end shows it.
    ...revoked.map((r) => event('REVOKED', [r.id as string, r.fromId as string, r.toId as string], { accessKind: r.kind, revokedAt: r.revokedAt })),
    ...removed.map((r) => event('OWNER_REMOVED', [r.entityId as string, r.ownerId as string], { role: r.role, removedAt: r.removedAt })),
  ]);
  const revokedByKind: Record<string, number> = {};
  for (const r of revoked) revokedByKind[r.kind as string] = (revokedByKind[r.kind as string] ?? 0) + 1;
  const result = {
    source: ctx.source,
    revoked: revoked.map((r) => r.id as string),
    removedOwnerships: removed.map((r) => ({ ownerId: r.ownerId as string, entityId: r.entityId as string })),
  };
  return { result, revokedByKind };
}
