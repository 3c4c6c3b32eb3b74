/**
 * searchEntities: the caller's text as a query on the full-text index
 * entity_search (cypher/schema). Lucene syntax in the text must not reach the
 * index (a `*` alone or an unbalanced quote would fail or match everything),
 * so the text is cut into words of letters and digits and each word becomes
 * `*word*` (leading wildcard: ids like "system:acme-dc01" are one token to the
 * standard analyzer, and a part of it should still find the entity). Every
 * word must match, as in a search box.
 */
import { badArgument } from '../errors';

/** Longest text accepted: a search box, not a document. */
export const MAX_SEARCH_TEXT = 200;
/** Most words used: each is a wildcard term, whose cost is a pass over the index's term dictionary. */
export const MAX_SEARCH_WORDS = 8;

/** The words of a search text, lower-cased: runs of letters and digits. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The Lucene query for a search text, or BAD_USER_INPUT naming `text`. */
export function luceneQuery(text: string): string {
  if (typeof text !== 'string' || text.length > MAX_SEARCH_TEXT) throw badArgument('text', `must be at most ${MAX_SEARCH_TEXT} characters`);
  const words = searchWords(text);
  if (words.length === 0) throw badArgument('text', 'must contain at least one letter or digit');
  if (words.length > MAX_SEARCH_WORDS) throw badArgument('text', `must have at most ${MAX_SEARCH_WORDS} words, got ${words.length}`);
  // Words hold only letters and digits: nothing in them is Lucene syntax.
  return words.map((w) => `*${w}*`).join(' AND ');
}
