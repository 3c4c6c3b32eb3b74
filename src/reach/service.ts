/**
 * The reach questions of domain.md: blast radius, exposure, access paths.
 * Each runs in one read transaction through the breadth-first traversal, and
 * returns ids and numbers; resolvers load the entities they are asked for.
 */
import type { Viewer } from '../auth/viewer';
import { asOfArg, maxDepthArg } from '../arguments';
import type { Executor, Tx } from '../db/executor';
import { badArgument, notFound } from '../errors';
import { DEFAULT_MAX_DEPTH, MAX_PATHS } from '../graph/vocabulary';
import { pageSize } from '../pagination';
import { neo4jAdjacency, nodeInfos, tenantSystems } from './neo4j-adjacency';
import { pathOf, type BlastRadiusModel, type ExposureModel, type PathModel, type ReacherModel, type ReachedSystemModel } from './model';
import { simplePaths } from './simple-paths';
import { reach, stepsTo, type NodeInfo } from './traversal';

export interface ReachArgs {
  maxDepth?: number | null;
  asOf?: string | null;
}

const byDistanceThenId = (a: { distance: number; id: string }, b: { distance: number; id: string }) =>
  a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class ReachService {
  constructor(
    private readonly exec: Executor,
    private readonly viewer: Viewer,
    private readonly now: string,
  ) {}

  async blastRadius(fromId: string, args: ReachArgs): Promise<BlastRadiusModel> {
    const maxDepth = maxDepthArg(args.maxDepth, DEFAULT_MAX_DEPTH);
    const asOf = asOfArg(args.asOf, this.now);
    const result = await this.exec.read(this.viewer, async (tx) => {
      const [origin] = await this.existing(tx, ['from', fromId]);
      return reach(neo4jAdjacency(tx, asOf.ms), [origin], { direction: 'out', maxDepth, trackPrivileged: true });
    });
    const systems: ReachedSystemModel[] = [];
    const tenants = new Map<string, number>();
    for (const [id, visit] of result.best) {
      const info = result.nodes.get(id);
      if (visit.distance === 0 || !info) continue;
      if (info.kind === 'SYSTEM' && info.tenantId) {
        systems.push({
          asOf: asOf.iso,
          systemId: id,
          tenantId: info.tenantId,
          distance: visit.distance,
          privileged: result.privileged.has(id),
          path: pathOf(stepsTo(visit, 'out'), asOf.iso),
        });
        tenants.set(info.tenantId, (tenants.get(info.tenantId) ?? 0) + 1);
      } else if (info.kind === 'TENANT' && !tenants.has(id)) {
        // Reached directly but none of its systems within maxDepth (or it has none): still in the answer.
        tenants.set(id, 0);
      }
    }
    systems.sort((a, b) => byDistanceThenId({ distance: a.distance, id: a.systemId }, { distance: b.distance, id: b.systemId }));
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
    const result = await this.exec.read(this.viewer, async (tx) => {
      const [origin] = await this.existing(tx, ['target', targetId]);
      // For a Tenant, reaching the tenant itself or any of its systems counts.
      const sources = origin.kind === 'TENANT' ? [origin, ...(await tenantSystems(tx, targetId))] : [origin];
      return reach(neo4jAdjacency(tx, asOf.ms), sources, { direction: 'in', maxDepth });
    });
    const people: ReacherModel[] = [];
    const identities: ReacherModel[] = [];
    for (const [id, visit] of result.best) {
      if (visit.distance === 0) continue;
      const kind = result.nodes.get(id)?.kind;
      const reacher = { entityId: id, distance: visit.distance, asOf: asOf.iso };
      if (kind === 'PERSON') people.push(reacher);
      else if (kind === 'IDENTITY') identities.push(reacher);
    }
    const order = (a: ReacherModel, b: ReacherModel) => byDistanceThenId({ distance: a.distance, id: a.entityId }, { distance: b.distance, id: b.entityId });
    return { targetId, asOf: asOf.iso, maxDepth, people: people.sort(order), identities: identities.sort(order) };
  }

  async accessPaths(fromId: string, toId: string, args: ReachArgs & { first?: number | null }): Promise<PathModel[]> {
    const maxDepth = maxDepthArg(args.maxDepth, DEFAULT_MAX_DEPTH);
    const asOf = asOfArg(args.asOf, this.now);
    const limit = pageSize(args.first ?? 5, MAX_PATHS);
    const result = await this.exec.read(this.viewer, async (tx) => {
      const [origin] = await this.existing(tx, ['from', fromId], ['to', toId]);
      return reach(neo4jAdjacency(tx, asOf.ms), [origin], { direction: 'out', maxDepth, collectSteps: true });
    });
    if (!result.best.has(toId)) return [];
    return simplePaths(result.steps, fromId, toId, maxDepth, limit).map((steps) => pathOf(steps, asOf.iso));
  }

  /** What traversal needs of each argument's entity, in order; NOT_FOUND naming the first argument whose id names nothing. */
  private async existing(tx: Tx, ...args: [argument: string, id: string][]): Promise<NodeInfo[]> {
    for (const [argument, id] of args) if (typeof id !== 'string' || id.trim() === '') throw badArgument(argument, 'must be a non-empty id');
    const found = new Map((await nodeInfos(tx, args.map(([, id]) => id))).map((n) => [n.id, n]));
    return args.map(([argument, id]) => {
      const info = found.get(id);
      if (!info) throw notFound(argument, id);
      return info;
    });
  }
}
