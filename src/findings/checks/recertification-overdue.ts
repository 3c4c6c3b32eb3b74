/**
 * RECERTIFICATION_OVERDUE: privileged access nobody has confirmed is still
 * needed within the recertification interval. The risk: access that was
 * right when granted quietly becomes wrong (a changed role, a finished
 * project); periodic recertification is the control that notices.
 *
 * Raised for each privileged access record present at asOf whose
 * lastCertifiedAt is missing, later than asOf (a certification recorded after
 * asOf did not exist yet), or more than PATHWARDEN_RECERTIFICATION_DAYS before
 * asOf (exactly the interval is still in time). The approval at grant time is
 * not a certification: a record never certified is overdue from its grant.
 * Evidence: the record (its lastCertifiedAt and certifiedBy).
 */
import { DAY_MS, recertificationDueAt } from '../../governance/policy';
import { check } from '../catalog';
import { at } from '../describe';

/** A certification counts from when it happened on; one recorded after asOf is unknown at asOf. */
const certifiedBy = (lastCertifiedAt: number | null, asOf: number) => (lastCertifiedAt !== null && lastCertifiedAt <= asOf ? lastCertifiedAt : null);

export default check(
  { code: 'RECERTIFICATION_OVERDUE', title: 'Recertification overdue', severity: 'MEDIUM', maps: '800-53 AC-6(7), AC-2(j); CIS 5.1' },
  (facts, emit) => {
    const interval = facts.policy.recertificationDays * DAY_MS;
    return {
      record(r) {
        if (!r.privileged) return;
        const certified = certifiedBy(r.lastCertifiedAt, facts.asOf);
        if (certified !== null && facts.asOf - certified <= interval) return;
        emit({ edge: r.edge, accessId: r.id, tenants: facts.tenantsOf(r.to), since: recertificationDueAt(r.grantedAt, certified, facts.policy) });
      },
    };
  },
  (f) => {
    const r = f.scope.index.record(f.edge);
    const certified = certifiedBy(r.lastCertifiedAt, f.scope.asOf);
    return certified === null
      ? `Privileged access never certified since its grant on ${at(r.grantedAt)}.`
      : `Privileged access last certified ${at(certified)}; due every ${f.scope.policy.recertificationDays} days.`;
  },
);
