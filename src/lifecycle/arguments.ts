/**
 * Argument checks shared by the lifecycle mutations, run before any query
 * reads the store. Each failure is BAD_USER_INPUT
 * naming the argument (an input field is named by its own name, as
 * createApiKey does), or NOT_FOUND naming the argument whose id names nothing.
 */
import { GraphQLError } from 'graphql';
import { badArgument, ErrorCode, quoted, truncated } from '../errors';
import { idProblem, textProblem } from '../limits';
import { INSTANT_FORMAT, isoOf, parseInstant } from '../time';

/** A non-blank id within the id limits (limits.ts), as ingest holds the ids it stores. */
export function idArg(argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badArgument(argument, 'is required (a non-empty id)');
  const bad = idProblem(value);
  if (bad) throw badArgument(argument, bad);
  return value;
}

/** A non-blank free text within the text limits (limits.ts), trimmed. */
export function textArg(argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badArgument(argument, 'is required and must not be blank');
  const text = value.trim();
  const bad = textProblem(text);
  if (bad) throw badArgument(argument, bad);
  return text;
}

/** An optional text: null when left out or blank, else as textArg. */
export function optionalTextArg(argument: string, value: unknown): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  return textArg(argument, value);
}

/** An instant as epoch ms; `fallback` (ms) when left out, else required. */
export function instantArg(argument: string, value: unknown, fallback?: number): number {
  if ((value === null || value === undefined) && fallback !== undefined) return fallback;
  const ms = parseInstant(value);
  if (ms === null) throw badArgument(argument, `must be ${INSTANT_FORMAT}, got ${quoted(value ?? null)}`);
  return ms;
}

/** An instant that may not lie after `nowMs`: a use or a certification cannot be reported before it happens. */
export function pastInstantArg(argument: string, value: unknown, nowMs: number, fallback?: number): number {
  const ms = instantArg(argument, value, fallback);
  if (ms > nowMs) throw badArgument(argument, `may not be in the future (${isoOf(ms)} is after now, ${isoOf(nowMs)})`);
  return ms;
}

/** NOT_FOUND for an id that names no `what` (an access record, a break-glass use), shaped like errors.notFound. */
export function notFoundAs(what: string, argument: string, id: string): GraphQLError {
  return new GraphQLError(`${argument}: no ${what} with id ${quoted(id)}`, {
    extensions: { code: ErrorCode.NOT_FOUND, argument, id: truncated(id) },
  });
}

/** FORBIDDEN for a call the caller's role allows but whose subject is not theirs to change. */
export function forbiddenOn(argument: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, argument } });
}
