/**
 * The traversal behind every reach answer, in one of two interchangeable
 * implementations with the same rules and the same deterministic witnesses:
 * - `index` (default): the in-process reach index (index/), current with
 *   Neo4j as of the request's start; one small version query per request;
 * - `neo4j`: level-by-level breadth-first search in Neo4j, one query per
 *   depth (PATHWARDEN_REACH=neo4j), kept as the reference the index is
 *   tested against and as the fallback for a process that cannot hold the
 *   graph in memory.
 */
import type { Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import type { EntityKind } from '../generated/graphql';
import { answers } from './answers';
import { loadIndex, ReachIndexProvider } from './index/provider';
import { reachModeSetting, type ReachMode } from '../config';
import { KINDS, type Bfs, type ReachIndex } from './index/reach-index';
import { neo4jAdjacency, nodeInfos, tenantSystems } from './neo4j-adjacency';
import { simplePaths } from './simple-paths';
import { reach, stepsTo, type NodeInfo, type Step } from './traversal';

export type { ReachMode };

/**
 * One entity reached (never a source): its shortest distance and a witness
 * computed on demand. Traversers return them ordered by distance, then id.
 */
export interface Reached {
  id: string;
  kind: EntityKind;
  tenantId: string | null;
  distance: number;
  privileged: boolean;
  witness(): Step[];
}

export interface SearchOptions {
  maxDepth: number;
  asOf: number;
  /** Only these kinds of entity in the answer (the search itself still crosses every kind). */
  kinds?: EntityKind[];
}

export interface Traverser {
  /** What traversal knows of each id that names an entity. */
  lookup(ids: string[]): Promise<Map<string, NodeInfo>>;
  tenantSystems(tenantId: string): Promise<string[]>;
  /** Everything reachable from `source`, with the privileged flag (blast radius). */
  forward(source: string, options: SearchOptions): Promise<Reached[]>;
  /** Everything from which one of `targets` is reachable (exposure). */
  reverse(targets: string[], options: SearchOptions): Promise<Reached[]>;
  /** Distinct simple paths, shortest first. */
  paths(from: string, to: string, options: SearchOptions & { limit: number }): Promise<Step[][]>;
  /** The whole graph as an index at the request's start (the accountability report walks it thousands of times). */
  wholeGraph(): Promise<ReachIndex>;
  /** That index once it has been resolved, for reads that need no promise; null before, and always in the Neo4j mode. */
  atHand(): ReachIndex | null;
}

export function createTraverser(exec: Executor, viewer: Viewer, mode: ReachMode = reachModeSetting()): Traverser {
  return mode === 'index' ? new IndexTraverser(exec, viewer) : new Neo4jTraverser(exec, viewer);
}

class IndexTraverser implements Traverser {
  private snapshot: Promise<ReachIndex> | null = null;
  private resolved: ReachIndex | null = null;
  constructor(
    private readonly exec: Executor,
    private readonly viewer: Viewer,
  ) {}

  /** One index state for the whole request, so all its answers agree. */
  wholeGraph(): Promise<ReachIndex> {
    // A narrowed viewer's scope carries the index it was resolved on, already narrowed to it.
    const scope = this.viewer.scope;
    this.snapshot ??= (scope.kind === 'VISIBLE' ? Promise.resolve(scope.view) : ReachIndexProvider.for(this.exec).current()).then((index) => (this.resolved = index));
    return this.snapshot;
  }

  atHand(): ReachIndex | null {
    return this.resolved;
  }

  async lookup(ids: string[]): Promise<Map<string, NodeInfo>> {
    const index = await this.wholeGraph();
    const found = new Map<string, NodeInfo>();
    for (const id of ids) {
      const n = index.node(id);
      if (n !== undefined) found.set(id, index.info(n));
    }
    return found;
  }

  async tenantSystems(tenantId: string): Promise<string[]> {
    const index = await this.wholeGraph();
    const t = index.node(tenantId);
    return t === undefined ? [] : index.systemsOf(t).map((s) => index.ids[s]);
  }

  async forward(source: string, { maxDepth, asOf, kinds }: SearchOptions): Promise<Reached[]> {
    return this.reached(await this.wholeGraph(), [source], 'out', maxDepth, asOf, true, kinds?.map((k) => KINDS.indexOf(k)));
  }

  async reverse(targets: string[], { maxDepth, asOf, kinds }: SearchOptions): Promise<Reached[]> {
    return this.reached(await this.wholeGraph(), targets, 'in', maxDepth, asOf, false, kinds?.map((k) => KINDS.indexOf(k)));
  }

  async paths(from: string, to: string, { maxDepth, asOf, limit }: SearchOptions & { limit: number }): Promise<Step[][]> {
    const index = await this.wholeGraph();
    const a = index.node(from);
    const b = index.node(to);
    return a === undefined || b === undefined ? [] : index.simplePaths(a, b, maxDepth, asOf, limit);
  }

  /** The answer of one search: kept from an earlier request when it is the same one (answers.ts), so later pages are slices. */
  private reached(index: ReachIndex, ids: string[], direction: 'out' | 'in', maxDepth: number, asOf: number, track: boolean, kinds?: number[]): Reached[] {
    const sources = ids.map((id) => index.node(id)).filter((n): n is number => n !== undefined);
    return answers.answer(index, { sources, direction, maxDepth, track, kinds }, asOf, () => this.search(index, sources, direction, maxDepth, asOf, track, kinds));
  }

  private search(index: ReachIndex, sources: number[], direction: 'out' | 'in', maxDepth: number, asOf: number, track: boolean, kinds?: number[]): Reached[] {
    const bfs = index.search(sources, direction, maxDepth, asOf, track);
    const isSource = new Set(sources);
    const kept: number[] = [];
    for (let i = 0; i < bfs.nodes.length; i++) if (!isSource.has(bfs.nodes[i])) kept.push(i);
    const byNode = new Map(kept.map((i) => [bfs.nodes[i], i]));
    const ordered = index.orderByDistanceThenId(
      Int32Array.from(kept, (i) => bfs.nodes[i]),
      Int32Array.from(kept, (i) => bfs.dist[i]),
    );
    const out: Reached[] = [];
    for (const n of ordered) {
      if (kinds && !kinds.includes(index.kindOf(n))) continue;
      out.push(new IndexReached(index, bfs, byNode.get(n)!));
    }
    return out;
  }
}

/** A reached entity of an index search; the witness is traced from the search only when asked (no closure per entity). */
class IndexReached implements Reached {
  readonly id: string;
  readonly kind: EntityKind;
  readonly tenantId: string | null;
  readonly distance: number;
  readonly privileged: boolean;

  constructor(
    private readonly index: ReachIndex,
    private readonly bfs: Bfs,
    /** The entity's place in the search's answer. */
    private readonly i: number,
  ) {
    const n = bfs.nodes[i];
    const tenant = index.tenantOf(n);
    this.id = index.ids[n];
    this.kind = KINDS[index.kindOf(n)];
    this.tenantId = tenant >= 0 ? index.ids[tenant] : null;
    this.distance = bfs.dist[i];
    this.privileged = bfs.privileged[i] === 1;
  }

  witness(): Step[] {
    return this.index.witness(this.bfs, this.i);
  }
}

class Neo4jTraverser implements Traverser {
  constructor(
    private readonly exec: Executor,
    private readonly viewer: Viewer,
  ) {}

  atHand(): null {
    return null;
  }

  async lookup(ids: string[]): Promise<Map<string, NodeInfo>> {
    const infos = await this.exec.read(this.viewer, (tx) => nodeInfos(tx, ids));
    return new Map(infos.map((n) => [n.id, n]));
  }

  async tenantSystems(tenantId: string): Promise<string[]> {
    return (await this.exec.read(this.viewer, (tx) => tenantSystems(tx, tenantId))).map((n) => n.id);
  }

  forward(source: string, options: SearchOptions): Promise<Reached[]> {
    return this.search([source], 'out', options, true);
  }

  reverse(targets: string[], options: SearchOptions): Promise<Reached[]> {
    return this.search(targets, 'in', options, false);
  }

  async paths(from: string, to: string, { maxDepth, asOf, limit }: SearchOptions & { limit: number }): Promise<Step[][]> {
    const result = await this.exec.read(this.viewer, async (tx) => {
      const sources = await nodeInfos(tx, [from]);
      return reach(neo4jAdjacency(tx, asOf), sources, { direction: 'out', maxDepth, collectSteps: true });
    });
    return result.best.has(to) ? simplePaths(result.steps, from, to, maxDepth, limit) : [];
  }

  async wholeGraph(): Promise<ReachIndex> {
    // Without a resident index, the report loads the graph for this request alone.
    // A narrowed viewer's scope already holds the graph it may see.
    if (this.viewer.scope.kind === 'VISIBLE') return this.viewer.scope.view;
    return (await this.exec.read(this.viewer, loadIndex)).index;
  }

  private async search(ids: string[], direction: 'out' | 'in', { maxDepth, asOf, kinds }: SearchOptions, trackPrivileged: boolean): Promise<Reached[]> {
    const result = await this.exec.read(this.viewer, async (tx) => reach(neo4jAdjacency(tx, asOf), await nodeInfos(tx, ids), { direction, maxDepth, trackPrivileged }));
    const out: Reached[] = [];
    for (const [id, visit] of result.best) {
      const info = result.nodes.get(id);
      if (visit.distance === 0 || !info || (kinds && !kinds.includes(info.kind))) continue;
      out.push({ ...info, distance: visit.distance, privileged: result.privileged.has(id), witness: () => stepsTo(visit, direction) });
    }
    return out.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
