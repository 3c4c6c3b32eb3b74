/**
 * Validation of the arguments shared by the reach and accountability queries.
 * Each failure is BAD_USER_INPUT naming the argument and what is wrong.
 */
import { badArgument, quoted } from './errors';
import { MAX_DEPTH_CAP } from './graph/vocabulary';
import { INSTANT_FORMAT, isoOf, parseInstant } from './time';

/** maxDepth must be 1..16 (domain.md: default 8, capped; over the cap is an input error, not a silent clamp). */
export function maxDepthArg(value: number | null | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_DEPTH_CAP) {
    throw badArgument('maxDepth', `must be between 1 and ${MAX_DEPTH_CAP}, got ${n}`);
  }
  return n;
}

/** asOf as epoch ms and normalized ISO; defaults to the request's now. */
export function asOfArg(value: string | null | undefined, nowIso: string): { ms: number; iso: string } {
  if (value === null || value === undefined) return { ms: Date.parse(nowIso), iso: nowIso };
  const ms = parseInstant(value);
  if (ms === null) throw badArgument('asOf', `must be ${INSTANT_FORMAT}, got ${quoted(value)}`);
  return { ms, iso: isoOf(ms) };
}
