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
  const m = RFC3339.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || (s ?? 0) > 59) return null;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return null;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? null : ms;
}

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
