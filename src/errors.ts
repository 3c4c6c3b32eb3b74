/**
 * Errors are codes, not a class tree. Resolvers and services throw the few
 * helpers below; `formatError` is the one normalizer that decides what a
 * client sees, and it never lets a stack trace, a driver message or Cypher
 * text through: anything it does not recognise becomes INTERNAL_SERVER_ERROR.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Codes produced by graphql-js / Apollo themselves for malformed requests; safe to pass through. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), ...REQUEST_CODES]);

/** One offending field of one input record, as listed in a BAD_USER_INPUT error. */
export interface InputProblem {
  /** Which input list (people, access, ...) or argument the record came from. */
  list: string;
  /** Position in that list; -1 for a plain argument. */
  index: number;
  id: string | null;
  field: string;
  reason: string;
}

export function badInput(message: string, problems?: InputProblem[]): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(problems ? { problems } : {}) },
  });
}

/** A bad argument: the message names the argument and what is wrong with it. */
export function badArgument(argument: string, reason: string): GraphQLError {
  return badInput(`${argument}: ${reason}`, [{ list: 'arguments', index: -1, id: null, field: argument, reason }]);
}

export function notFound(argument: string, id: string): GraphQLError {
  return new GraphQLError(`${argument}: no entity with id ${JSON.stringify(id)}`, {
    extensions: { code: ErrorCode.NOT_FOUND, argument, id },
  });
}

/** Apollo's formatError hook: keeps our codes, hides everything else. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const where = { locations: formatted.locations, path: formatted.path };
  if (isDriverError(original)) {
    const code = (original as { code?: string }).code ?? '';
    // `retriable` marks transient driver errors; the codes are the ones left once the driver gave up retrying.
    const unavailable = (original as { retriable?: boolean }).retriable === true || ['ServiceUnavailable', 'SessionExpired'].includes(code);
    if (!unavailable) console.error('database error', formatted.path ?? '', original);
    return unavailable
      ? { message: 'The graph database is unavailable; try again shortly.', ...where, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } }
      : { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  // An unexpected exception: its message may hold internals, so it stays in the server log only.
  console.error('internal error', formatted.path ?? '', original);
  return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

function isDriverError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'Neo4jError';
}
