/**
 * Owner links (domain.md, "Accountability"): who answers for an Identity,
 * Tool or Role. Assigning creates a link; removing sets removedAt and keeps
 * it, so gaps, the reach index and an audit can still see who owned what,
 * and until when (accountability/gaps.ts linkPresent).
 */
import { badArgument } from '../errors';
import type { OwnerRole } from '../generated/graphql';
import { OWNED_KINDS, OWNER_KINDS } from '../graph/vocabulary';
import { LIFECYCLE_SOURCE } from '../ingest/sync';
import { isoOf, toNeo } from '../time';
import { idArg, instantArg, textArg } from './arguments';
import type { Change } from './change';
import { entityArg, lookup, ms } from './lookup';
import type { OwnershipChangeModel } from './model';
import { mustBeActive } from './parties';

type LinkRow = { role: OwnerRole; since: string; removedAt?: string | null; removedBy?: string | null; removeReason?: string | null };

const OWNER_ROLES: readonly OwnerRole[] = ['SERVICE_OWNER', 'PLATFORM_OWNER', 'CLIENT_SERVICE_OWNER'];

/** A link stands at `at` until its removal (a removal scheduled later than `at` has not happened yet). */
const standing = (link: LinkRow, at: number) => {
  const removed = ms(link.removedAt);
  return removed === null || removed > at;
};

function pair(ownerId: string, entityId: string) {
  return { ownerId: idArg('ownerId', ownerId), entityId: idArg('entityId', entityId) };
}

async function linksBetween(change: Change, ownerId: string, entityId: string): Promise<LinkRow[]> {
  return (await change.tx.run('lifecycle/owner-links', { ownerId, entityId })).map((r) => r.link as LinkRow);
}

function model(ownerId: string, entityId: string, link: LinkRow): Omit<OwnershipChangeModel, 'eventIds'> {
  return {
    ownerId,
    entityId,
    role: link.role,
    since: link.since,
    removedAt: link.removedAt ?? null,
    removedBy: link.removedBy ?? null,
    removeReason: link.removeReason ?? null,
  };
}

/** Makes a Person (ACTIVE now) or a Team an owner from `since` (default now); refused when a link between them stands. */
export async function assignOwner(
  change: Change,
  raw: { ownerId: string; entityId: string; role: OwnerRole; since?: string | null },
): Promise<Omit<OwnershipChangeModel, 'eventIds'>> {
  const { ownerId, entityId } = pair(raw.ownerId, raw.entityId);
  if (!OWNER_ROLES.includes(raw.role)) throw badArgument('role', `must be one of ${OWNER_ROLES.join(', ')}`);
  const since = instantArg('since', raw.since, change.nowMs);
  const store = await lookup(change.tx, [ownerId, entityId]);
  const owner = entityArg(store, 'ownerId', ownerId, OWNER_KINDS);
  entityArg(store, 'entityId', entityId, OWNED_KINDS);
  if (owner.kind === 'PERSON') mustBeActive('ownerId', owner, change.nowMs);
  const current = (await linksBetween(change, ownerId, entityId)).find((l) => standing(l, change.nowMs));
  if (current) throw badArgument('ownerId', `${JSON.stringify(ownerId)} already owns ${JSON.stringify(entityId)} (${current.role} since ${current.since})`);
  const [row] = await change.tx.run('lifecycle/assign-owner', {
    ownerId,
    entityId,
    role: raw.role,
    since: toNeo(since),
    by: change.caller.viewer.id,
    source: LIFECYCLE_SOURCE,
    now: toNeo(change.nowMs),
  });
  change.touch({ owned: [entityId] });
  await change.event('OWNER_ASSIGNED', [entityId, ownerId], { ownerId, role: raw.role, since: isoOf(since) });
  return model(ownerId, entityId, row.link as LinkRow);
}

/** Ends the standing link from owner to entity now; refused when none stands (saying when it was removed, if it was). */
export async function removeOwner(
  change: Change,
  raw: { ownerId: string; entityId: string; reason: string },
): Promise<Omit<OwnershipChangeModel, 'eventIds'>> {
  const { ownerId, entityId } = pair(raw.ownerId, raw.entityId);
  const reason = textArg('reason', raw.reason);
  const store = await lookup(change.tx, [ownerId, entityId]);
  entityArg(store, 'ownerId', ownerId, OWNER_KINDS);
  entityArg(store, 'entityId', entityId, OWNED_KINDS);
  const links = await linksBetween(change, ownerId, entityId);
  if (!links.some((l) => standing(l, change.nowMs))) {
    const last = links[links.length - 1];
    const why = last ? `its owner link was removed at ${last.removedAt}` : 'there is no owner link between them';
    throw badArgument('ownerId', `${JSON.stringify(ownerId)} is not an owner of ${JSON.stringify(entityId)}: ${why}`);
  }
  const [row] = await change.tx.run('lifecycle/remove-owner', { ownerId, entityId, by: change.caller.viewer.id, reason, now: toNeo(change.nowMs) });
  const link = row.link as LinkRow;
  change.touch({ owned: [entityId] });
  await change.event('OWNER_REMOVED', [entityId, ownerId], { ownerId, reason, role: link.role, since: link.since, removedAt: link.removedAt });
  return model(ownerId, entityId, link);
}
