/**
 * Instants. The API speaks RFC 3339 strings; Neo4j stores native DateTime
 * values in UTC (so Neo4j Browser and Cypher users can read and compare them);
 * the traversal code compares epoch milliseconds. This module is the only
 * place that converts between the three.
 */
import neo4j, { type DateTime as NeoDateTime } from 'neo4j-driver';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Epoch milliseconds of an RFC 3339 date-time, or null when it is not one (or names a day that does not exist). */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  // Most instants come as toISOString writes them: read their digits, no regular expression, no second parse.
  if (isUtcText(value)) {
    const y = digits(value, 0, 4);
    // Date.UTC reads years 0-99 as 1900-1999: those take the general path.
    if (y >= 100) return Date.UTC(y, digits(value, 5, 2) - 1, digits(value, 8, 2), digits(value, 11, 2), digits(value, 14, 2), digits(value, 17, 2), value.length === 24 ? digits(value, 20, 3) : 0);
  }
  const m = RFC3339.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (!realFields(y, mo, d, h, mi, m[6] === undefined ? 0 : s)) return null;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? null : ms;
}

/** Whether a date-time's fields name a moment that exists (no 13th month, 30 February or 24th hour). */
function realFields(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59)) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[mo - 1]);
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the digits of `text` from `at`, `n` of them; NaN when one is not a digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Whether `value` is an instant already written as toISOString writes it,
 * in UTC, with or without its milliseconds (`2026-01-31T09:00:00Z`,
 * `2026-01-31T09:00:00.000Z`), naming a moment that exists: such text is
 * stored as it reads, without being parsed. Checked a character at a time,
 * allocating nothing: the bulk writer asks it of millions of values.
 */
export function isUtcText(value: string): boolean {
  const n = value.length;
  if (n !== 20 && n !== 24) return false;
  for (let i = 0; i < UTC_TEXT.length; i++) if (value.charCodeAt(UTC_TEXT[i][0]) !== UTC_TEXT[i][1]) return false;
  if (value.charCodeAt(n - 1) !== 0x5a) return false; // Z
  if (n === 24 && !(value.charCodeAt(19) === 0x2e && digits(value, 20, 3) >= 0)) return false; // .
  return realFields(digits(value, 0, 4), digits(value, 5, 2), digits(value, 8, 2), digits(value, 11, 2), digits(value, 14, 2), digits(value, 17, 2));
}
/** The separators of `YYYY-MM-DDTHH:MM:SS`: where, and their character codes (-, -, T, :, :). */
const UTC_TEXT: readonly (readonly [number, number])[] = [
  [4, 0x2d],
  [7, 0x2d],
  [10, 0x54],
  [13, 0x3a],
  [16, 0x3a],
];

export const INSTANT_FORMAT = 'an RFC 3339 date-time with a time zone, e.g. 2026-01-31T09:00:00Z';

/** A Neo4j DateTime in UTC for epoch milliseconds. */
export function toNeo(ms: number): NeoDateTime<number> {
  const d = new Date(ms);
  return new neo4j.types.DateTime(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds() * 1_000_000,
    0,
  ) as NeoDateTime<number>;
}

export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
