/**
 * UNAPPROVED_ACCESS: access nobody independent approved. The risk: without a
 * named approver there is no evidence anyone decided the access should
 * exist, and an approver who holds the access themselves is no check at all
 * (separation of duties: "an approver may not approve their own access").
 *
 * Raised for each access record present at asOf that has no approver, or
 * whose approver holds it: the approver is its `from` Person, or its `from`
 * is an Identity the approver USES (directly, or through a team the approver
 * is a member of), at asOf or at the record's grant (the moment of
 * approval). Evidence: the record, and for self-approval the approver's
 * path to the identity (its records are listed too).
 */
import type { IndexRecord } from '../../reach/index/reach-index';
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { recordPaths } from '../evidence';
import { IDENTITY, PERSON, type FindingFacts } from '../facts';

/** A span during which a person held an identity, and the records that show it (in walking order). */
interface Held {
  start: number;
  end: number;
  proof: number[];
}

/**
 * Everyone who USES identity i, directly or through a team, with the spans
 * during which they did (visible records only). Runs inside the record
 * pass, so it reads each record from the index, not from the report's edge
 * arrays.
 */
function holders(facts: FindingFacts, i: number): Map<number, Held[]> {
  const { index } = facts;
  const held = new Map<number, Held[]>();
  const add = (person: number, span: Held) => (held.get(person) ?? held.set(person, []).get(person)!).push(span);
  // A record is visible to this viewer when it is present at its own grant (an empty span never is).
  const visible = (e: number) => {
    const r = index.record(e);
    return index.isPresent(e, r.grantedAt) ? r : null;
  };
  for (const e of index.inEdges(i)) {
    const uses = visible(e);
    if (!uses || uses.kind !== 'USES') continue;
    const usesEnd = uses.revokedAt ?? Infinity;
    if (facts.kind[uses.from] === PERSON) {
      add(uses.from, { start: uses.grantedAt, end: usesEnd, proof: [e] });
      continue;
    }
    // USES comes from a Person or a Team. A team's members are people and
    // identities (MEMBER_OF is Person|Identity -> Team); only people hold
    // access for separation of duties, as holders.cypher says.
    for (const m of index.inEdges(uses.from)) {
      const member = visible(m);
      if (!member || facts.kind[member.from] !== PERSON) continue;
      const start = Math.max(member.grantedAt, uses.grantedAt);
      const end = Math.min(member.revokedAt ?? Infinity, usesEnd);
      if (start < end) add(member.from, { start, end, proof: [m, e] });
    }
  }
  return held;
}

/** What every finding of record r says. A function here, not a closure made per record: see reach-index.ts on keepNames. */
function finding(facts: FindingFacts, r: IndexRecord) {
  return { edge: r.edge, accessId: r.id, tenants: facts.tenantsOf(r.to), since: r.grantedAt };
}

export default check(
  { code: 'UNAPPROVED_ACCESS', title: 'Unapproved or self-approved access', severity: 'HIGH', maps: 'CSF PR.AA-05; 800-53 AC-2(e), AC-5' },
  (facts, emit) => {
    const byIdentity = new Map<number, Map<number, Held[]>>();
    return {
      record(r) {
        if (!r.approved) {
          emit({ ...finding(facts, r), detail: 'No approver is recorded.' });
          return;
        }
        // An approver the index does not know as a Person cannot be shown to hold anything.
        if (r.approver < 0 || facts.kind[r.approver] !== PERSON) return;
        const approver = facts.id(r.approver);
        if (r.approver === r.from) {
          emit({ ...finding(facts, r), detail: `Self-approved: ${approver} approved their own access.` });
          return;
        }
        if (facts.kind[r.from] !== IDENTITY) return;
        let users = byIdentity.get(r.from);
        if (!users) byIdentity.set(r.from, (users = holders(facts, r.from)));
        const held = users.get(r.approver);
        if (!held) return;
        const during = (t: number) => held.find((s) => s.start <= t && t < s.end);
        const span = during(facts.asOf) ?? during(r.grantedAt);
        if (!span) return;
        const { proof } = span;
        const edge = r.edge; // r is refilled for the next record before evidence is asked for
        const team = proof.length === 2 ? ` through ${facts.id(facts.index.record(proof[0]).to)}` : '';
        emit({
          ...finding(facts, r),
          records: [edge, ...proof],
          detail: `Self-approved: ${approver} approved access for ${facts.id(r.from)}, which they use${team}.`,
          evidence: (): Step[][] => [...recordPaths(facts, [edge]), proof.map((e) => facts.index.step(e))],
        });
      },
    };
  },
);
