/**
 * Who can act as which identity, on the reach index: the three ways of
 * domain.md's POOLED_ADMIN_ACCOUNT ("act as: directly, through a team, or by
 * checking its credential out of a vault"). Offboarding uses it twice: the
 * identities a leaver could act as (their credentials may have been seen, so
 * they need rotating) and who else still acts as each (rotate and hand the new
 * secret over, or disable it when nobody does).
 *
 * A person acts as identity I at T when, among records present at T:
 * - USES: the person has a USES record into I;
 * - TEAM: the person is a member (MEMBER_OF) of a Team with a USES record into I;
 * - VAULT: the person reaches, within maxDepth - 1 steps, a Tool with a
 *   CAN_ACCESS record into I (a vault or an integration holding its credential),
 *   under the traversal's own rules (a disabled identity passes nothing on).
 */
import type { AccessKind, CredentialRoute, EntityKind } from '../generated/graphql';
import { KINDS, type ReachIndex } from '../reach/index/reach-index';

const code = (kind: EntityKind) => KINDS.indexOf(kind);
const ROUTES: readonly CredentialRoute[] = ['USES', 'TEAM', 'VAULT'];

/**
 * The entities of `otherKind` at the far end of the present access records
 * (never containment) of `kind` at `at` that leave `n` ('out') or enter it ('in').
 */
function across(index: ReachIndex, n: number, direction: 'out' | 'in', at: number, kind: AccessKind, otherKind: EntityKind): number[] {
  const edges = direction === 'out' ? index.outEdges(n) : index.inEdges(n);
  const end = direction === 'out' ? 1 : 0;
  const found: number[] = [];
  for (const e of edges) {
    if (!index.isPresent(e, at)) continue;
    const record = index.record(e);
    if (record.id === null || record.kind !== kind) continue;
    const m = index.edgeEnds(e)[end];
    if (index.kindOf(m) === code(otherKind)) found.push(m);
  }
  return found;
}

/** Present records of `kind` leaving `n` into entities of `toKind`: the entities they enter. */
const outTo = (index: ReachIndex, n: number, at: number, kind: AccessKind, toKind: EntityKind) => across(index, n, 'out', at, kind, toKind);

/** Present records of `kind` entering `n` from entities of `fromKind`: the entities they leave. */
const inFrom = (index: ReachIndex, n: number, at: number, kind: AccessKind, fromKind: EntityKind) => across(index, n, 'in', at, kind, fromKind);

/** The identities person `p` can act as at `at`, each with the routes (USES, TEAM, VAULT order), by identity id. */
export function usableBy(index: ReachIndex, p: number, at: number, maxDepth: number): { identityId: string; routes: CredentialRoute[] }[] {
  const found = new Map<number, Set<CredentialRoute>>();
  const add = (i: number, route: CredentialRoute) => (found.get(i) ?? found.set(i, new Set()).get(i)!).add(route);
  for (const i of outTo(index, p, at, 'USES', 'IDENTITY')) add(i, 'USES');
  for (const team of outTo(index, p, at, 'MEMBER_OF', 'TEAM')) for (const i of outTo(index, team, at, 'USES', 'IDENTITY')) add(i, 'TEAM');
  const reached = index.search([p], 'out', maxDepth - 1, at);
  for (const n of reached.nodes) {
    if (index.kindOf(n) === code('TOOL')) for (const i of outTo(index, n, at, 'CAN_ACCESS', 'IDENTITY')) add(i, 'VAULT');
  }
  return [...found]
    .map(([i, routes]) => ({ identityId: index.ids[i], routes: ROUTES.filter((r) => routes.has(r)) }))
    .sort((a, b) => (a.identityId < b.identityId ? -1 : 1));
}

/**
 * The people who can act as an identity at `at` (ids, sorted), as a function
 * of the identity. The reverse search from the tools holding a credential is
 * shared by every identity those same tools hold (a vault holds thousands),
 * so each distinct set of tools is searched once.
 */
export function usersOf(index: ReachIndex, at: number, maxDepth: number): (i: number) => string[] {
  const viaVaults = new Map<string, number[]>();
  return (i) => {
    const people = new Set<number>(inFrom(index, i, at, 'USES', 'PERSON'));
    for (const team of inFrom(index, i, at, 'USES', 'TEAM')) for (const p of inFrom(index, team, at, 'MEMBER_OF', 'PERSON')) people.add(p);
    const vaults = [...new Set(inFrom(index, i, at, 'CAN_ACCESS', 'TOOL'))].sort((a, b) => a - b);
    if (vaults.length > 0) {
      const key = vaults.join(',');
      let found = viaVaults.get(key);
      if (!found) {
        found = [...index.search(vaults, 'in', maxDepth - 1, at).nodes].filter((n) => index.kindOf(n) === code('PERSON'));
        viaVaults.set(key, found);
      }
      for (const p of found) people.add(p);
    }
    return [...people].map((p) => index.ids[p]).sort();
  };
}
