/**
 * DEPARTED_PERSON_ACCESS: a leaver who still holds access. The risk: the
 * most common way former staff keep reaching client systems is a team
 * membership or a credential nobody removed on their last day; every path
 * they have starts with one of these records.
 *
 * Raised per Person departed at asOf (departedAt <= asOf, or DEPARTED with
 * no date) who is the `from` of at least one present MEMBER_OF or USES
 * record. Evidence: those records (one finding per person, so one leaver is
 * one item to work through); tenants: those the records lead to.
 */
import { check } from '../catalog';
import { at, count } from '../describe';
import { PERSON } from '../facts';

export default check(
  { code: 'DEPARTED_PERSON_ACCESS', title: 'Departed person still has access', severity: 'CRITICAL', maps: 'CSF GV.RR-04, PR.AA-05; 800-53 PS-4, AC-2(3); CIS 6.2' },
  (facts, emit) => {
    const held = new Map<number, number[]>();
    return {
      record(r) {
        if ((r.kind !== 'MEMBER_OF' && r.kind !== 'USES') || facts.kind[r.from] !== PERSON || !facts.departed(r.from)) return;
        (held.get(r.from) ?? held.set(r.from, []).get(r.from)!).push(r.edge);
      },
      finish() {
        for (const [person, records] of held) {
          const edges = [...records].sort((a, b) => (facts.accessId(a) < facts.accessId(b) ? -1 : 1));
          const departed = facts.instant(person, 'departedAt');
          const what = edges.map((e) => `${facts.index.record(e).kind} ${facts.id(facts.to[e])}`).join(', ');
          emit({
            entity: person,
            tenants: facts.union(edges.map((e) => facts.tenantsOf(facts.to[e]))),
            records: edges,
            since: departed,
            detail: `${departed === null ? 'Departed' : `Departed ${at(departed)}`} and still holds ${count(edges.length, 'access record', 'access records')}: ${what}.`,
          });
        }
      },
    };
  },
);
