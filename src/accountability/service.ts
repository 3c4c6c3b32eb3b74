/**
 * The unaccountable-paths report (domain.md, "Accountability"): every gap,
 * on an Identity/Tool/Role or on an access record, that lies on a path from
 * a Person to a System, with how many people reach it (upstream, within
 * maxDepth), how many systems it leads to (downstream, within maxDepth;
 * only the filtered tenant's when tenantId is given) and one example path.
 *
 * For a gap on an access record FROM -> TO the record is itself a step:
 * people count when they reach FROM within maxDepth - 1 (so the record is
 * used within maxDepth), systems when reached from TO within maxDepth - 1.
 * A gap is listed when both counts are above zero. The searches run over the
 * whole graph as the reach index holds it at the request's start, and the
 * search from one entity in one direction is done once, however many gaps
 * share it. Over a large graph that is about a second of searches, so it runs
 * like a findings report: in slices of about PATHWARDEN_REPORT_SLICE_MS,
 * other requests answered in between, holding the index's gate so that
 * every slice sees one state (reach/index/gate.ts).
 */
import { asOfArg, maxDepthArg } from '../arguments';
import { badArgument, notFound } from '../errors';
import type { GapReason } from '../generated/graphql';
import { DEFAULT_MAX_DEPTH } from '../graph/vocabulary';
import { compareKeys, pageOf, type Connection } from '../pagination';
import type { Slicer } from '../reach/index/gate';
import { KINDS, NO_APPROVAL, NO_JUSTIFICATION, PERSON, SYSTEM, type ReachIndex } from '../reach/index/reach-index';
import { pathOf } from '../reach/model';
import type { Step } from '../reach/traversal';
import type { Traverser } from '../reach/traverser';
import { entityGaps, needsOwner } from './gaps';
import type { GapModel } from './model';

export interface UnaccountableArgs {
  tenantId?: string | null;
  maxDepth?: number | null;
  asOf?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Every gap reason, in report order (the GapReason enum; /metrics labels by it). */
export const GAP_REASONS: readonly GapReason[] = ['OWNER_DEPARTED', 'OWNER_IS_TEAM', 'NO_OWNER', 'NO_APPROVAL', 'NO_JUSTIFICATION'];

/** Report order: most systems exposed, then most people, then subject id and reason (stable across pages). */
const sortKey = (g: GapModel) => [-g.systemsExposed, -g.peopleExposed, g.entityId ?? g.accessId ?? '', GAP_REASONS.indexOf(g.reason)];

type Summary = { count: number; witness: Step[] | null };

export class AccountabilityService {
  constructor(
    private readonly traverser: Traverser,
    private readonly now: string,
  ) {}

  async unaccountablePaths(args: UnaccountableArgs): Promise<Connection<GapModel>> {
    const maxDepth = maxDepthArg(args.maxDepth, DEFAULT_MAX_DEPTH);
    const asOf = asOfArg(args.asOf, this.now);
    const gaps = await this.report(args.tenantId ?? null, maxDepth, asOf);
    return pageOf(gaps, sortKey, 4, args.first, args.after);
  }

  /** Every gap of the report at the default depth, in report order (/metrics counts them by reason). */
  async allGaps(args: Pick<UnaccountableArgs, 'asOf'> = {}): Promise<GapModel[]> {
    return this.report(null, DEFAULT_MAX_DEPTH, asOfArg(args.asOf, this.now));
  }

  private async report(tenantId: string | null, maxDepth: number, asOf: { ms: number; iso: string }): Promise<GapModel[]> {
    const index = await this.traverser.wholeGraph();
    return index.gate.holdInSlices((slice) => this.gapsOn(index, tenantId, maxDepth, asOf, slice));
  }

  private async gapsOn(index: ReachIndex, tenantId: string | null, maxDepth: number, asOf: { ms: number; iso: string }, slice: Slicer): Promise<GapModel[]> {
    let tenant = -1;
    if (tenantId !== null) {
      const t = index.node(tenantId);
      if (t === undefined) throw notFound('tenantId', tenantId);
      const kind = KINDS[index.kindOf(t)];
      if (kind !== 'TENANT') throw badArgument('tenantId', `${JSON.stringify(tenantId)} is a ${kind}, not a TENANT`);
      tenant = t;
    }
    const owned = ['IDENTITY', 'TOOL', 'ROLE'].flatMap((k) => index.nodesOfKind(KINDS.indexOf(k as never)));

    const isPerson = (n: number) => index.kindOf(n) === PERSON;
    const isSystem = (n: number) => index.kindOf(n) === SYSTEM && (tenant < 0 || index.tenantOf(n) === tenant);
    const memo = new Map<string, Summary>();
    const summary = (n: number, direction: 'in' | 'out', depth: number): Summary => {
      const key = `${direction}${depth}:${n}`;
      let s = memo.get(key);
      if (!s) memo.set(key, (s = index.summary(n, direction, depth, asOf.ms, direction === 'in' ? isPerson : isSystem)));
      return s;
    };
    const report: GapModel[] = [];
    const add = (entityId: string | null, accessId: string | null, reasons: GapReason[], up: Summary, down: Summary, middle: Step[]) => {
      if (!up.witness || !down.witness) return;
      const example = pathOf([...up.witness, ...middle, ...down.witness], asOf.iso);
      for (const reason of reasons) {
        report.push({ entityId, accessId, reason, peopleExposed: up.count, systemsExposed: down.count, example, asOf: asOf.iso });
      }
    };

    // Gaps on entities: the entity is the meeting point of the two halves.
    for (const n of owned) {
      const info = index.info(n);
      if (!needsOwner(info.kind)) continue;
      const reasons = entityGaps(info.kind, index.ownerLinks(info.id), asOf.ms);
      if (reasons.length === 0) continue;
      add(info.id, null, reasons, summary(n, 'in', maxDepth), summary(n, 'out', maxDepth), []);
      await slice.next();
    }
    // Gaps on access records: the record is a step between its two halves.
    for (const { edge, step, flags } of index.gapEdges(asOf.ms)) {
      const reasons: GapReason[] = [];
      if (flags & NO_APPROVAL) reasons.push('NO_APPROVAL');
      if (flags & NO_JUSTIFICATION) reasons.push('NO_JUSTIFICATION');
      const [from, to] = index.edgeEnds(edge);
      add(null, step.accessId, reasons, summary(from, 'in', maxDepth - 1), summary(to, 'out', maxDepth - 1), [step]);
      await slice.next();
    }
    return report.sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  }
}

