/**
 * POOLED_ADMIN_ACCOUNT: one account many people can act as, reaching many
 * clients. The risk: a shared credential defeats attribution (the logs say
 * the account, not the person), survives every leaver (the password is
 * known to all who shared it) and, spanning clients, turns one compromise
 * into many; it is the MSP breach pattern.
 *
 * Raised for each Identity that at asOf 2 or more people can reach within
 * the findings depth (whoCanReach's people: directly with USES, through a
 * team, by checking its credential out of a vault or tool that CAN_ACCESS
 * it, or by any longer chain; each is a way to act as it), and whose blast
 * radius holds systems of 2 or more tenants. A disabled identity reaches
 * nothing. Evidence: paths from the two nearest people, and into the two
 * nearest tenants; the detail gives both counts.
 */
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { fromNearestPeople, intoNearestTenants } from '../evidence';
import { FINDINGS_DEPTH, IDENTITY, PERSON } from '../facts';

export default check(
  { code: 'POOLED_ADMIN_ACCOUNT', title: 'Pooled admin account across clients', severity: 'CRITICAL', maps: 'OWASP NHI9, NHI10; CSF PR.AA-02; 800-53 AC-2(9), IA-4' },
  (facts, emit) => ({
    *finish() {
      const isPerson = (v: number) => facts.kind[v] === PERSON;
      for (const v of facts.index.nodesOfKind(IDENTITY)) {
        yield;
        const reach = facts.profile(v);
        if (reach.systemTenants < 2) continue;
        // One reverse search on the index's reused workspace, counting people.
        const people = facts.index.summary(v, 'in', FINDINGS_DEPTH, facts.asOf, isPerson).count;
        if (people < 2) continue;
        emit({
          entity: v,
          tenants: facts.tenantsOf(v),
          detail: `${people} people can act as it, and it reaches systems in ${reach.systemTenants} tenants.`,
          evidence: (): Step[][] => [...fromNearestPeople(facts, [v], 2), ...intoNearestTenants(facts, v, 2, true)],
        });
      }
    },
  }),
);
