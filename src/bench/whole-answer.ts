/**
 * Listing a whole answer (issue 13): a client paging through the largest
 * blast radius of the graph, pages of 1,000 systems, over HTTP, one page
 * after another, as a dashboard or an export would. Measured two ways, each
 * several times in the same run:
 * - cold: at one asOf given with every page (every page of one answer at one
 *   instant), a different one each round and earlier than any asked before,
 *   so no kept answer serves its first page (src/reach/answers.ts): the
 *   first page traverses, the later ones are slices;
 * - at "now" (no asOf: each page asks at its own moment), after the cold
 *   rounds: what a client paging again meets, a kept answer from the start.
 * Its floor: the in-process floor's traversal of the same question, and
 * the JSON of the whole answer in the API's shape (the floor serializing
 * every system, less its traversal). The target: every page within 3x the
 * traversal plus that serialization (docs/performance.md, "Kept answers").
 */
import { gql } from './api';
import type { Floor } from './floor';
import { summarize, type Latency } from './stats';

export interface WholeAnswerFigures {
  origin: string;
  systems: number;
  pages: number;
  /** All pages end to end: cold (a new asOf each round, the first page traverses) and at "now" (kept answers). */
  cold: Latency;
  now: Latency;
  /** The floor's traversal alone, and its whole answer as JSON less the traversal (ms, median). */
  floorTraversalMs: number;
  jsonMs: number;
}

const PAGE = `query($id: ID!, $after: String, $asOf: DateTime) { blastRadius(from: $id, asOf: $asOf) { asOf systems(first: 1000, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { system { id } distance privileged } } } } }`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Every page of `origin`'s blast radius at `asOf` (null: each page at its own "now"); returns how many systems and pages. */
async function listAll(url: string, origin: string, asOf: string | null): Promise<{ systems: number; pages: number }> {
  let after: string | null = null;
  let systems = 0;
  for (let pages = 1; ; pages++) {
    const data: { systems: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = (await gql(url, PAGE, { id: origin, after, asOf })).blastRadius;
    systems += data.systems.edges.length;
    if (!data.systems.pageInfo.hasNextPage) return { systems, pages };
    after = data.systems.pageInfo.endCursor;
  }
}

export async function wholeAnswer(url: string, floor: Floor, origin: string, rounds: number): Promise<WholeAnswerFigures> {
  const traversal: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < rounds + 2; i++) {
    let t = performance.now();
    floor.blastRadius(origin, 8, 0);
    traversal.push(performance.now() - t);
    t = performance.now();
    floor.blastRadius(origin, 8, Number.MAX_SAFE_INTEGER);
    whole.push(performance.now() - t);
  }
  const start = Date.now();
  const run = async (asOfOf: (round: number) => string | null) => {
    const ms: number[] = [];
    let shape = { systems: 0, pages: 0 };
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      shape = await listAll(url, origin, asOfOf(i));
      ms.push(performance.now() - t);
    }
    return { latency: summarize(ms, performance.now() - t0), shape };
  };
  // Each cold round a second earlier than the last: never inside a kept answer's window, which starts at the asOf it was computed at.
  const cold = await run((i) => new Date(start - (i + 1) * 1000).toISOString());
  const now = await run(() => null);
  const floorTraversalMs = median(traversal);
  return {
    origin,
    systems: cold.shape.systems,
    pages: cold.shape.pages,
    cold: cold.latency,
    now: now.latency,
    floorTraversalMs,
    jsonMs: Math.max(0, median(whole) - floorTraversalMs),
  };
}
