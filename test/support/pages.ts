/**
 * Cursor pagination as a client meets it (docs/semantics.md "Pagination"):
 * walking a connection page by page, and the page requests every connection
 * must refuse.
 */

/** One page of a connection, as the API answers it. */
export interface Page<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: N }[];
}

/** What one page said: the totalCount, whether a next page follows, and how many edges it held. */
export interface PageSummary {
  totalCount: number;
  hasNextPage: boolean;
  size: number;
}

/**
 * Fetches the first page (`after` null), then each next one after the last
 * page's endCursor, until a page says hasNextPage is false; returns every
 * node in order and a summary of each page. Fails after `maxPages` pages.
 */
export async function walkPages<N>(
  fetchPage: (after: string | null) => Promise<Page<N>>,
  maxPages = 50,
): Promise<{ nodes: N[]; pages: PageSummary[] }> {
  const nodes: N[] = [];
  const pages: PageSummary[] = [];
  let after: string | null = null;
  while (pages.length < maxPages) {
    const page: Page<N> = await fetchPage(after);
    nodes.push(...page.edges.map((e) => e.node));
    pages.push({ totalCount: page.totalCount, hasNextPage: page.pageInfo.hasNextPage, size: page.edges.length });
    if (!page.pageInfo.hasNextPage) return { nodes, pages };
    after = page.pageInfo.endCursor;
  }
  throw new Error(`hasNextPage was still true after ${maxPages} pages`);
}

/**
 * Asks for a page in the three ways a connection must refuse, in this order:
 * after `foreignCursor` (not one of ours) with first 2, first 0, first 1001.
 * Returns the three answers; what they must say is the caller's assertion.
 */
export async function badPageRequests<R>(fetchPage: (args: { first: number; after?: string }) => Promise<R>, foreignCursor: string): Promise<[R, R, R]> {
  return [await fetchPage({ first: 2, after: foreignCursor }), await fetchPage({ first: 0 }), await fetchPage({ first: 1001 })];
}
