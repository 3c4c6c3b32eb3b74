/**
 * Limits on the ids and text a caller may store, defined once and applied by
 * every path that writes them: ingest and `npm run import` (ingest/validate.ts)
 * and the lifecycle mutations (lifecycle/arguments.ts). docs/ingest.md
 * ("Limits") lists them.
 *
 * Why: an id is a key of a unique index, and Neo4j refuses an index key over
 * about 8 KB, which surfaced as an internal error half-way through a write;
 * ids and names are also printed in evidence packs, logs and error messages,
 * where a control character or a bidirectional override can hide or reorder
 * what a reader sees. Lengths count Unicode code points.
 */

/** Ids (records, references, `source`): 1..256 code points. 256 x 4 UTF-8 bytes stays far below Neo4j's index key limit. */
export const ID_MAX_LENGTH = 256;
/** Names, emails and employers: 1..512 code points (names) or at most 512 (the others). */
export const NAME_MAX_LENGTH = 512;
/** Free text (justification, reasons, notes): at most 2,000 code points; an audit trail is not a document store. */
export const TEXT_MAX_LENGTH = 2000;

// Control characters (C0, DEL, C1), format characters (bidirectional
// overrides, zero-width joiners...), line and paragraph separators and lone
// surrogates: none has a place in an identifier.
const NOT_IN_ID = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
// Names and text may hold any printable character, but no control character
// and no bidirectional control (Trojan-source style reordering of what a reader sees).
const BIDI = '\\u202A-\\u202E\\u2066-\\u2069';
const NOT_IN_NAME = new RegExp(`[\\p{Cc}\\p{Cs}${BIDI}]`, 'u');
// Free text may also break lines and hold tabs.
const NOT_IN_TEXT = new RegExp(`[\\p{Cs}${BIDI}]|(?![\\t\\n\\r])\\p{Cc}`, 'u');

/** Code points of `value` (a pair of surrogates is one character). */
function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function lengthProblem(value: string, max: number): string | null {
  if (value.length <= max) return null;
  const n = codePoints(value);
  return n > max ? `must be at most ${max} characters, got ${n}` : null;
}

function characterProblem(value: string, pattern: RegExp, what: string): string | null {
  const bad = pattern.exec(value);
  if (!bad) return null;
  const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `must not contain ${what} (U+${code} at position ${bad.index})`;
}

/** Why `value` is not a valid id, or null when it is one. */
export function idProblem(value: string): string | null {
  if (value.trim() === '') return 'must not be blank';
  return (
    lengthProblem(value, ID_MAX_LENGTH) ??
    (value.trim() !== value ? 'must not begin or end with whitespace' : null) ??
    characterProblem(value, NOT_IN_ID, 'control, format or separator characters')
  );
}

/** Why `value` is not a valid name (required: not blank), or null. */
export function nameProblem(value: string): string | null {
  if (value.trim() === '') return 'must not be blank';
  return shortTextProblem(value);
}

/** Why `value` is not a valid short text (an email, an employer), or null. Blank is allowed. */
export function shortTextProblem(value: string): string | null {
  return lengthProblem(value, NAME_MAX_LENGTH) ?? characterProblem(value, NOT_IN_NAME, 'control characters or bidirectional controls');
}

/** Why `value` is not a valid free text (a justification, a reason), or null. Blank is the caller's rule. */
export function textProblem(value: string): string | null {
  return lengthProblem(value, TEXT_MAX_LENGTH) ?? characterProblem(value, NOT_IN_TEXT, 'control characters (other than tab and line breaks) or bidirectional controls');
}
