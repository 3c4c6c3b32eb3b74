/**
 * UNOWNED_PRIVILEGED_PATH: an accountability gap on privileged access from a
 * person to a client system. The risk: privileged access that nobody
 * answers for (no active owner to remove it on the day it should go, no
 * approver or justification to show anyone meant it) is what a leaver or an
 * attacker keeps using unnoticed; the gaps that matter most are those a
 * person can walk through to privileged reach.
 *
 * A gap is what unaccountablePaths lists (docs/semantics.md): an Identity,
 * Tool or Role not accountably owned at asOf, or a present access record
 * with NO_APPROVAL and/or NO_JUSTIFICATION whose `from` is not disabled.
 * With the same halves, at the default depth D: an entity gap E needs a
 * person reaching E within D and a system reached from E within D; a record
 * gap FROM -> TO a person reaching FROM within D - 1 (a Person FROM counts
 * itself) and a system reached from TO within D - 1 (a System TO counts
 * itself). Raised when some such pair of halves makes a privileged path:
 * the upstream walk, the record itself, or the downstream walk passes a
 * privileged record or privileged Role. One finding per gap subject (the
 * detail names its reasons); tenants: those of the systems at the end of
 * privileged paths through it. Evidence: one such path, shortest first.
 *
 * Cost: the upstream half is one two-state search from every person at once
 * (FindingFacts.personReach); the downstream half one two-state search per
 * distinct downstream entity, memoized, on one reused workspace.
 */
import type { GapReason } from '../../generated/graphql';
import type { Step } from '../../reach/traversal';
import { check } from '../catalog';
import { count, GAP_TEXT } from '../describe';
import { FINDINGS_DEPTH, IDENTITY, ROLE, SYSTEM, TOOL, type FindingFacts } from '../facts';

interface Downstream {
  systems: number;
  tenants: number[];
}

/** Whether a person reaches `node` within `budget`, by any walk and by a privileged one. */
function upstream(facts: FindingFacts, node: number, budget: number): { plain: boolean; privileged: boolean } {
  const up = facts.personReach();
  const within = (state: number) => up.distance(state) >= 0 && up.distance(state) <= budget;
  return { plain: within(node * 2), privileged: within(node * 2 + 1) };
}

/** Systems reached from `node` within `budget` (all of them, or only by a privileged walk), and their tenants. */
function downstream(facts: FindingFacts, memo: Map<string, Downstream>, node: number, budget: number, all: boolean): Downstream {
  const key = `${node}:${budget}:${all ? 1 : 0}`;
  let found = memo.get(key);
  if (found) return found;
  const tenants = facts.tenantCollector();
  let systems = 0;
  if (facts.kind[node] === SYSTEM) {
    // A System TO is its own (and only) system, reached by no walk: privileged only through the upstream half or the record.
    if (all) {
      systems = 1;
      tenants.add(facts.index.tenantOf(node));
    }
  } else {
    const search = facts.work.run([node], 'out', budget, true);
    const counted = new Set<number>();
    for (const st of search.order()) {
      const v = st >> 1;
      if (facts.kind[v] !== SYSTEM || (!all && (st & 1) === 0) || counted.has(v)) continue;
      counted.add(v);
      tenants.add(facts.index.tenantOf(v));
    }
    systems = counted.size;
  }
  memo.set(key, (found = { systems, tenants: tenants.list }));
  return found;
}

/** One privileged path through the gap: the upstream walk, the record (if the gap is one), the downstream walk. */
function example(facts: FindingFacts, upNode: number, downNode: number, budget: number, middle: number | null, gapPrivileged: boolean): Step[][] {
  const up = facts.personReach();
  const upDistance = (flag: number) => {
    const d = up.distance(upNode * 2 + flag);
    return d >= 0 && d <= budget ? d : -1;
  };
  const down = facts.work.run([downNode], 'out', budget, true);
  // Nearest system in any state and in the privileged state (then lowest id).
  let any = -1;
  let privileged = -1;
  const better = (st: number, best: number) =>
    best < 0 || down.distance(st) < down.distance(best) || (down.distance(st) === down.distance(best) && facts.id(st >> 1) < facts.id(best >> 1));
  for (const st of down.order()) {
    if (facts.kind[st >> 1] !== SYSTEM) continue;
    if (better(st, any)) any = st;
    if (st & 1 && better(st, privileged)) privileged = st;
  }
  const options: { upState: number; downState: number; length: number }[] = [];
  const add = (flag: number, downState: number) => {
    const d = upDistance(flag);
    if (d >= 0 && downState >= 0) options.push({ upState: upNode * 2 + flag, downState, length: d + down.distance(downState) });
  };
  add(1, any);
  if (gapPrivileged) add(0, any);
  add(0, privileged);
  if (options.length === 0) return [];
  const best = options.reduce((a, b) => (b.length < a.length ? b : a));
  const steps = [...up.witness(best.upState), ...(middle === null ? [] : [facts.index.step(middle)]), ...down.witness(best.downState)];
  return [steps];
}

export default check(
  { code: 'UNOWNED_PRIVILEGED_PATH', title: 'Accountability gap on a privileged path', severity: 'HIGH', maps: 'OWASP NHI1; CSF GV.RR-02, PR.AA-01; 800-53 AC-2' },
  (facts, emit) => {
    const gaps: { edge: number; reasons: GapReason[] }[] = [];
    return {
      record(r) {
        if ((r.approved && r.justified) || facts.disabled[r.from]) return;
        const reasons: GapReason[] = [];
        if (!r.approved) reasons.push('NO_APPROVAL');
        if (!r.justified) reasons.push('NO_JUSTIFICATION');
        gaps.push({ edge: r.edge, reasons });
      },
      *finish() {
        const memo = new Map<string, Downstream>();
        const D = FINDINGS_DEPTH;
        const raise = (subject: { entity?: number; edge?: number }, reasons: GapReason[], upNode: number, downNode: number, budget: number, gapPrivileged: boolean) => {
          const up = upstream(facts, upNode, budget);
          if (!up.plain && !up.privileged) return;
          const down = downstream(facts, memo, downNode, budget, up.privileged || gapPrivileged);
          if (down.systems === 0) return;
          const middle = subject.edge ?? null;
          emit({
            ...subject,
            tenants: down.tenants,
            records: middle === null ? [] : [middle],
            detail: `Accountability gap: ${reasons.map((r) => GAP_TEXT[r]).join('; ')}; it lies on a privileged path from a person to ${count(down.systems, 'system', 'systems')}.`,
            evidence: () => example(facts, upNode, downNode, budget, middle, gapPrivileged),
          });
        };
        for (const kind of [IDENTITY, TOOL, ROLE]) {
          for (const v of facts.index.nodesOfKind(kind)) {
            yield;
            const gap = facts.ownerGap(v);
            if (gap) raise({ entity: v }, [gap], v, v, D, false);
          }
        }
        for (const g of gaps) {
          yield;
          raise({ edge: g.edge }, g.reasons, facts.from[g.edge], facts.to[g.edge], D - 1, facts.privileged[g.edge] === 1);
        }
      },
    };
  },
);
