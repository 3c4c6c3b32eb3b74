/**
 * STALE_CREDENTIAL: a credential old enough, or known to enough departed
 * people, to be presumed exposed. The risk: a secret's exposure grows with
 * its age, and everyone who held it keeps it after they leave unless it is
 * rotated; an unrotated shared password is a leaver's way back in.
 *
 * Raised for each enabled Identity (a disabled one cannot act) when, at asOf:
 * - its credentialRotatedAt is more than PATHWARDEN_ROTATION_DAYS ago (an
 *   identity with no rotation recorded gives no date to measure: not this
 *   branch), or
 * - a person who used it departed (a dated departure at or before asOf)
 *   after its last rotation, or it was never rotated: "used" = held a USES
 *   record to it, directly or through a team they were a member of, at
 *   some instant before their departure. A DEPARTED person with no
 *   departedAt gives no instant to compare and is left out.
 * A rotation recorded after asOf is not known at asOf. One finding per
 * identity, naming the branches that apply; evidence: the USES (and
 * MEMBER_OF) records of the departed users; since: the earliest instant a
 * branch began to hold.
 */
import { DAY_MS } from '../../governance/policy';
import { check } from '../catalog';
import { at } from '../describe';
import { IDENTITY, PERSON, TEAM, type FindingFacts } from '../facts';

/** Departed people who held identity i before leaving, with their departure and the records that show it. */
function departedUsers(facts: FindingFacts, i: number): { person: number; departed: number; edges: number[] }[] {
  const { index } = facts;
  const users = new Map<number, { person: number; departed: number; edges: number[] }>();
  // Visible records only: a record is visible when present at its own grant.
  const span = (e: number) => {
    const r = index.record(e);
    return index.isPresent(e, r.grantedAt) ? { start: r.grantedAt, end: r.revokedAt ?? Infinity, kind: r.kind } : null;
  };
  const add = (person: number, start: number, edges: number[]) => {
    const departed = facts.departed(person) ? facts.instant(person, 'departedAt') : null;
    if (departed === null || start >= departed) return;
    const user = users.get(person) ?? users.set(person, { person, departed, edges: [] }).get(person)!;
    user.edges.push(...edges.filter((e) => !user.edges.includes(e)));
  };
  for (const e of index.inEdges(i)) {
    const holder = facts.from[e];
    if (facts.kind[holder] !== PERSON && facts.kind[holder] !== TEAM) continue;
    const uses = span(e);
    if (!uses || uses.kind !== 'USES') continue;
    if (facts.kind[holder] === PERSON) {
      add(holder, uses.start, [e]);
      continue;
    }
    for (const m of index.inEdges(holder)) {
      const member = span(m);
      // Only people are users who may leave: an Identity member (a group account) departs nothing.
      if (!member || facts.kind[facts.from[m]] !== PERSON) continue;
      const start = Math.max(member.start, uses.start);
      if (start < Math.min(member.end, uses.end)) add(facts.from[m], start, [m, e]);
    }
  }
  return [...users.values()];
}

export default check(
  { code: 'STALE_CREDENTIAL', title: 'Stale credential', severity: 'MEDIUM', maps: 'OWASP NHI7; 800-53 AC-2(k)' },
  (facts, emit) => ({
    finish() {
      const limit = facts.policy.rotationDays * DAY_MS;
      for (const v of facts.index.nodesOfKind(IDENTITY)) {
        if (facts.disabled[v]) continue;
        const recorded = facts.instant(v, 'credentialRotatedAt');
        const rotated = recorded !== null && recorded <= facts.asOf ? recorded : null;
        const old = rotated !== null && facts.asOf - rotated > limit;
        const leavers = departedUsers(facts, v).filter((u) => rotated === null || rotated < u.departed);
        if (!old && leavers.length === 0) continue;
        const reasons: string[] = [];
        if (old) reasons.push(`rotated ${at(rotated!)}, more than ${facts.policy.rotationDays} days ago`);
        if (leavers.length) {
          const names = leavers.map((u) => facts.id(u.person)).sort();
          reasons.push(`${rotated === null ? 'never rotated' : 'not rotated'} since ${names.join(', ')} departed`);
        }
        const starts = [...(old ? [rotated! + limit] : []), ...leavers.map((u) => u.departed)];
        emit({
          entity: v,
          tenants: facts.tenantsOf(v),
          records: [...new Set(leavers.flatMap((u) => u.edges))],
          since: Math.min(...starts),
          detail: `Credential ${reasons.join('; ')}.`,
        });
      }
    },
  }),
);
