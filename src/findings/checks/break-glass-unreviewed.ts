/**
 * BREAK_GLASS_UNREVIEWED: an emergency access nobody looked at afterwards.
 * The risk: a break-glass account bypasses approval on purpose; the
 * post-use review is the only control that catches misuse, so a use
 * without a timely review is unsupervised privileged access.
 *
 * Raised for each recorded use (lifecycle's BreakGlassUse, read through the
 * caller's scope) of a visible BREAK_GLASS identity, made at or before asOf,
 * whose review window (PATHWARDEN_BREAK_GLASS_REVIEW_HOURS after the use)
 * has closed by asOf without a review recorded inside it: never reviewed by
 * asOf, or reviewed late (a late review is still a missed control; the
 * detail says when). A use whose window is still open is not a finding yet.
 * One finding per use (id CODE:identityId:useId); subject: the identity;
 * evidence: the use itself (breakGlassUse), no access path.
 */
import { HOUR_MS } from '../../governance/policy';
import { check } from '../catalog';
import { at } from '../describe';

export default check(
  { code: 'BREAK_GLASS_UNREVIEWED', title: 'Break-glass use not reviewed in time', severity: 'HIGH', maps: 'CSF PR.AA-03; 800-53 AC-2(2)' },
  (facts, emit) => ({
    finish() {
      const window = facts.policy.breakGlassReviewHours * HOUR_MS;
      for (const use of facts.breakGlassUses) {
        const identity = facts.index.node(use.identityId);
        if (identity === undefined || facts.identityKind(identity) !== 'BREAK_GLASS') continue;
        const used = Date.parse(use.at);
        const due = used + window;
        if (used > facts.asOf || due > facts.asOf) continue;
        const reviewed = use.reviewedAt === null ? null : Date.parse(use.reviewedAt);
        const known = reviewed !== null && reviewed <= facts.asOf ? reviewed : null;
        if (known !== null && known <= due) continue;
        // Name the person only when the caller may see them.
        const who = use.personId !== null && facts.index.node(use.personId) !== undefined ? ` by ${use.personId}` : '';
        emit({
          entity: identity,
          extra: use.id,
          tenants: facts.tenantsOf(identity),
          since: due,
          detail: `Used${who} ${at(used)}; ${known === null ? 'not reviewed' : `reviewed late, ${at(known)}`} (due within ${facts.policy.breakGlassReviewHours} hours, by ${at(due)}).`,
          evidence: () => [],
          breakGlassUse: { ...use, reviewedAt: known === null ? null : use.reviewedAt, reviewedBy: known === null ? null : use.reviewedBy },
        });
      }
    },
  }),
);
