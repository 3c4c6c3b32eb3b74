/**
 * grantAccess: a new access record that a named Person approved, with a
 * justification, and an end date when it is privileged (domain.md, "The
 * access lifecycle": named approval, time-bound access). Every check runs
 * before the record is written, in its transaction; the first failure refuses
 * the call and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { departedAt } from '../accountability/gaps';
import type { EntityRow } from '../core/rows';
import { badArgument } from '../errors';
import type { GrantAccessInput } from '../generated/graphql';
import { ACCESS_ENDPOINTS } from '../graph/vocabulary';
import { LIFECYCLE_SOURCE } from '../ingest/sync';
import { isoOf, toNeo } from '../time';
import { idArg, instantArg, optionalTextArg, textArg } from './arguments';
import type { Change } from './change';
import { entityArg, lookup, ms } from './lookup';
import { mustBeActive, mustNotHold } from './parties';

/** Checked arguments, before the store is read. */
interface GrantArgs {
  id: string | null;
  fromId: string;
  toId: string;
  justification: string;
  approvedById: string;
  requestedById: string | null;
  grantedAt: number;
  expiresAt: number | null;
  standingReason: string | null;
}

function checkArguments(input: GrantAccessInput, nowMs: number): GrantArgs {
  const id = input.id === null || input.id === undefined ? null : idArg('id', input.id);
  const fromId = idArg('fromId', input.fromId);
  const toId = idArg('toId', input.toId);
  if (fromId === toId) throw badArgument('toId', 'an access record cannot lead from an entity to itself');
  const justification = textArg('justification', input.justification);
  const approvedById = idArg('approvedById', input.approvedById);
  const requestedById = input.requestedById === null || input.requestedById === undefined ? null : idArg('requestedById', input.requestedById);
  const grantedAt = instantArg('grantedAt', input.grantedAt, nowMs);
  // Backdating would rewrite past answers (reach as of yesterday) and claim access existed before anyone approved it.
  if (grantedAt < nowMs) throw badArgument('grantedAt', `may not be before now (${isoOf(nowMs)}): a grant cannot take effect before its approval`);
  const expiresAt = input.expiresAt === null || input.expiresAt === undefined ? null : instantArg('expiresAt', input.expiresAt);
  if (expiresAt !== null && expiresAt <= grantedAt) throw badArgument('expiresAt', `must be after grantedAt (${isoOf(grantedAt)})`);
  const standingReason = optionalTextArg('standingReason', input.standingReason);
  if (standingReason !== null && expiresAt !== null) throw badArgument('standingReason', 'only for access without expiresAt: give an end date or a reason to stand, not both');
  return { id, fromId, toId, justification, approvedById, requestedById, grantedAt, expiresAt, standingReason };
}

export async function grantAccess(change: Change, input: GrantAccessInput): Promise<{ accessId: string }> {
  const { tx, nowMs } = change;
  const args = checkArguments(input, nowMs);
  const rule = ACCESS_ENDPOINTS[input.kind];
  if (!rule) throw badArgument('kind', `unknown access kind ${JSON.stringify(input.kind)}`);
  const store = await lookup(tx, [args.id, args.fromId, args.toId, args.requestedById, args.approvedById]);

  const taken = args.id === null ? undefined : store.get(args.id);
  if (taken) throw badArgument('id', `${JSON.stringify(args.id)} is already used by ${taken.access ? 'an access record' : `a ${taken.entity?.kind}`}`);
  const from = entityArg(store, 'fromId', args.fromId, rule.from);
  const to = entityArg(store, 'toId', args.toId, rule.to);
  if (args.requestedById !== null) entityArg(store, 'requestedById', args.requestedById, ['PERSON']);
  const approver = entityArg(store, 'approvedById', args.approvedById, ['PERSON']);
  mustBeActive('approvedById', approver, nowMs);
  if (args.approvedById === args.requestedById) throw badArgument('approvedById', 'the approver may not be the requester: a request needs a second person to approve it');
  if (from.kind === 'PERSON' && departedAt(from, args.grantedAt)) throw badArgument('fromId', `${JSON.stringify(from.id)} has departed by grantedAt; access is not granted to leavers`);
  await refuseTerminatedTenant(change, to, args.grantedAt);

  // Privileged access: the record says so, or it joins an identity or team to a privileged Role, or such a Role to what it grants.
  const privileged =
    input.privileged === true || (input.kind === 'HAS_ROLE' && to.privileged === true) || (input.kind === 'GRANTS' && from.privileged === true);
  if (privileged && args.expiresAt === null && args.standingReason === null) {
    throw badArgument('expiresAt', 'is required for privileged access (a privileged record, or HAS_ROLE/GRANTS with a privileged Role); or give standingReason');
  }
  await mustNotHold(tx, 'approvedById', args.approvedById, args.fromId, nowMs, 'approve');

  const accessId = args.id ?? `acc-${randomUUID()}`;
  const now = toNeo(nowMs);
  await tx.run('lifecycle/create-access', {
    fromId: args.fromId,
    toId: args.toId,
    now,
    props: {
      id: accessId,
      kind: input.kind,
      privileged: input.privileged === true,
      justification: args.justification,
      requestedBy: args.requestedById,
      approvedBy: args.approvedById,
      approvedAt: now,
      grantedAt: toNeo(args.grantedAt),
      expiresAt: args.expiresAt === null ? null : toNeo(args.expiresAt),
      standingReason: args.standingReason,
      // Marks it as granted through the API, so that no source sync (ingest/sync.ts) revokes it as missing.
      source: LIFECYCLE_SOURCE,
    },
  });
  change.touch({ access: [accessId] });

  const ends = [accessId, args.fromId, args.toId];
  if (args.requestedById !== null) {
    await change.event('REQUESTED', [...ends, args.requestedById], { requestedBy: args.requestedById, kind: input.kind, fromId: args.fromId, toId: args.toId, justification: args.justification });
  }
  await change.event('APPROVED', [...ends, args.approvedById], {
    approvedBy: args.approvedById,
    approvedAt: change.caller.now,
    // Privileged as judged for the expiry rule: the record's flag, or a privileged Role it joins.
    privilegedAccess: privileged,
    expiresAt: args.expiresAt === null ? null : isoOf(args.expiresAt),
    standingReason: args.standingReason,
  });
  await change.event('GRANTED', ends, {
    kind: input.kind,
    fromId: args.fromId,
    toId: args.toId,
    privileged: input.privileged === true,
    grantedAt: isoOf(args.grantedAt),
    expiresAt: args.expiresAt === null ? null : isoOf(args.expiresAt),
  });
  return { accessId };
}

/** Refuses access into a Tenant (or a System of a Tenant) whose contract has ended by `at`. */
async function refuseTerminatedTenant(change: Change, to: EntityRow, at: number): Promise<void> {
  const tenantId = to.kind === 'TENANT' ? to.id : to.kind === 'SYSTEM' ? (to.tenantId as string) : null;
  if (!tenantId) return;
  const tenant = (await lookup(change.tx, [tenantId])).get(tenantId)?.entity;
  if (tenant?.contractStatus !== 'TERMINATED') return;
  const ended = ms(tenant.contractEndedAt);
  if (ended === null || ended <= at) {
    throw badArgument('toId', `${JSON.stringify(to.id)} belongs to tenant ${JSON.stringify(tenantId)}, whose contract is terminated`);
  }
}
