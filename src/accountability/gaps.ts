/**
 * Accountability gaps (domain.md, "Accountability"), as pure functions so that
 * entity fields, path steps and the unaccountable-paths report agree.
 *
 * An Identity, Tool or Role is accountably owned at T when at least one owner
 * link present at T (since <= T, and not removed by T) comes from a Person who is ACTIVE at T. A
 * team never counts on its own: committees approve policy but do not remove
 * access on the day it should disappear.
 */
import type { EntityKind, GapReason } from '../generated/graphql';
import type { AccessRow, OwnerLinkRow } from '../core/rows';
import { OWNED_KINDS } from '../graph/vocabulary';

/**
 * Whether a person counts as departed at `at` (ms): departedAt has passed, or
 * the record says DEPARTED without a date (then from the start of time).
 */
export function departedAt(person: { status?: unknown; departedAt?: unknown; [property: string]: unknown }, at: number): boolean {
  if (typeof person.departedAt === 'string') return Date.parse(person.departedAt) <= at;
  return person.status === 'DEPARTED';
}

/** An owner link counts at `at` from its since until its removal (if any). */
export function linkPresent(link: { since: string; until?: string | null }, at: number): boolean {
  return Date.parse(link.since) <= at && (link.until == null || Date.parse(link.until) > at);
}

export function needsOwner(kind: EntityKind): boolean {
  return OWNED_KINDS.includes(kind);
}

/** The one gap of an entity at `at`, by precedence OWNER_DEPARTED, OWNER_IS_TEAM, NO_OWNER; [] when accountable. */
export function entityGaps(kind: EntityKind, links: readonly OwnerLinkRow[], at: number): GapReason[] {
  if (!needsOwner(kind)) return [];
  const present = links.filter((l) => linkPresent(l, at));
  const people = present.filter((l) => l.ownerKind === 'PERSON');
  if (people.some((l) => !departedAt({ status: l.ownerStatus, departedAt: l.ownerDepartedAt }, at))) return [];
  if (people.length > 0) return ['OWNER_DEPARTED'];
  if (present.length > 0) return ['OWNER_IS_TEAM'];
  return ['NO_OWNER'];
}

/** Gaps of an access record: no approver, and/or a blank or missing justification. */
export function accessGaps(access: Pick<AccessRow, 'approvedBy' | 'justification'>): GapReason[] {
  const gaps: GapReason[] = [];
  if (!access.approvedBy) gaps.push('NO_APPROVAL');
  if (!access.justification || access.justification.trim() === '') gaps.push('NO_JUSTIFICATION');
  return gaps;
}

