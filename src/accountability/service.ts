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
 * A gap is listed when both counts are above zero. The present graph is
 * loaded once and traversed in memory; reach from a shared entity is memoized.
 */
import type { Viewer } from '../auth/viewer';
import { asOfArg, maxDepthArg } from '../arguments';
import type { Executor } from '../db/executor';
import { badArgument, notFound } from '../errors';
import type { EntityKind, GapReason } from '../generated/graphql';
import { DEFAULT_MAX_DEPTH } from '../graph/vocabulary';
import type { OwnerLinkRow } from '../entities/model';
import { compareKeys, pageOf, type Connection } from '../pagination';
import { pathOf } from '../reach/model';
import { snapshotAdjacency } from '../reach/snapshot';
import { reach, stepsTo, type Adjacency, type NodeInfo, type Reach, type Step, type Visit } from '../reach/traversal';
import { toNeo } from '../time';
import { accessGaps, entityGaps, needsOwner } from './gaps';
import type { GapModel } from './model';

export interface UnaccountableArgs {
  tenantId?: string | null;
  maxDepth?: number | null;
  asOf?: string | null;
  first?: number | null;
  after?: string | null;
}

interface GapStep extends Step {
  approvedBy: string | null;
  justification: string | null;
}

const REASON_ORDER: GapReason[] = ['OWNER_DEPARTED', 'OWNER_IS_TEAM', 'NO_OWNER', 'NO_APPROVAL', 'NO_JUSTIFICATION'];

/** Report order: most systems exposed, then most people, then subject id and reason (stable across pages). */
const sortKey = (g: GapModel) => [-g.systemsExposed, -g.peopleExposed, g.entityId ?? g.accessId ?? '', REASON_ORDER.indexOf(g.reason)];

export class AccountabilityService {
  constructor(
    private readonly exec: Executor,
    private readonly viewer: Viewer,
    private readonly now: string,
  ) {}

  async unaccountablePaths(args: UnaccountableArgs): Promise<Connection<GapModel>> {
    const maxDepth = maxDepthArg(args.maxDepth, DEFAULT_MAX_DEPTH);
    const asOf = asOfArg(args.asOf, this.now);
    const gaps = await this.report(args.tenantId ?? null, maxDepth, asOf);
    return pageOf(gaps, sortKey, 4, args.first, args.after);
  }

  private async report(tenantId: string | null, maxDepth: number, asOf: { ms: number; iso: string }): Promise<GapModel[]> {
    const { nodes, steps, owners } = await this.exec.read(this.viewer, async (tx) => {
      const entityRows = await tx.run('accountability/entities');
      const nodes = new Map<string, NodeInfo>(
        entityRows.map((r) => [r.id as string, { id: r.id as string, kind: r.kind as EntityKind, privilegedRole: r.privilegedRole === true, tenantId: (r.tenantId as string) ?? null }]),
      );
      if (tenantId !== null) {
        const tenant = nodes.get(tenantId);
        if (!tenant) throw notFound('tenantId', tenantId);
        if (tenant.kind !== 'TENANT') throw badArgument('tenantId', `${JSON.stringify(tenantId)} is a ${tenant.kind}, not a TENANT`);
      }
      const stepRows = await tx.run('accountability/present-steps', { asOf: toNeo(asOf.ms) });
      const steps: GapStep[] = stepRows.map((r) => ({
        from: r.from as string,
        to: r.to as string,
        accessId: (r.accessId as string) ?? null,
        privileged: r.privileged === true,
        approvedBy: (r.approvedBy as string) ?? null,
        justification: (r.justification as string) ?? null,
      }));
      const owned = [...nodes.values()].filter((n) => needsOwner(n.kind)).map((n) => n.id);
      const owners = (await tx.run('entities/owners', { ids: owned })) as unknown as OwnerLinkRow[];
      return { nodes, steps, owners };
    });

    const adjacency = snapshotAdjacency(steps, nodes);
    const traversals = new Traversals(adjacency, nodes);
    const isSystem = (id: string) => {
      const n = nodes.get(id);
      return n?.kind === 'SYSTEM' && (tenantId === null || n.tenantId === tenantId);
    };
    const isPerson = (id: string) => nodes.get(id)?.kind === 'PERSON';

    const linksOf = new Map<string, OwnerLinkRow[]>();
    for (const link of owners) (linksOf.get(link.entityId) ?? linksOf.set(link.entityId, []).get(link.entityId)!).push(link);

    const report: GapModel[] = [];
    // Gaps on entities: the entity is the meeting point of the two halves.
    for (const node of nodes.values()) {
      if (!needsOwner(node.kind)) continue;
      const [reason] = entityGaps(node.kind, linksOf.get(node.id) ?? [], asOf.ms);
      if (!reason) continue;
      const up = await traversals.get(node.id, 'in', maxDepth);
      const down = await traversals.get(node.id, 'out', maxDepth);
      const gap = exposure(up, down, isPerson, isSystem, []);
      if (gap) report.push({ entityId: node.id, accessId: null, reason, ...gap, example: pathOf(gap.example, asOf.iso), asOf: asOf.iso });
    }
    // Gaps on access records: the record is a step between its two halves.
    for (const step of steps) {
      if (step.accessId === null) continue;
      const reasons = accessGaps(step);
      if (reasons.length === 0) continue;
      const up = await traversals.get(step.from, 'in', maxDepth - 1);
      const down = await traversals.get(step.to, 'out', maxDepth - 1);
      const gap = exposure(up, down, isPerson, isSystem, [step]);
      if (!gap) continue;
      for (const reason of reasons) {
        report.push({ entityId: null, accessId: step.accessId, reason, ...gap, example: pathOf(gap.example, asOf.iso), asOf: asOf.iso });
      }
    }
    return report.sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  }
}

/** People upstream and systems downstream, with an example path through the middle; null when either side is empty. */
function exposure(up: Reach, down: Reach, isPerson: (id: string) => boolean, isSystem: (id: string) => boolean, middle: Step[]) {
  const nearestPerson = nearest(up, isPerson);
  const nearestSystem = nearest(down, isSystem);
  if (!nearestPerson || !nearestSystem) return null;
  return {
    peopleExposed: count(up, isPerson),
    systemsExposed: count(down, isSystem),
    example: [...stepsTo(nearestPerson, 'in'), ...middle, ...stepsTo(nearestSystem, 'out')],
  };
}

function count(r: Reach, pick: (id: string) => boolean): number {
  let n = 0;
  for (const id of r.best.keys()) if (pick(id)) n++;
  return n;
}

function nearest(r: Reach, pick: (id: string) => boolean): Visit | null {
  let found: Visit | null = null;
  for (const [id, visit] of r.best) {
    if (!pick(id)) continue;
    if (!found || visit.distance < found.distance || (visit.distance === found.distance && id < found.node)) found = visit;
  }
  return found;
}

/** Memoized traversals from one entity in one direction to one depth. */
class Traversals {
  private readonly cache = new Map<string, Promise<Reach>>();
  constructor(
    private readonly adjacency: Adjacency,
    private readonly nodes: Map<string, NodeInfo>,
  ) {}

  get(id: string, direction: 'in' | 'out', maxDepth: number): Promise<Reach> {
    const key = `${direction}${maxDepth}:${id}`;
    let result = this.cache.get(key);
    if (!result) {
      const source = this.nodes.get(id) as NodeInfo;
      result = reach(this.adjacency, [source], { direction, maxDepth });
      this.cache.set(key, result);
    }
    return result;
  }
}

