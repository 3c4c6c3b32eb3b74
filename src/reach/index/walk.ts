/**
 * The one breadth-first core every in-process reach answer walks: blast
 * radius and exposure (ReachIndex.search), the accountability and owner
 * summaries (ReachIndex.summary), the findings report (findings/search.ts)
 * and scope resolution (ReachIndex.everReachable). The rules of a walk live
 * here and nowhere else:
 * - a step crosses one edge (an access record or a tenant's containment of
 *   a system) that the caller's `step` accepts: present at asOf and visible
 *   to the viewer, or, for scopes, any edge ever recorded;
 * - nothing continues past a disabled identity: forward, no step leaves it;
 *   in reverse, no step starts at it (unless `throughDisabled`, which only
 *   scope resolution asks for: a scope must hold for every asOf);
 * - with `track`, each node has two states, reached by a walk that crossed a
 *   privileged record or entered a privileged Role, or not, so "some walk
 *   within maxDepth is privileged" is exact while each state is visited once;
 * - several sources start at distance 0 in id order, so witnesses do not
 *   depend on the caller's order.
 *
 * A Walk is a reusable workspace, stamped per run so nothing is cleared or
 * allocated between runs (the reports run thousands of walks). A run's
 * answer is readable until the next run on the same Walk; `result()` copies
 * what a caller keeps beyond that (witnesses traced later), sized by what
 * was visited, not by the graph. The Neo4j level-by-level mode
 * (reach/traversal.ts) is the independent reference the core is tested
 * against (test/reach-index.test.ts, test/reach.core.test.ts).
 */

/** The graph a walk crosses: adjacency lists of edge numbers, edge ends, and the per-node facts the rules read. */
export interface Walkable {
  readonly ids: readonly string[];
  readonly out: readonly (readonly number[])[];
  readonly into: readonly (readonly number[])[];
  readonly from: ArrayLike<number>;
  readonly to: ArrayLike<number>;
  readonly disabled: ArrayLike<number>;
  readonly privRole: ArrayLike<number>;
}

export interface WalkSpec {
  direction: 'out' | 'in';
  maxDepth: number;
  /** Two states per node (privileged or not); otherwise one. */
  track: boolean;
  /** Whether the walk may cross edge e. */
  step(e: number): boolean;
  /** 1 when crossing edge e makes the walk privileged (read only with `track`). */
  privileged?(e: number): number;
  /** Walk through disabled identities too (scope resolution only). */
  throughDisabled?: boolean;
  /** Told of every state as it is taken from the queue (sources included): its node and distance. */
  visit?(node: number, distance: number): void;
}

/** A finished walk, copied out of the workspace: positions in discovery order, each with its state, distance and parent. */
export interface WalkResult {
  direction: 'out' | 'in';
  /** Visited states (node * 2 + privileged flag), in discovery order (by distance). */
  states: Int32Array;
  dist: Int32Array;
  /** The edge the state was reached by, or -1 for a source. */
  parentEdge: Int32Array;
  /** The position of the state it was reached from, or -1 for a source. */
  parentPos: Int32Array;
}

export class Walk {
  private stamp: Uint32Array;
  private dist: Int32Array;
  private parentEdge: Int32Array;
  private parentState: Int32Array;
  private pos: Int32Array;
  private queue: Int32Array;
  private round = 0;
  private tail = 0;
  private direction: 'out' | 'in' = 'out';

  constructor(nodes: number) {
    const size = Math.max(nodes, 1) * 2;
    this.stamp = new Uint32Array(size);
    this.dist = new Int32Array(size);
    this.parentEdge = new Int32Array(size);
    this.parentState = new Int32Array(size);
    this.pos = new Int32Array(size);
    this.queue = new Int32Array(size);
  }

  /** Whether this workspace can walk a graph of `nodes` nodes. */
  fits(nodes: number): boolean {
    return this.stamp.length >= nodes * 2;
  }

