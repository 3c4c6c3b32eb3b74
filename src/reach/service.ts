/**
 * The reach questions of domain.md: blast radius, exposure, access paths.
 * Each validates its arguments, checks that its ids name entities (NOT_FOUND
 * otherwise), and runs one breadth-first traversal (traverser.ts); answers
 * carry ids and numbers, and resolvers load the entities a client asks for.
 */
import { asOfArg, maxDepthArg } from '../arguments';
import { badArgument, notFound } from '../errors';
import { DEFAULT_MAX_DEPTH, MAX_PATHS } from '../graph/vocabulary';
import { pageSize } from '../pagination';
import { pathOf, type BlastRadiusModel, type ExposureModel, type PathModel, type ReacherModel, type TenantReachModel } from './model';
import type { NodeInfo } from './traversal';
import type { Reached, Traverser } from './traverser';
import { reachTree, type ReachTreeModel } from './tree';

export interface ReachArgs {
  maxDepth?: number | null;
  asOf?: string | null;
}

interface Grouped {
  /** The reached systems, in the answer's (distance, id) order. */
  systems: Reached[];
  /** Each tenant reached with its own systems and how many are privileged, most systems first, then by id. */
  tenants: { tenantId: string; systems: Reached[]; privileged: number }[];
  /** What the picture draws: every system, and each tenant reached directly none of whose systems is. */
  drawn: Reached[];
  /** How many of the systems are privileged (the tenants' counts summed). */
  privileged: number;
}

/** The grouping of each kept answer (answers.ts), whatever the asOf: a client paging through it groups it once, not per page. */
const groupings = new WeakMap<readonly Reached[], Grouped>();

/** A blast radius's reached systems and tenants, grouped by tenant. */
function grouped(reached: readonly Reached[]): Grouped {
  const kept = groupings.get(reached);
  if (kept) return kept;
  // Traversers answer in (distance, id) order, which the systems keep.
  const systems: Reached[] = [];
  const byTenant = new Map<string, Reached[]>();
  const drawn: Reached[] = [];
  const directTenants: Reached[] = [];
  for (const r of reached) {
    if (r.kind === 'SYSTEM' && r.tenantId) {
      systems.push(r);
      const own = byTenant.get(r.tenantId);
      if (own) own.push(r);
      else byTenant.set(r.tenantId, [r]);
      drawn.push(r);
    } else if (r.kind === 'TENANT') {
      // Reached directly but perhaps none of its systems within maxDepth (or it has none): still in the answer.
      if (!byTenant.has(r.id)) byTenant.set(r.id, []);
      directTenants.push(r);
    }
  }
  // The picture draws the systems' paths; a tenant none of whose systems is reached is drawn by its own path.
  for (const t of directTenants) if (byTenant.get(t.id)!.length === 0) drawn.push(t);
  const tenants = [...byTenant]
    .sort(([a, ownA], [b, ownB]) => ownB.length - ownA.length || (a < b ? -1 : 1))
    .map(([tenantId, own]) => ({ tenantId, systems: own, privileged: own.reduce((n, r) => n + (r.privileged ? 1 : 0), 0) }));
  const result = { systems, tenants, drawn, privileged: tenants.reduce((n, t) => n + t.privileged, 0) };
  groupings.set(reached, result);
  return result;
}

export class ReachService {
  constructor(
    private readonly traverser: Traverser,
    private readonly now: string,
  ) {}

  async blastRadius(fromId: string, args: ReachArgs): Promise<BlastRadiusModel> {
    const maxDepth = maxDepthArg(args.maxDepth, DEFAULT_MAX_DEPTH);
    const asOf = asOfArg(args.asOf, this.now);
    await this.existing(['from', fromId]);
    const reached = await this.traverser.forward(fromId, { maxDepth, asOf: asOf.ms, kinds: ['SYSTEM', 'TENANT'] });
    const { systems, tenants, drawn, privileged } = grouped(reached);
    let tree: ReachTreeModel | null = null;
    const treeOnce = () => (tree ??= reachTree(fromId, drawn, asOf.iso));
    let tenantModels: TenantReachModel[] | null = null;
    return {
      fromId,
      asOf: asOf.iso,
      maxDepth,
      systems,
      tree: treeOnce,
      privilegedSystemCount: privileged,
      tenantCount: tenants.length,
      // Made only when a client asks for tenants: a client paging through systems reads none of them.
      tenants: () =>
        (tenantModels ??= tenants.map((t) => ({
          tenantId: t.tenantId,
          systemCount: t.systems.length,
          asOf: asOf.iso,
          systems: t.systems,
          privilegedSystemCount: t.privileged,
          paths: () => treeOnce().tenants.get(t.tenantId) ?? { accessGaps: new Set(), entered: new Set() },
        }))),
    };
  }

  async whoCanReach(targetId: string, args: ReachArgs): Promise<ExposureModel> {
    const maxDepth = maxDepthArg(args.maxDepth, DEFAULT_MAX_DEPTH);
    const asOf = asOfArg(args.asOf, this.now);
    const [target] = await this.existing(['target', targetId]);
    // For a Tenant, reaching the tenant itself or any of its systems counts.
    const sources = target.kind === 'TENANT' ? [targetId, ...(await this.traverser.tenantSystems(targetId))] : [targetId];
    const people: ReacherModel[] = [];
    const identities: ReacherModel[] = [];
    for (const r of await this.traverser.reverse(sources, { maxDepth, asOf: asOf.ms, kinds: ['PERSON', 'IDENTITY'] })) {
      const reacher = { entityId: r.id, distance: r.distance, asOf: asOf.iso, witness: () => r.witness() };
      if (r.kind === 'PERSON') people.push(reacher);
      else if (r.kind === 'IDENTITY') identities.push(reacher);
    }
    // Traversers answer in (distance, id) order, which both lists keep.
    return { targetId, asOf: asOf.iso, maxDepth, people, identities };
  }

  async accessPaths(fromId: string, toId: string, args: ReachArgs & { first?: number | null }): Promise<PathModel[]> {
    const maxDepth = maxDepthArg(args.maxDepth, DEFAULT_MAX_DEPTH);
    const asOf = asOfArg(args.asOf, this.now);
    const limit = pageSize(args.first ?? 5, MAX_PATHS);
    await this.existing(['from', fromId], ['to', toId]);
    const paths = await this.traverser.paths(fromId, toId, { maxDepth, asOf: asOf.ms, limit });
    return paths.map((steps) => pathOf(steps, asOf.iso));
  }

  /** What traversal knows of each argument's entity, in order; NOT_FOUND naming the first argument whose id names nothing. */
  private async existing(...args: [argument: string, id: string][]): Promise<NodeInfo[]> {
    for (const [argument, id] of args) if (typeof id !== 'string' || id.trim() === '') throw badArgument(argument, 'must be a non-empty id');
    const found = await this.traverser.lookup(args.map(([, id]) => id));
    return args.map(([argument, id]) => {
      const info = found.get(id);
      if (!info) throw notFound(argument, id);
      return info;
    });
  }
}
