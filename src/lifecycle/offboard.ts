/**
 * offboardPerson: the leaver's checklist as one step (domain.md, "offboarding
 * steps for departed staff"). Planning reads everything and decides the whole
 * report; only then, unless it is a dry run, the same plan is written. So a
 * dry run shows exactly what the real run does.
 *
 * - The person is DEPARTED from the earlier of their stored departure and
 *   effectiveAt (a correction only ever moves the departure earlier).
 * - Every MEMBER_OF and USES record they hold that is not revoked by the
 *   revocation instant R is revoked at R. R is effectiveAt, or now when
 *   effectiveAt has passed: revocations are never backdated, because the
 *   access really did stand until now (the DEPARTED_PERSON_ACCESS finding
 *   showed it), and the trail must say so.
 * - The API keys bound to the person are revoked at once (lifecycle/api-keys.ts).
 * - Reported, not changed: the identities they could act as just before R
 *   (rotate them; credentials.ts says how "act as" is judged), with who else
 *   still acts as each; and what they owned that no ACTIVE person owns at R
 *   (their owner links are kept: the OWNER_DEPARTED gap is the to-do).
 */
import { entityGaps } from '../accountability/gaps';
import type { Tx } from '../db/executor';
import type { OwnerLinkRow } from '../core/rows';
import type { EntityKind, OwnerRole } from '../generated/graphql';
import { MAX_DEPTH_CAP } from '../graph/vocabulary';
import type { ReachIndex } from '../reach/index/reach-index';
import { isoOf, toNeo } from '../time';
import { idArg, instantArg } from './arguments';
import { boundKeys, revokeKeys } from './api-keys';
import type { Change } from './change';
import { usableBy, usersOf } from './credentials';
import { entityArg, lookup, ms } from './lookup';
import type { CredentialModel, OffboardingModel, ReassignModel } from './model';
import { plan, revocations, revoke, type Planned, type PlannedRow } from './revoke';

export interface OffboardArgs {
  personId: string;
  effectiveAt: number;
}

export function offboardArgs(raw: { personId: string; effectiveAt: string }): OffboardArgs {
  return { personId: idArg('personId', raw.personId), effectiveAt: instantArg('effectiveAt', raw.effectiveAt) };
}

export interface OffboardPlan {
  report: OffboardingModel;
  departedAt: number | null;
  planned: Planned[];
}

export async function planOffboarding(tx: Tx, index: ReachIndex, args: OffboardArgs, nowMs: number): Promise<OffboardPlan> {
  const person = entityArg(await lookup(tx, [args.personId]), 'personId', args.personId, ['PERSON']);
  const at = Math.max(args.effectiveAt, nowMs);
  const stored = ms(person.departedAt);
  // A person recorded DEPARTED without a date is departed at every instant: giving them a date would make them active before it.
  const departedAt = stored !== null ? Math.min(stored, args.effectiveAt) : person.status === 'DEPARTED' ? null : args.effectiveAt;
  const rows = (await tx.run('lifecycle/offboard-records', { personId: args.personId, at: toNeo(at) })) as unknown as PlannedRow[];
  const planned = plan(rows, at);
  return {
    departedAt,
    planned,
    report: {
      personId: args.personId,
      departedAt: departedAt === null ? null : isoOf(departedAt),
      revokedAt: isoOf(at),
      revoked: revocations(planned),
      credentials: credentials(index, args.personId, at),
      needsNewOwner: await ownersNeeded(tx, args.personId, departedAt, at),
      apiKeysRevoked: await boundKeys(tx, { personId: args.personId }),
    },
  };
}

/** The identities the leaver could act as just before `at`, and who else acts as each at `at` (once the leaver's records are revoked). */
function credentials(index: ReachIndex, personId: string, at: number): CredentialModel[] {
  const p = index.node(personId);
  if (p === undefined) return [];
  const users = usersOf(index, at, MAX_DEPTH_CAP);
  return usableBy(index, p, at - 1, MAX_DEPTH_CAP).map(({ identityId, routes }) => ({
    identityId,
    routes,
    // No record enters a Person, so nobody else's way to an identity runs through the leaver's records: leaving the leaver out is the same as revoking them.
    sharedWith: users(index.node(identityId) as number).filter((id) => id !== personId),
  }));
}

/** What the leaver owns at `at` that has no other owner who is an ACTIVE Person then. */
async function ownersNeeded(tx: Tx, personId: string, departedAt: number | null, at: number): Promise<ReassignModel[]> {
  const rows = await tx.run('lifecycle/owned-by', { personId, at: toNeo(at) });
  const gone = (link: OwnerLinkRow): OwnerLinkRow =>
    link.ownerId === personId ? { ...link, ownerStatus: 'DEPARTED', ownerDepartedAt: departedAt === null ? null : isoOf(departedAt) } : link;
  return rows
    .filter((r) => entityGaps(r.kind as EntityKind, (r.links as OwnerLinkRow[]).map(gone), at).length > 0)
    .map((r) => ({ entityId: r.entityId as string, role: r.role as OwnerRole }));
}

/** Writes the plan: the departure, the revocations, and the events (PERSON_OFFBOARDED, then REVOKED per record). */
export async function applyOffboarding(change: Change, args: OffboardArgs, offboarding: OffboardPlan): Promise<void> {
  const { report } = offboarding;
  await change.tx.run('lifecycle/mark-departed', {
    personId: args.personId,
    departedAt: offboarding.departedAt === null ? null : toNeo(offboarding.departedAt),
    now: toNeo(change.nowMs),
  });
  change.touch({ entities: [args.personId] });
  await change.event('PERSON_OFFBOARDED', [args.personId, ...report.revoked.map((r) => r.accessId)], {
    effectiveAt: isoOf(args.effectiveAt),
    departedAt: report.departedAt,
    revokedAt: report.revokedAt,
    revoked: report.revoked.map((r) => r.accessId),
    credentialsToRotate: report.credentials.map((c) => c.identityId),
    needsNewOwner: report.needsNewOwner.map((o) => o.entityId),
    apiKeysRevoked: report.apiKeysRevoked,
  });
  await revoke(change, offboarding.planned, `offboarding: ${args.personId} departed`, 'offboardPerson');
  await revokeKeys(change, report.apiKeysRevoked, `offboarding: ${args.personId} departed`, 'offboardPerson');
}
