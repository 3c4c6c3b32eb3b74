/**
 * NHI_CROSS_TENANT_REUSE: one non-human credential used across clients. The
 * risk: a service account, API key or automation identity should serve one
 * client; reused across several, one leaked key opens them all, and no
 * client can rotate or revoke it without breaking the others.
 *
 * Raised for each SERVICE_ACCOUNT, API_KEY or AUTOMATION identity whose
 * blast radius at asOf (findings depth) holds systems of 2 or more tenants.
 * Computed inside the caller's scope: a tenant auditor sees one tenant, so
 * never sees this finding, which is a fact about other clients.
 * Evidence: paths into the two nearest tenants.
 */
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { intoNearestTenants } from '../evidence';
import { IDENTITY, NON_HUMAN_KINDS } from '../facts';

export default check(
  { code: 'NHI_CROSS_TENANT_REUSE', title: 'Non-human identity reused across tenants', severity: 'HIGH', maps: 'OWASP NHI9; CSF PR.AA-05; 800-53 AC-6' },
  (facts, emit) => ({
    finish() {
      for (const v of facts.index.nodesOfKind(IDENTITY)) {
        const kind = facts.identityKind(v);
        if (!kind || !NON_HUMAN_KINDS.has(kind)) continue;
        const reach = facts.profile(v);
        if (reach.systemTenants < 2) continue;
        emit({
          entity: v,
          tenants: facts.tenantsOf(v),
          detail: `${kind} identity reaching systems in ${reach.systemTenants} tenants.`,
          evidence: (): Step[][] => intoNearestTenants(facts, v, 2, true),
        });
      }
    },
  }),
);
