/**
 * EXPIRED_ACCESS_NOT_REMOVED: access whose approved end date has passed but
 * which nobody revoked. The risk: expiry is only a promise; traversal ignores
 * it (domain.md), so expired access is still real access, held by someone
 * whose approval has run out.
 *
 * Raised for each access record present at asOf whose expiresAt <= asOf (at
 * the expiry instant itself the access should already be gone, as a record
 * revoked at T is no longer present at T). Evidence: the record.
 */
import { check } from '../catalog';
import { at, count, daysBetween } from '../describe';

export default check(
  { code: 'EXPIRED_ACCESS_NOT_REMOVED', title: 'Expired access not removed', severity: 'HIGH', maps: 'OWASP NHI1; 800-53 AC-2(3)(a)' },
  (facts, emit) => ({
    record(r) {
      if (r.expiresAt !== null && r.expiresAt <= facts.asOf) emit({ edge: r.edge, accessId: r.id, tenants: facts.tenantsOf(r.to), since: r.expiresAt });
    },
  }),
  (f) => `Expired ${at(f.since!)} (${count(daysBetween(f.since!, f.scope.asOf), 'day', 'days')} before observedAt) and still present.`,
);
