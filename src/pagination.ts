/**
 * Cursor pagination shared by every connection. A cursor is the sort key of
 * the last item seen, wrapped so clients treat it as opaque; the next page is
 * whatever sorts after that key. Keyset cursors stay correct when records are
 * added between pages, unlike offsets.
 */
import { badArgument } from './errors';
import { MAX_PAGE_SIZE } from './graph/vocabulary';

export type SortKey = (string | number)[];

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const PREFIX = 'pw1:';

export function encodeCursor(key: SortKey): string {
  return Buffer.from(PREFIX + JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, or BAD_USER_INPUT naming the argument when it is not one of ours. */
export function decodeCursor(cursor: string | null | undefined, arity: number, argument = 'after'): SortKey | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (text.startsWith(PREFIX)) {
    try {
      const key = JSON.parse(text.slice(PREFIX.length)) as unknown;
      if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string' || typeof k === 'number')) {
        return key as SortKey;
      }
    } catch {
      // fall through to the error below
    }
  }
  throw badArgument(argument, 'not a cursor from this list (use a pageInfo.endCursor or edges.cursor value)');
}

/** Validates `first` (1..max) and returns it. */
export function pageSize(first: number | null | undefined, max = MAX_PAGE_SIZE, argument = 'first'): number {
  const n = first ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badArgument(argument, `must be between 1 and ${max}, got ${n}`);
  return n;
}

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

/** An edge whose cursor is encoded only if a client asks for it (a page may hold a thousand edges, and most clients read endCursor alone). */
class Edge<T, N> {
  constructor(
    private readonly item: T,
    readonly node: N,
    private readonly keyOf: (item: T) => SortKey,
  ) {}

  get cursor(): string {
    return encodeCursor(this.keyOf(this.item));
  }
}

/**
 * One page of a fully computed list (reach answers are computed whole, so
 * totalCount is exact). `items` must already be sorted by `keyOf`; `wrap`
 * makes the served node of each item on the page (only the page's).
 */
export function pageOf<T, N = T>(
  items: readonly T[],
  keyOf: (item: T) => SortKey,
  arity: number,
  first: number | null | undefined,
  after: string | null | undefined,
  wrap: (item: T) => N = (item) => item as unknown as N,
): Connection<N> {
  const size = pageSize(first);
  const afterKey = decodeCursor(after, arity);
  let start = 0;
  if (afterKey) {
    // Binary search for the first item sorting after the cursor's key.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(keyOf(items[mid]), afterKey) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const slice = items.slice(start, start + size);
  const edges = slice.map((item) => new Edge(item, wrap(item), keyOf));
  return {
    edges,
    pageInfo: { hasNextPage: start + size < items.length, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: items.length,
  };
}
