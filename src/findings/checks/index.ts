/**
 * Every finding check, one file each (domain.md's Findings table, one row
 * per file), in report order: severity, then code. Adding a check is adding
 * its file and one line here; docs/findings.md says what each one raises.
 */
import { frameworksOf, SEVERITIES, type Check, type CheckInfo } from '../catalog';
import breakGlassNoOwner from './break-glass-no-owner';
import breakGlassUnreviewed from './break-glass-unreviewed';
import committeeOwner from './committee-owner';
import departedPersonAccess from './departed-person-access';
import dormantPrivilegedAccess from './dormant-privileged-access';
import environmentMixing from './environment-mixing';
import excessiveBlastRadius from './excessive-blast-radius';
import expiredAccessNotRemoved from './expired-access-not-removed';
import humanUseOfNhi from './human-use-of-nhi';
import nhiCrossTenantReuse from './nhi-cross-tenant-reuse';
import ownerDeparted from './owner-departed';
import pooledAdminAccount from './pooled-admin-account';
import recertificationOverdue from './recertification-overdue';
import staleCredential from './stale-credential';
import standingPrivilegedAccess from './standing-privileged-access';
import terminatedTenantReachable from './terminated-tenant-reachable';
import unapprovedAccess from './unapproved-access';
import unownedPrivilegedPath from './unowned-privileged-path';

export type RegisteredCheck = Check & CheckInfo;

const ALL: Check[] = [
  unownedPrivilegedPath,
  departedPersonAccess,
  ownerDeparted,
  committeeOwner,
  pooledAdminAccount,
  nhiCrossTenantReuse,
  humanUseOfNhi,
  terminatedTenantReachable,
  standingPrivilegedAccess,
  expiredAccessNotRemoved,
  recertificationOverdue,
  unapprovedAccess,
  breakGlassUnreviewed,
  breakGlassNoOwner,
  dormantPrivilegedAccess,
  staleCredential,
  environmentMixing,
  excessiveBlastRadius,
];

/** The checks in report order, each with its frameworks expanded and its severity rank. */
export const CHECKS: readonly RegisteredCheck[] = ALL.map((c) => ({ ...c, frameworks: frameworksOf(c.maps), rank: SEVERITIES.indexOf(c.severity) })).sort(
  (a, b) => a.rank - b.rank || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
);

export const CHECK_BY_CODE: ReadonlyMap<string, RegisteredCheck> = new Map(CHECKS.map((c) => [c.code, c]));
