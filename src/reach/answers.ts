/**
 * Computed reach answers, kept so that the later pages of a large answer are
 * slices of it, not new traversals: paging through a blast radius of 40,000
 * systems used to search, order and materialize all of it once per page.
 *
 * An answer is kept under what it depends on:
 * - the index it was computed on (a narrowed viewer's scope carries an index
 *   view of its own, so one scope's answer is never another's) and that
 *   index's generation (every write patched in moves it);
 * - the search: sources, direction, maxDepth, which kinds it keeps;
 * - a window of asOf: from the instant it was computed at until the next
 *   instant at which any record is granted or revoked. Within it every
 *   search crosses the same records, so a client paging at "now" (each page
 *   a moment later) is served the same answer until a grant or revocation
 *   time actually passes, and pages agree with each other.
 *
 * Only answers of at least MIN_KEPT entities are kept (a smaller one costs
 * less to compute than to hold), and at most MAX_HELD entities in all, least
 * recently used first out: about 100 bytes each, so at most about 50 MB.
 */
import { LRUCache } from 'lru-cache';
import type { ReachIndex } from './index/reach-index';
import type { Reached } from './traverser';

/** Smallest answer kept: a few default pages. */
export const MIN_KEPT = 500;
/** Entities held over every kept answer. */
export const MAX_HELD = 500_000;

interface Kept {
  from: number;
  until: number;
  reached: Reached[];
}

export interface SearchKey {
  sources: number[];
  direction: 'out' | 'in';
  maxDepth: number;
  track: boolean;
  kinds?: number[];
}

const indexIds = new WeakMap<ReachIndex, number>();
let nextIndexId = 0;
const idOf = (index: ReachIndex) => indexIds.get(index) ?? (indexIds.set(index, ++nextIndexId), nextIndexId);

export class AnswerCache {
  /** Smallest answer kept (tests lower it to keep every answer of a small graph). */
  minKept = MIN_KEPT;
  private readonly kept = new LRUCache<string, Kept>({ max: 1_000, maxSize: MAX_HELD, sizeCalculation: (k) => Math.max(k.reached.length, 1) });
  hits = 0;
  misses = 0;

  /** The answer of `search` on `index` at `asOf`: kept, or computed by `compute` (and kept when large). */
  answer(index: ReachIndex, search: SearchKey, asOf: number, compute: () => Reached[]): Reached[] {
    const key = [idOf(index), index.generation, search.direction, search.maxDepth, search.track ? 1 : 0, search.kinds?.join(',') ?? '*', search.sources.join(',')].join('|');
    const kept = this.kept.get(key);
    if (kept && kept.from <= asOf && asOf < kept.until) {
      this.hits++;
      return kept.reached;
    }
    this.misses++;
    const reached = compute();
    if (reached.length >= this.minKept && reached.length <= MAX_HELD) this.kept.set(key, { from: asOf, until: index.nextChangeAfter(asOf), reached });
    return reached;
  }
}

/** The process's one cache: every request's traverser shares it. */
export const answers = new AnswerCache();
