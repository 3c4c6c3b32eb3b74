/**
 * ENVIRONMENT_MIXING: one identity reaching both production and
 * non-production. The risk: non-production is where credentials are copied
 * into scripts, shared and weakly guarded; an identity that also reaches
 * production turns a test-box compromise into a production one.
 *
 * Raised for each Identity whose blast radius at asOf (findings depth)
 * holds at least one PRODUCTION and one NON_PRODUCTION system (a System's
 * environment defaults to PRODUCTION at ingest). Evidence: the path to the
 * nearest system of each environment.
 */
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { toNearestSystem } from '../evidence';
import { IDENTITY } from '../facts';

export default check(
  { code: 'ENVIRONMENT_MIXING', title: 'Production and non-production reached by one identity', severity: 'MEDIUM', maps: 'OWASP NHI8' },
  (facts, emit) => ({
    finish() {
      for (const v of facts.index.nodesOfKind(IDENTITY)) {
        const reach = facts.profile(v);
        if (!reach.production || !reach.nonProduction) continue;
        emit({
          entity: v,
          tenants: facts.tenantsOf(v),
          detail: 'Reaches both PRODUCTION and NON_PRODUCTION systems.',
          evidence: (): Step[][] => [
            ...toNearestSystem(facts, v, (s) => facts.nonProduction[s] === 0),
            ...toNearestSystem(facts, v, (s) => facts.nonProduction[s] === 1),
          ],
        });
      }
    },
  }),
);
