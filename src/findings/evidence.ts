/**
 * Witness paths for reach findings, traced on the report's search workspace
 * when a client asks for a finding's evidence (never while the report is
 * computed). Evidence is the least that proves the finding, nearest first
 * (then lowest id): the full sets are one blastRadius or whoCanReach away,
 * and the finding's detail gives their counts.
 */
import type { ReachIndex } from '../reach/index/reach-index';
import type { Step } from '../reach/traversal';
import { FINDINGS_DEPTH, PERSON, SYSTEM, TENANT, type FindingFacts } from './facts';

type Pick = { node: number; distance: number; state: number };

/** Whether a is nearer than b, then lower in id. */
function before(facts: FindingFacts, a: Pick, b: Pick | undefined): boolean {
  return !b || a.distance < b.distance || (a.distance === b.distance && facts.id(a.node) < facts.id(b.node));
}

/** Paths from the `count` nearest people to any of `targets` (each path walks from the person). */
export function fromNearestPeople(facts: FindingFacts, targets: readonly number[], count: number): Step[][] {
  const search = facts.work.run(targets, 'in', FINDINGS_DEPTH, false);
  const people: Pick[] = [];
  for (const st of search.order()) {
    const v = st >> 1;
    if (facts.kind[v] === PERSON && !targets.includes(v)) people.push({ node: v, distance: search.distance(st), state: st });
  }
  people.sort((a, b) => a.distance - b.distance || (facts.id(a.node) < facts.id(b.node) ? -1 : 1));
  return people.slice(0, count).map((p) => search.witness(p.state));
}

/**
 * Paths from `source` into the `count` nearest tenants it reaches: to each
 * tenant's nearest system, or to the tenant itself when none of its systems
 * is within depth (and `systemsOnly` is false).
 */
export function intoNearestTenants(facts: FindingFacts, source: number, count: number, systemsOnly: boolean): Step[][] {
  const search = facts.work.run([source], 'out', FINDINGS_DEPTH, false);
  const bySystem = new Map<number, Pick>();
  const direct = new Map<number, Pick>();
  for (const st of search.order()) {
    const v = st >> 1;
    const pick = { node: v, distance: search.distance(st), state: st };
    if (facts.kind[v] === SYSTEM) {
      const t = facts.index.tenantOf(v);
      if (before(facts, pick, bySystem.get(t))) bySystem.set(t, pick);
    } else if (facts.kind[v] === TENANT && !systemsOnly && v !== source) direct.set(v, pick);
  }
  for (const [t, pick] of direct) if (!bySystem.has(t)) bySystem.set(t, pick);
  const tenants = [...bySystem.entries()].sort(([ta, a], [tb, b]) => a.distance - b.distance || (facts.id(ta) < facts.id(tb) ? -1 : 1));
  return tenants.slice(0, count).map(([, pick]) => search.witness(pick.state));
}

/** The path from `source` to its nearest system (then lowest id) that `accept` accepts, or none. */
export function toNearestSystem(facts: FindingFacts, source: number, accept: (system: number) => boolean): Step[][] {
  const search = facts.work.run([source], 'out', FINDINGS_DEPTH, false);
  let best: Pick | undefined;
  for (const st of search.order()) {
    const v = st >> 1;
    const pick = { node: v, distance: search.distance(st), state: st };
    if (facts.kind[v] === SYSTEM && accept(v) && before(facts, pick, best)) best = pick;
  }
  return best ? [search.witness(best.state)] : [];
}

/** Each access record as a one-step path. */
export function recordPaths(source: { index: ReachIndex }, edges: readonly number[]): Step[][] {
  return edges.map((e) => [source.index.step(e)]);
}
