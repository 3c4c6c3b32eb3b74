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
import { pathOf, type BlastRadiusModel, type ExposureModel, type PathModel, type ReacherModel, type ReachedSystemModel } from './model';
import type { NodeInfo } from './traversal';
import type { Traverser } from './traverser';

export interface ReachArgs {
  maxDepth?: number | null;
  asOf?: string | null;
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
    // Traversers answer in (distance, id) order, which the systems keep.
    const systems: ReachedSystemModel[] = [];
    const tenants = new Map<string, number>();
    for (const r of reached) {
      if (r.kind === 'SYSTEM' && r.tenantId) {
        systems.push({ asOf: asOf.iso, reached: r });
        tenants.set(r.tenantId, (tenants.get(r.tenantId) ?? 0) + 1);
      } else if (r.kind === 'TENANT' && !tenants.has(r.id)) {
        // Reached directly but none of its systems within maxDepth (or it has none): still in the answer.
        tenants.set(r.id, 0);
      }
    }
    return {
      fromId,
      asOf: asOf.iso,
      maxDepth,
      systems,
      tenants: [...tenants]
        .map(([tenantId, systemCount]) => ({ tenantId, systemCount, asOf: asOf.iso }))
        .sort((a, b) => b.systemCount - a.systemCount || (a.tenantId < b.tenantId ? -1 : 1)),
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
      const reacher = { entityId: r.id, distance: r.distance, asOf: asOf.iso };
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
