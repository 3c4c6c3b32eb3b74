/**
 * HUMAN_USE_OF_NHI: a person operating a non-human identity. The risk: a
 * service account, API key or automation identity used by people loses what
 * makes it safe to automate (no interactive use, a known caller), escapes the
 * controls on human accounts (MFA, leaver process) and makes every action
 * taken with it unattributable.
 *
 * Raised per SERVICE_ACCOUNT, API_KEY or AUTOMATION identity that at asOf
 * has a present USES record from a Person, or from a Team that a person is
 * a present member of, directly or through an enabled account they USE (an
 * account in a directory group); a team with no members is used by nobody.
 * One finding per identity; evidence: one path per person and route
 * (person -> identity, person -> team -> identity, or person -> account ->
 * team -> identity), by person id; records: the USES records.
 */
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { count } from '../describe';
import { IDENTITY, NON_HUMAN_KINDS, PERSON, TEAM } from '../facts';

export default check(
  { code: 'HUMAN_USE_OF_NHI', title: 'Human use of a non-human identity', severity: 'HIGH', maps: 'OWASP NHI10; CSF PR.AA-02' },
  (facts, emit) => {
    const uses = new Map<number, { edge: number; grantedAt: number }[]>();
    return {
      record(r) {
        if (r.kind !== 'USES' || !NON_HUMAN_KINDS.has(facts.identityKind(r.to) ?? '')) return;
        (uses.get(r.to) ?? uses.set(r.to, []).get(r.to)!).push({ edge: r.edge, grantedAt: r.grantedAt });
      },
      finish() {
        const { index, step, from } = facts;
        for (const [nhi, records] of uses) {
          // Each route: the records from a person to the identity, in walking order, and since when the route exists.
          const routes: { person: number; edges: number[]; since: number }[] = [];
          for (const u of records) {
            const holder = from[u.edge];
            if (facts.kind[holder] === PERSON) routes.push({ person: holder, edges: [u.edge], since: u.grantedAt });
            else if (facts.kind[holder] === TEAM) {
              for (const m of index.inEdges(holder)) {
                if (!step[m]) continue;
                const member = from[m];
                const since = Math.max(index.record(m).grantedAt, u.grantedAt);
                if (facts.kind[member] === PERSON) routes.push({ person: member, edges: [m, u.edge], since });
                // An account in the team (a directory group): the people who use that account use the NHI
                // through it, unless the account is disabled (it cannot act).
                else if (facts.kind[member] === IDENTITY && !facts.disabled[member]) {
                  for (const p of index.inEdges(member)) {
                    if (step[p] && facts.kind[from[p]] === PERSON && index.record(p).kind === 'USES') {
                      routes.push({ person: from[p], edges: [p, m, u.edge], since: Math.max(index.record(p).grantedAt, since) });
                    }
                  }
                }
              }
            }
          }
          if (routes.length === 0) continue;
          routes.sort((a, b) => cmp(facts.id(a.person), facts.id(b.person)) || a.edges.length - b.edges.length || cmp(facts.accessId(a.edges[0]), facts.accessId(b.edges[0])));
          const people = new Set(routes.map((r) => r.person)).size;
          const direct = new Set(routes.filter((r) => r.edges.length === 1).map((r) => r.person)).size;
          emit({
            entity: nhi,
            tenants: facts.tenantsOf(nhi),
            records: records.map((u) => u.edge).filter((e) => routes.some((r) => r.edges.includes(e))),
            since: Math.min(...routes.map((r) => r.since)),
            detail: `${facts.identityKind(nhi)} identity used by ${count(people, 'person', 'people')} (${direct} directly, ${people - direct} only through a team).`,
            evidence: (): Step[][] => routes.map((r) => r.edges.map((e) => index.step(e))),
          });
        }
      },
    };
  },
);

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
