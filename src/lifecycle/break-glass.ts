/**
 * Break-glass (domain.md: "owner pre-assigned, every use recorded, post-use
 * review mandatory"). Each use is a :BreakGlassUse node, never deleted, that
 * the BREAK_GLASS_UNREVIEWED finding reads; its one review is recorded on it,
 * by someone other than who used the account. A use is recorded whoever used
 * it and whatever the graph says they may use: an unexpected user is
 * evidence, not bad input.
 */
import { randomUUID } from 'node:crypto';
import { badArgument } from '../errors';
import { isoOf, toNeo } from '../time';
import { idArg, notFoundAs, pastInstantArg, textArg } from './arguments';
import type { Change } from './change';
import { entityArg, lookup } from './lookup';
import type { BreakGlassUseRow } from './model';
import { mustBeActive } from './parties';

/** A use as stored; absent review properties (Neo4j stores no nulls) read as null. */
const useOf = (stored: unknown): BreakGlassUseRow => {
  const use = stored as Partial<BreakGlassUseRow> & Pick<BreakGlassUseRow, 'id' | 'identityId' | 'personId' | 'at' | 'reason'>;
  return { ...use, reviewedAt: use.reviewedAt ?? null, reviewedBy: use.reviewedBy ?? null, reviewNotes: use.reviewNotes ?? null };
};

export async function recordBreakGlassUse(
  change: Change,
  raw: { identityId: string; personId: string; at: string; reason: string },
): Promise<{ use: BreakGlassUseRow }> {
  const identityId = idArg('identityId', raw.identityId);
  const personId = idArg('personId', raw.personId);
  const at = pastInstantArg('at', raw.at, change.nowMs);
  const reason = textArg('reason', raw.reason);
  const store = await lookup(change.tx, [identityId, personId]);
  const identity = entityArg(store, 'identityId', identityId, ['IDENTITY']);
  if (identity.identityKind !== 'BREAK_GLASS') throw badArgument('identityId', `${JSON.stringify(identityId)} is a ${identity.identityKind} identity, not BREAK_GLASS`);
  entityArg(store, 'personId', personId, ['PERSON']);
  const id = `bgu-${randomUUID()}`;
  const [row] = await change.tx.run('lifecycle/break-glass-create', { id, identityId, personId, at: toNeo(at), reason });
  await change.tx.run('lifecycle/identity-used', { id: identityId, at: toNeo(at), now: toNeo(change.nowMs) });
  change.touch({ entities: [identityId] });
  await change.event('BREAK_GLASS_USED', [id, identityId, personId], { personId, usedAt: isoOf(at), reason });
  return { use: useOf(row.use) };
}

export async function reviewBreakGlassUse(change: Change, raw: { useId: string; reviewerId: string; notes: string }): Promise<{ use: BreakGlassUseRow }> {
  const useId = idArg('useId', raw.useId);
  const reviewerId = idArg('reviewerId', raw.reviewerId);
  const notes = textArg('notes', raw.notes);
  const [found] = await change.tx.run('lifecycle/break-glass-by-id', { id: useId });
  if (!found) throw notFoundAs('break-glass use', 'useId', useId);
  const use = useOf(found.use);
  const reviewer = entityArg(await lookup(change.tx, [reviewerId]), 'reviewerId', reviewerId, ['PERSON']);
  if (use.reviewedAt) throw badArgument('useId', `${JSON.stringify(useId)} was already reviewed (at ${use.reviewedAt} by ${use.reviewedBy}); a review is recorded once`);
  if (reviewerId === use.personId) throw badArgument('reviewerId', `${JSON.stringify(reviewerId)} used the account and may not review their own use`);
  mustBeActive('reviewerId', reviewer, change.nowMs);
  const [row] = await change.tx.run('lifecycle/break-glass-review', { id: useId, at: toNeo(change.nowMs), reviewerId, notes });
  // Two reviews racing: the WHERE of the update let only one through.
  if (!row) throw badArgument('useId', `${JSON.stringify(useId)} was already reviewed; a review is recorded once`);
  await change.event('BREAK_GLASS_REVIEWED', [useId, use.identityId, reviewerId], { reviewedBy: reviewerId, notes, usedBy: use.personId, usedAt: use.at });
  return { use: useOf(row.use) };
}