  run(g: Walkable, sources: readonly number[], spec: WalkSpec): this {
    const { stamp, dist, parentEdge, parentState, pos, queue } = this;
    if (++this.round === 0xffffffff) {
      stamp.fill(0);
      this.round = 1;
    }
    const round = this.round;
    const { direction, maxDepth, track, step, visit } = spec;
    const privileged = spec.privileged ?? (() => 0);
    const stopAtDisabled = !spec.throughDisabled;
    const { from, to, disabled, privRole, ids } = g;
    const lists = direction === 'out' ? g.out : g.into;
    this.direction = direction;
    let tail = 0;
    const ordered = sources.length > 1 ? [...new Set(sources)].sort((x, y) => (ids[x] < ids[y] ? -1 : 1)) : sources;
    for (const s of ordered) {
      const st = s * 2 + (track ? privRole[s] : 0);
      if (stamp[st] === round) continue;
      stamp[st] = round;
      dist[st] = 0;
      parentEdge[st] = -1;
      parentState[st] = -1;
      pos[st] = tail;
      queue[tail++] = st;
    }
    for (let head = 0; head < tail; head++) {
      const st = queue[head];
      const d = dist[st];
      const u = st >> 1;
      if (visit) visit(u, d);
      if (d >= maxDepth) continue;
      if (stopAtDisabled && direction === 'out' && disabled[u]) continue;
      const flag = st & 1;
      const list = lists[u];
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        if (!step(e)) continue;
        const v = direction === 'out' ? to[e] : from[e];
        if (stopAtDisabled && direction === 'in' && disabled[v]) continue;
        const st2 = v * 2 + (track ? flag | privileged(e) | privRole[v] : 0);
        if (stamp[st2] === round) continue;
        stamp[st2] = round;
        dist[st2] = d + 1;
        parentEdge[st2] = e;
        parentState[st2] = st;
        pos[st2] = tail;
        queue[tail++] = st2;
      }
    }
    this.tail = tail;
    return this;
  }

  /** Visited states of the last run, in discovery order. */
  order(): Int32Array {
    return this.queue.subarray(0, this.tail);
  }

  /** Distance of a state in the last run, or -1. */
  distance(state: number): number {
    return this.stamp[state] === this.round ? this.dist[state] : -1;
  }

  /** Shortest distance of a node in either state, or -1. */
  nodeDistance(node: number): number {
    const plain = this.distance(node * 2);
    const priv = this.distance(node * 2 + 1);
    return plain < 0 ? priv : priv < 0 ? plain : Math.min(plain, priv);
  }

  /**
   * The state to report a node by: the shorter one; on a tie the privileged
   * one (the more telling witness); `privileged` when any privileged walk
   * reached it within maxDepth. Null when the last run did not reach it.
   */
  best(node: number): { distance: number; privileged: boolean; state: number } | null {
    const plain = this.distance(node * 2);
    const priv = this.distance(node * 2 + 1);
    if (plain < 0 && priv < 0) return null;
    if (priv >= 0 && (plain < 0 || priv <= plain)) return { distance: priv, privileged: true, state: node * 2 + 1 };
    return { distance: plain, privileged: priv >= 0, state: node * 2 };
  }

  /** The edges of the walk to a state, in walking order (reverse walks: from the reacher towards the sources). */
  witnessEdges(state: number): number[] {
    const edges: number[] = [];
    for (let st = state; this.parentEdge[st] >= 0; st = this.parentState[st]) edges.push(this.parentEdge[st]);
    return this.direction === 'out' ? edges.reverse() : edges;
  }

  /** Where a state of the last run sits in `result()`'s arrays. */
  position(state: number): number {
    return this.pos[state];
  }

  /** The last run copied out, to trace witnesses after other runs. */
  result(): WalkResult {
    const n = this.tail;
    const states = this.queue.slice(0, n);
    const dist = new Int32Array(n);
    const parentEdge = new Int32Array(n);
    const parentPos = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const st = states[i];
      dist[i] = this.dist[st];
      parentEdge[i] = this.parentEdge[st];
      parentPos[i] = this.parentState[st] < 0 ? -1 : this.pos[this.parentState[st]];
    }
    return { direction: this.direction, states, dist, parentEdge, parentPos };
  }
}

/** The edges of the walk to the state at position `at` of a copied result, in walking order. */
export function witnessEdgesOf(result: WalkResult, at: number): number[] {
  const edges: number[] = [];
  for (let i = at; result.parentEdge[i] >= 0; i = result.parentPos[i]) edges.push(result.parentEdge[i]);
  return result.direction === 'out' ? edges.reverse() : edges;
}
