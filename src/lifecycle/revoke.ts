/**
 * Revoking access records, for revokeAccess, offboarding and contract
 * termination alike: revokedAt, revokedBy (the caller) and revokeReason are
 * set and the record is kept; each record gets its own REVOKED event, so the
 * audit trail can be filtered by any record.
 */
import { isoOf, toNeo } from '../time';
import type { Change } from './change';
import type { RevocationModel } from './model';

/** A record to revoke, as the planning query read it (instants ISO). */
export interface PlannedRow {
  id: string;
  fromId: string;
  toId: string;
  grantedAt: string;
  revokedAt: string | null;
}

/** A revocation decided: the record, the instant, and what it replaces (a later scheduled revocation). */
export interface Planned extends PlannedRow {
  at: number;
}

/**
 * When each record stops counting if revoked at `at`: at `at`, or at its own
 * grantedAt when it starts later (so it never starts; a record is never
 * revoked before it was granted).
 */
export function plan(rows: PlannedRow[], at: number): Planned[] {
  return rows.map((r) => ({ ...r, at: Math.max(at, Date.parse(r.grantedAt)) }));
}

export function revocations(planned: Planned[]): RevocationModel[] {
  return planned.map((p) => ({ accessId: p.id, revokedAt: isoOf(p.at) }));
}

/** Writes the revocations and one REVOKED event per record; `via` names the mutation that revoked them. */
export async function revoke(change: Change, planned: Planned[], reason: string, via: string): Promise<void> {
  if (planned.length === 0) return;
  await change.tx.run('lifecycle/revoke', {
    rows: planned.map((p) => ({ id: p.id, at: toNeo(p.at) })),
    by: change.caller.viewer.id,
    reason,
    now: toNeo(change.nowMs),
  });
  change.touch({ access: planned.map((p) => p.id) });
  await change.events(
    planned.map((p) => ({ kind: 'REVOKED' as const, subjectIds: [p.id, p.fromId, p.toId], details: { reason, revokedAt: isoOf(p.at), previousRevokedAt: p.revokedAt ?? null, via } })),
  );
}
