/**
 * The policy thresholds of domain.md's findings, with their documented
 * defaults, each settable by an environment variable (README, Configuration).
 * Read once per process; tests pass their own Policy where they need another.
 */
import { intFrom } from '../config';

export interface Policy {
  /** RECERTIFICATION_OVERDUE, recertificationsDue: a privileged record must be certified at least this often. */
  recertificationDays: number;
  /** DORMANT_PRIVILEGED_ACCESS: privileged access unused for longer than this is dormant. */
  dormancyDays: number;
  /** STALE_CREDENTIAL: a credential must be rotated at least this often. */
  rotationDays: number;
  /** BREAK_GLASS_UNREVIEWED: every break-glass use must be reviewed within this window. */
  breakGlassReviewHours: number;
  /** EXCESSIVE_BLAST_RADIUS: an Identity or Tool may reach at most this many tenants. */
  excessiveTenants: number;
}

export const DEFAULT_POLICY: Policy = {
  recertificationDays: 90,
  dormancyDays: 45,
  rotationDays: 90,
  breakGlassReviewHours: 24,
  excessiveTenants: 10,
};

export function loadPolicy(): Policy {
  return {
    recertificationDays: intFrom('PATHWARDEN_RECERTIFICATION_DAYS', DEFAULT_POLICY.recertificationDays),
    dormancyDays: intFrom('PATHWARDEN_DORMANCY_DAYS', DEFAULT_POLICY.dormancyDays),
    rotationDays: intFrom('PATHWARDEN_ROTATION_DAYS', DEFAULT_POLICY.rotationDays),
    breakGlassReviewHours: intFrom('PATHWARDEN_BREAK_GLASS_REVIEW_HOURS', DEFAULT_POLICY.breakGlassReviewHours),
    excessiveTenants: intFrom('PATHWARDEN_EXCESSIVE_BLAST_RADIUS_TENANTS', DEFAULT_POLICY.excessiveTenants),
  };
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/**
 * When a privileged record's certification falls due: one interval after its
 * last certification, or, never certified, from its grant (the approval at
 * grant time is not a certification). Shared by RECERTIFICATION_OVERDUE and
 * recertificationsDue, so the finding and the owner's list agree.
 */
export function recertificationDueAt(grantedAt: number, lastCertifiedAt: number | null, policy: Pick<Policy, 'recertificationDays'>): number {
  return lastCertifiedAt === null ? grantedAt : lastCertifiedAt + policy.recertificationDays * DAY_MS;
}
