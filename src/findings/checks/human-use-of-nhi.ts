/**
 * HUMAN_USE_OF_NHI: a person operating a non-human identity. The risk: a
 * service account, API key or automation identity used by people loses what
 * makes it safe to automate (no interactive use, a known caller), escapes the
 * controls on human accounts (MFA, leaver process) and makes every action
 * taken with it unattributable.
 *
 * Raised per SERVICE_ACCOUNT, API_KEY or AUTOMATION identity that at asOf
 * has a present USES record from a Person, or from a Team with at least one
 * present Person member (a team with no members, or only accounts as
 * members, is used by no person). One finding per
 * identity; evidence: one path per person and route (person -> identity, or
 * person -> team -> identity), by person id; records: the USES records.
 */
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { count } from '../describe';
import { NON_HUMAN_KINDS, PERSON, TEAM } from '../facts';

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
              // Members that are people: an Identity in the team (a group account) is no person using it.
              for (const m of index.inEdges(holder)) {
                if (step[m] && facts.kind[from[m]] === PERSON) routes.push({ person: from[m], edges: [m, u.edge], since: Math.max(index.record(m).grantedAt, u.grantedAt) });
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
