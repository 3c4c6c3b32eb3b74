/**
 * EXCESSIVE_BLAST_RADIUS: one identity or tool whose compromise reaches too
 * many clients. The risk: the blast radius is the answer to "if this is
 * compromised, which clients fall with it?"; past a handful of tenants, one
 * phished technician or one RMM breach becomes a supply-chain incident.
 *
 * Raised for each Identity or Tool whose blast radius at asOf (findings
 * depth) covers more tenants than PATHWARDEN_EXCESSIVE_BLAST_RADIUS_TENANTS
 * (blastRadius's tenantCount: tenants of reached systems plus tenants reached
 * directly). Evidence: a path into each of the limit + 1 nearest tenants,
 * the least that proves "more than the limit".
 */
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { intoNearestTenants } from '../evidence';
import { IDENTITY, TOOL } from '../facts';

export default check(
  { code: 'EXCESSIVE_BLAST_RADIUS', title: 'Excessive blast radius', severity: 'HIGH', maps: 'OWASP NHI5; CSF PR.AA-05' },
  (facts, emit) => ({
    finish() {
      const limit = facts.policy.excessiveTenants;
      for (const kind of [IDENTITY, TOOL]) {
        for (const v of facts.index.nodesOfKind(kind)) {
          const tenants = facts.profile(v).tenants.length;
          if (tenants <= limit) continue;
          emit({
            entity: v,
            tenants: facts.tenantsOf(v),
            detail: `Its blast radius covers ${tenants} tenants; the limit is ${limit}.`,
            evidence: (): Step[][] => intoNearestTenants(facts, v, limit + 1, false),
          });
        }
      }
    },
  }),
);
