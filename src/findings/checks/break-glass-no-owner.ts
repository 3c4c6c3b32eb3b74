/**
 * BREAK_GLASS_NO_OWNER: an emergency account nobody answers for. The risk:
 * break-glass accounts bypass every normal control by design; their safety
 * rests on an owner pre-assigned to guard the credential and review every
 * use (domain.md, the access lifecycle). Without one, a use goes unreviewed.
 *
 * Raised for each visible BREAK_GLASS Identity that is not accountably
 * owned at asOf, whichever its gap (OWNER_DEPARTED, OWNER_IS_TEAM or
 * NO_OWNER; the detail names it), enabled or not (a disabled break-glass
 * account is still the one someone enables in an emergency). Evidence: its
 * owner links, so evidence is empty; since: the last owner's departure.
 */
import { check } from '../catalog';
import { GAP_TEXT } from '../describe';
import { IDENTITY } from '../facts';

export default check(
  { code: 'BREAK_GLASS_NO_OWNER', title: 'Break-glass account without an accountable owner', severity: 'HIGH', maps: 'CSF PR.AA-03, GV.RR-02' },
  (facts, emit) => ({
    finish() {
      for (const v of facts.index.nodesOfKind(IDENTITY)) {
        if (facts.identityKind(v) !== 'BREAK_GLASS') continue;
        const gap = facts.ownerGap(v);
        if (!gap) continue;
        emit({
          entity: v,
          tenants: facts.tenantsOf(v),
          since: gap === 'OWNER_DEPARTED' ? facts.lastOwnerDeparture(v) : null,
          detail: `A break-glass account without an accountable owner: ${GAP_TEXT[gap]}.`,
          evidence: () => [],
        });
      }
    },
  }),
);
