/**
 * The API keys a lifecycle step ends: offboarding a person revokes the keys
 * bound to them (OWNER keys), terminating a contract the keys bound to the
 * tenant (TENANT_AUDITOR keys). A departed person's key would otherwise keep
 * reading what they owned, and could still certify; an ended client's
 * auditor key would keep reading the client's graph. Revoked at once, at the
 * time of the call, even when the step's effectiveAt lies later: a key is
 * cheap to issue again (with an expiry) and expensive to leave working. Keys
 * are kept, like every revoked key, and each revocation is an
 * API_KEY_REVOKED event. JWTs cannot be revoked here; they expire (see
 * docs/security.md for the lifetime limit).
 */
import type { Tx } from '../db/executor';
import { toNeo } from '../time';
import type { Change } from './change';

/** Ids of the keys in force bound to the person or the tenant, sorted. */
export async function boundKeys(tx: Tx, binding: { personId?: string; tenantId?: string }): Promise<string[]> {
  const rows = await tx.run('auth/api-keys-bound', { personId: binding.personId ?? null, tenantId: binding.tenantId ?? null });
  return rows.map((r) => r.id as string);
}

/** Revokes the keys now, as the caller, with one API_KEY_REVOKED event each; `via` names the mutation. */
export async function revokeKeys(change: Change, ids: string[], reason: string, via: string): Promise<void> {
  if (ids.length === 0) return;
  await change.tx.run('auth/api-keys-revoke-many', { ids, at: toNeo(change.nowMs), by: change.caller.viewer.id });
  await change.events(ids.map((id) => ({ kind: 'API_KEY_REVOKED' as const, subjectIds: [id], details: { reason, via } })));
}
