/**
 * Wording shared by the checks' `detail` sentences. Details name only ids
 * the report found through the caller's index view, so they never name
 * anything out of scope.
 */
import type { GapReason } from '../generated/graphql';
import { DAY_MS } from '../governance/policy';
import { isoOf } from '../time';

/** An instant as the API prints it. */
export const at = (ms: number): string => isoOf(ms);

/** Whole days between two instants, rounded down. */
export const daysBetween = (earlier: number, later: number): number => Math.floor((later - earlier) / DAY_MS);

/** "1 person", "2 people": a count with its noun. */
export const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const GAP_TEXT: Record<GapReason, string> = {
  OWNER_DEPARTED: 'every person who owns it has departed (OWNER_DEPARTED)',
  OWNER_IS_TEAM: 'only teams own it (OWNER_IS_TEAM)',
  NO_OWNER: 'nobody owns it (NO_OWNER)',
  NO_APPROVAL: 'it has no approver (NO_APPROVAL)',
  NO_JUSTIFICATION: 'it has no justification (NO_JUSTIFICATION)',
};
