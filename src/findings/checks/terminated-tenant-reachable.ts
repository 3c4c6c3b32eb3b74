/**
 * TERMINATED_TENANT_REACHABLE: a former client still reachable by MSP staff.
 * The risk: after a contract ends the MSP has no mandate to touch the
 * client's systems; any path left (an RMM agent, a pod's shared account) is
 * unauthorised access waiting to happen, and a liability for both sides.
 *
 * Raised for each visible Tenant whose contractStatus is TERMINATED and
 * whose contractEndedAt, if recorded, is at or before asOf (a later end date
 * is a notice period), when at least one Person reaches the tenant or one of
 * its systems at asOf within the findings depth (identities alone do not
 * raise it: a path that no person can start is not a person's access).
 * Evidence: the path from the nearest person; the detail gives the count.
 */
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { at, count } from '../describe';
import { fromNearestPeople } from '../evidence';
import { FINDINGS_DEPTH, PERSON, TENANT } from '../facts';

export default check(
  { code: 'TERMINATED_TENANT_REACHABLE', title: 'Terminated client still reachable', severity: 'CRITICAL', maps: 'OWASP NHI1; CSF GV.SC-10; 800-53 PS-7' },
  (facts, emit) => ({
    finish() {
      for (const t of facts.index.nodesOfKind(TENANT)) {
        if (facts.row(t)?.contractStatus !== 'TERMINATED') continue;
        const ended = facts.instant(t, 'contractEndedAt');
        if (ended !== null && ended > facts.asOf) continue;
        const targets = [t, ...facts.index.systemsOf(t)];
        const search = facts.work.run(targets, 'in', FINDINGS_DEPTH, false);
        let people = 0;
        for (const st of search.order()) if (facts.kind[st >> 1] === PERSON) people++;
        if (people === 0) continue;
        emit({
          entity: t,
          tenants: [t],
          since: ended,
          detail: `Contract terminated${ended === null ? '' : ` ${at(ended)}`}; ${count(people, 'person', 'people')} can still reach it or its systems.`,
          evidence: (): Step[][] => fromNearestPeople(facts, targets, 1),
        });
      }
    },
  }),
);
