/**
 * STANDING_PRIVILEGED_ACCESS: privileged access with no end date. The risk:
 * standing privilege outlives the task it was granted for and is what an
 * attacker who takes over the holder inherits at any hour; time-bound access
 * (an expiresAt on every privileged grant) keeps the window small.
 *
 * Raised for each access record present at asOf that is privileged (its own
 * `privileged` flag) and has no expiresAt. Evidence: the record.
 */
import { check } from '../catalog';
import { at } from '../describe';

export default check(
  { code: 'STANDING_PRIVILEGED_ACCESS', title: 'Standing privileged access', severity: 'MEDIUM', maps: 'CSF PR.AA-05; 800-53 AC-6' },
  (facts, emit) => ({
    record(r) {
      if (r.privileged && r.expiresAt === null) emit({ edge: r.edge, accessId: r.id, tenants: facts.tenantsOf(r.to), since: r.grantedAt });
    },
  }),
  (f) => `Privileged access granted ${at(f.since!)} with no expiry date.`,
);
