/**
 * Breadth-first search for the findings report: the reach core
 * (reach/index/walk.ts, the one place the walking rules live) over the steps
 * the report fixed once (FindingFacts: which edges are steps at asOf for
 * this viewer, which are privileged). With `track`, every node has two
 * states (reached by a walk that passed a privileged record or privileged
 * Role, or not), as the blast radius computes `privileged`.
 *
 * Each instance owns one workspace: the report runs thousands of searches
 * and must not allocate arrays per entity. A run's answer stays readable
 * until the next run on the same instance.
 */
import { Walk, type Walkable, type WalkSpec } from '../reach/index/walk';
import type { Step } from '../reach/traversal';
import type { FindingFacts } from './facts';

export class StateSearch {
  private readonly walk: Walk;
  private readonly graph: Walkable;
  private readonly step: (e: number) => boolean;
  private readonly privileged: (e: number) => number;

  constructor(private readonly facts: FindingFacts) {
    const { index, from, to, disabled, privilegedRole } = facts;
    this.walk = new Walk(facts.n);
    const { out, into, ids } = index.walkable();
    this.graph = { ids, out, into, from, to, disabled, privRole: privilegedRole };
    this.step = (e) => facts.step[e] === 1;
    this.privileged = (e) => facts.privileged[e];
  }

  /**
   * Searches from `sources` (all at distance 0, taken in id order so that
   * witnesses do not depend on the caller's order) up to maxDepth steps.
   * States are node * 2 + flag; without `track` the flag is always 0.
   */
  run(sources: readonly number[], direction: WalkSpec['direction'], maxDepth: number, track: boolean): this {
    this.walk.run(this.graph, sources, { direction, maxDepth, track, step: this.step, privileged: this.privileged });
    return this;
  }

  /** Visited states in discovery order (by distance; a search from one source: then as adjacency is sorted). */
  order(): Int32Array {
    return this.walk.order();
  }

  /** Distance of a state, or -1 when the last run did not reach it. */
  distance(state: number): number {
    return this.walk.distance(state);
  }

  /** Shortest distance of a node in either state, or -1. */
  nodeDistance(node: number): number {
    return this.walk.nodeDistance(node);
  }

  /** The walk to a state, in walking order (reverse searches: from the reacher towards the sources). */
  witness(state: number): Step[] {
    return this.walk.witnessEdges(state).map((e) => this.facts.index.step(e));
  }
}
