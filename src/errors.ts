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
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  RATE_LIMITED: 'RATE_LIMITED',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Codes graphql-js / Apollo give malformed requests; reported as BAD_USER_INPUT with this code as the reason. */
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

/** `what` names the kind of thing looked for (an entity unless said otherwise). */
export function notFound(argument: string, id: string, what = 'entity'): GraphQLError {
  return new GraphQLError(`${argument}: no ${what} with id ${JSON.stringify(id)}`, {
    extensions: { code: ErrorCode.NOT_FOUND, argument, id },
  });
}

/**
 * Apollo's formatError hook: keeps our codes, hides everything else.
 * - Driver errors: transient ones (after the driver's retries) are
 *   DATABASE_UNAVAILABLE; a transaction timeout is QUERY_TOO_COMPLEX; the rest
 *   INTERNAL_SERVER_ERROR. The driver's message never reaches the client.
 * - graphql-js / Apollo request errors (syntax, validation, a bad variable)
 *   are BAD_USER_INPUT with the original code in `extensions.reason`; a
 *   document over the token limit is QUERY_TOO_COMPLEX.
 * - With introspection off, validation messages lose their "Did you mean"
 *   suggestions, which would otherwise spell out the schema.
 * Errors are logged (with the request id) by the errors plugin of server/app.ts.
 */
export function errorFormatter(options: { suggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = rootCause(error);
    const where = { locations: formatted.locations, path: formatted.path };
    if (isDriverError(original)) {
      const code = (original as { code?: string }).code ?? '';
      if (code.includes('TransactionTimedOut')) {
        return { message: 'The query ran past the database time limit per query (NEO4J_TX_TIMEOUT_MS); narrow it (a smaller maxDepth or first) and retry.', ...where, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
      }
      return isUnavailable(original)
        ? { message: 'The graph database is unavailable; try again shortly.', ...where, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } }
        : { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    const code = formatted.extensions?.code;
    // graphql-js's hints name fields, arguments and enum values: the schema, which introspection-off hides.
    const message = options.suggestions ? formatted.message : formatted.message.replace(/ ?Did you mean [^?]*\?/g, '');
    if (typeof code === 'string' && REQUEST_CODES.has(code)) {
      // graphql-js 16 spells it "more that N tokens"; a later release may correct it.
      const tokens = code === 'GRAPHQL_PARSE_FAILED' && /more tha[nt] \d+ tokens/.test(formatted.message);
      return { message, ...where, extensions: { code: tokens ? ErrorCode.QUERY_TOO_COMPLEX : ErrorCode.BAD_USER_INPUT, reason: code } };
    }
    if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message, extensions };
    }
    // An unexpected exception: its message may hold internals, so it stays in the server log only.
    return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

export const formatError = errorFormatter({ suggestions: true });

/** Whether an error is one the client must never see the text of (it is logged instead). */
export function isInternal(error: unknown): boolean {
  const original = rootCause(error);
  if (isDriverError(original)) return !isUnavailable(original) && !String((original as { code?: string }).code).includes('TransactionTimedOut');
  const code = (original as { extensions?: { code?: unknown } })?.extensions?.code;
  return !(original instanceof GraphQLError) || typeof code !== 'string' || !KNOWN_CODES.has(code) || code === ErrorCode.INTERNAL_SERVER_ERROR;
}

/** The error at the bottom of Apollo's and graphql-js's wrappers (a context-creation or resolver failure). */
export function rootCause(error: unknown): unknown {
  let e = unwrapResolverError(error);
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}

function isUnavailable(error: unknown): boolean {
  // `retriable` marks transient driver errors; the codes are the ones left once the driver gave up retrying.
  const code = (error as { code?: string }).code ?? '';
  return (error as { retriable?: boolean }).retriable === true || ['ServiceUnavailable', 'SessionExpired'].includes(code);
}

function isDriverError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'Neo4jError';
}
