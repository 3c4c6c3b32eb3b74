/**
 * Changes to one access record: revoke it, certify it, record a use of it.
 * None deletes or rewrites what an audit needs: revoking sets revokedAt and
 * keeps the record; a certification replaces the last one on the record, and
 * every one is also an audit event; lastUsedAt only moves forwards.
 */
import { badArgument } from '../errors';
import { isoOf, toNeo } from '../time';
import { forbiddenOn, idArg, instantArg, pastInstantArg, textArg } from './arguments';
import type { Change } from './change';
import { accessArg, entityArg, lookup, ms } from './lookup';
import { mustBeActive, mustNotHold } from './parties';
import { plan, revoke } from './revoke';

export interface RevokeArgs {
  id: string;
  reason: string;
  at?: string | null;
}

/**
 * Revokes at `at` (default now). A record already revoked at or before `at`
 * is refused (it says when); one whose revocation is scheduled later is
 * brought forward, its earlier schedule kept in the event.
 */
export async function revokeAccess(change: Change, raw: RevokeArgs): Promise<{ accessId: string }> {
  const id = idArg('id', raw.id);
  const reason = textArg('reason', raw.reason);
  const at = instantArg('at', raw.at, change.nowMs);
  const record = accessArg(await lookup(change.tx, [id]), 'id', id);
  const granted = Date.parse(record.grantedAt);
  if (at < granted) throw badArgument('at', `is before the record's grantedAt (${record.grantedAt}): a record is never revoked before it was granted`);
  const revoked = ms(record.revokedAt);
  if (revoked !== null && revoked <= at) throw badArgument('id', `${JSON.stringify(id)} is already revoked (at ${record.revokedAt})`);
  await revoke(change, plan([record], at), reason, 'revokeAccess');
  return { accessId: id };
}

export interface CertifyArgs {
  id: string;
  certifiedById: string;
  note: string;
  at: number;
}

export function certifyArgs(raw: { id: string; certifiedById: string; note: string; at?: string | null }, nowMs: number): CertifyArgs {
  return {
    id: idArg('id', raw.id),
    certifiedById: idArg('certifiedById', raw.certifiedById),
    note: textArg('note', raw.note),
    at: pastInstantArg('at', raw.at, nowMs, nowMs),
  };
}

/**
 * Certifies that a present record is still needed. The certifier is an
 * ACTIVE Person who does not hold the access. `asOwner`: the caller is an
 * OWNER certifying as this person; their ownership of the record's from or to
 * is checked again here, inside the write, after the scoped check passed.
 */
export async function certifyAccess(change: Change, args: CertifyArgs, asOwner: boolean): Promise<{ accessId: string }> {
  const { tx } = change;
  const store = await lookup(tx, [args.id, args.certifiedById]);
  const record = accessArg(store, 'id', args.id);
  const certifier = entityArg(store, 'certifiedById', args.certifiedById, ['PERSON']);
  const revoked = ms(record.revokedAt);
  if (revoked !== null && revoked <= args.at) throw badArgument('id', `${JSON.stringify(args.id)} is revoked (at ${record.revokedAt}); revoked access is not certified`);
  if (args.at < Date.parse(record.grantedAt)) throw badArgument('at', `is before the record's grantedAt (${record.grantedAt})`);
  const last = ms(record.lastCertifiedAt);
  if (last !== null && args.at < last) throw badArgument('at', `is before the record's last certification (${record.lastCertifiedAt})`);
  mustBeActive('certifiedById', certifier, args.at);
  await mustNotHold(tx, 'certifiedById', args.certifiedById, record.fromId, args.at, 'certify');
  if (asOwner) {
    // An OWNER decides now, whatever `at` says: their credential may outlive their ownership or their employment.
    mustBeActive('certifiedById', certifier, change.nowMs);
    await mustNotHold(tx, 'certifiedById', args.certifiedById, record.fromId, change.nowMs, 'certify');
    const [check] = await tx.run('lifecycle/certify-check', { id: args.id, personId: args.certifiedById, at: toNeo(args.at), now: toNeo(change.nowMs) });
    if (!check?.owns) throw notOwned(args.certifiedById, args.id);
  }
  await tx.run('lifecycle/certify', { id: args.id, at: toNeo(args.at), certifiedBy: args.certifiedById, note: args.note, now: toNeo(change.nowMs) });
  change.touch({ access: [args.id] });
  await change.event('CERTIFIED', [args.id, record.fromId, record.toId, args.certifiedById], {
    certifiedBy: args.certifiedById,
    note: args.note,
    certifiedAt: isoOf(args.at),
    previousCertifiedAt: record.lastCertifiedAt ?? null,
  });
  return { accessId: args.id };
}

export function notOwned(personId: string, accessId: string) {
  return forbiddenOn(
    'id',
    `${JSON.stringify(personId)} owns neither end of ${JSON.stringify(accessId)} from the certification's instant until now; an OWNER certifies only access from or to what they own`,
  );
}

/**
 * Records a use at `at` (not in the future). The use is recorded even when
 * the record was not present then (revoked, or not yet granted): that is
 * evidence, and the event says so (presentAtUse).
 */
export async function recordAccessUse(change: Change, raw: { accessId: string; at: string }): Promise<{ accessId: string }> {
  const { tx } = change;
  const accessId = idArg('accessId', raw.accessId);
  const at = pastInstantArg('at', raw.at, change.nowMs);
  const record = accessArg(await lookup(tx, [accessId]), 'accessId', accessId);
  const from = (await lookup(tx, [record.fromId])).get(record.fromId)?.entity;
  const now = toNeo(change.nowMs);
  const [used] = await tx.run('lifecycle/access-used', { id: accessId, at: toNeo(at), now });
  let identityLastUsedAt: string | null = null;
  if (from?.kind === 'IDENTITY') {
    const [identity] = await tx.run('lifecycle/identity-used', { id: record.fromId, at: toNeo(at), now });
    identityLastUsedAt = identity.lastUsedAt as string;
    change.touch({ entities: [record.fromId] });
  }
  change.touch({ access: [accessId] });
  const revoked = ms(record.revokedAt);
  await change.event('USED', [accessId, record.fromId, record.toId], {
    usedAt: isoOf(at),
    presentAtUse: Date.parse(record.grantedAt) <= at && (revoked === null || revoked > at),
    lastUsedAt: used.lastUsedAt,
    identityLastUsedAt,
  });
  return { accessId };
}
