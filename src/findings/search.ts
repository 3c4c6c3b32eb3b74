/**
 * Breadth-first search for the findings report, over the steps the report
 * fixed once (FindingFacts: which edges are steps at asOf for this viewer,
 * which are privileged), with exactly the rules of ReachIndex.search: no step
 * leaves a disabled identity (nor, in reverse, starts at one), containment
 * is a step, each state is visited once. With `track`, every node has two
 * states (reached by a walk that passed a privileged record or privileged
 * Role, or not), as the blast radius computes `privileged`.
 *
 * Unlike ReachIndex.search it takes several sources and reuses one
 * workspace, stamped per run so nothing is cleared between runs: the report
 * runs thousands of searches and must not allocate arrays per entity. A
 * run's answer stays readable until the next run on the same instance.
 */
import type { Step } from '../reach/traversal';
import type { FindingFacts } from './facts';

export class StateSearch {
  private readonly stamp: Uint32Array;
  private readonly dist: Int32Array;
  private readonly parentEdge: Int32Array;
  private readonly parentState: Int32Array;
  private readonly queue: Int32Array;
  private round = 0;
  private tail = 0;
  private direction: 'out' | 'in' = 'out';

  constructor(private readonly facts: FindingFacts) {
    const size = facts.n * 2;
    this.stamp = new Uint32Array(size);
    this.dist = new Int32Array(size);
    this.parentEdge = new Int32Array(size);
    this.parentState = new Int32Array(size);
    this.queue = new Int32Array(size);
  }

  /**
   * Searches from `sources` (all at distance 0, taken in id order so that
   * witnesses do not depend on the caller's order) up to maxDepth steps.
   * States are node * 2 + flag; without `track` the flag is always 0.
   */
  run(sources: readonly number[], direction: 'out' | 'in', maxDepth: number, track: boolean): this {
    const { facts, stamp, dist, parentEdge, parentState, queue } = this;
    const { step, privileged, privilegedRole, disabled, from, to, index } = facts;
    if (++this.round === 0xffffffff) {
      stamp.fill(0);
      this.round = 1;
    }
    const round = this.round;
    this.direction = direction;
    let tail = 0;
    const ordered = sources.length > 1 ? [...new Set(sources)].sort((x, y) => (index.ids[x] < index.ids[y] ? -1 : 1)) : sources;
    for (const s of ordered) {
      const st = s * 2 + (track ? privilegedRole[s] : 0);
      if (stamp[st] === round) continue;
      stamp[st] = round;
      dist[st] = 0;
      parentEdge[st] = -1;
      parentState[st] = -1;
      queue[tail++] = st;
    }
    for (let head = 0; head < tail; head++) {
      const st = queue[head];
      const d = dist[st];
      if (d >= maxDepth) continue;
      const u = st >> 1;
      const flag = st & 1;
      // A disabled identity cannot act: forward, nothing leaves it.
      if (direction === 'out' && disabled[u]) continue;
      const list = direction === 'out' ? index.outEdges(u) : index.inEdges(u);
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        if (!step[e]) continue;
        const v = direction === 'out' ? to[e] : from[e];
        // Reverse, the step's origin is v: a disabled identity never reaches through it.
        if (direction === 'in' && disabled[v]) continue;
        const st2 = v * 2 + (track ? flag | privileged[e] | privilegedRole[v] : 0);
        if (stamp[st2] === round) continue;
        stamp[st2] = round;
        dist[st2] = d + 1;
        parentEdge[st2] = e;
        parentState[st2] = st;
        queue[tail++] = st2;
      }
    }
    this.tail = tail;
    return this;
  }

  /** Visited states in discovery order (by distance; a search from one source: then as adjacency is sorted). */
  order(): Int32Array {
    return this.queue.subarray(0, this.tail);
  }

  /** Distance of a state, or -1 when the last run did not reach it. */
  distance(state: number): number {
    return this.stamp[state] === this.round ? this.dist[state] : -1;
  }

  /** Shortest distance of a node in either state, or -1. */
  nodeDistance(node: number): number {
    const plain = this.distance(node * 2);
    const priv = this.distance(node * 2 + 1);
    return plain < 0 ? priv : priv < 0 ? plain : Math.min(plain, priv);
  }

  /** The walk to a state, in walking order (reverse searches: from the reacher towards the sources). */
  witness(state: number): Step[] {
    const steps: Step[] = [];
    for (let st = state; this.parentEdge[st] >= 0; st = this.parentState[st]) steps.push(this.facts.index.step(this.parentEdge[st]));
    return this.direction === 'out' ? steps.reverse() : steps;
  }
}
