/**
 * Errors are codes, not a class tree. Resolvers and services throw the few
 * helpers below; `formatError` is the one normalizer that decides what a
 * client sees, and it never lets a stack trace, a driver message or Cypher
 * text through: anything it does not recognise becomes INTERNAL_SERVER_ERROR.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ID_MAX_LENGTH } from './limits';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  RATE_LIMITED: 'RATE_LIMITED',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  DATABASE_TIMEOUT: 'DATABASE_TIMEOUT',
  /** The server is draining before it stops (HTTP 503): nothing was run; send the request again. */
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  /** A whole-source sync holds the sync lease (docs/ingest.md, "Sync of a whole source"): the write was refused, nothing was written; send it again once the sync ends. */
  SYNC_IN_PROGRESS: 'SYNC_IN_PROGRESS',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/**
 * The HTTP status of a refusal (docs/security.md, "HTTP status"). The status
 * says whether the operation ran, never how bad an error is: an operation
 * refused before it executes (authentication, limits, the role guard,
 * malformed GraphQL) answers 4xx with no `data`; an error raised while it
 * executes (a resolver's FORBIDDEN about an argument, a NOT_FOUND) is a
 * field error, answered 200 with `data` and `errors`, so clients keep what
 * did resolve. So a FORBIDDEN is 403 when the whole operation is refused
 * for the caller's role, and 200 when a resolver refuses one field.
 */
export const REFUSAL_STATUS = {
  BAD_USER_INPUT: 400,
  QUERY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
} as const;

/** An error refusing the whole operation before it executes, with its code's HTTP status. Not for resolvers: see REFUSAL_STATUS. */
export function refusal(code: keyof typeof REFUSAL_STATUS, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: REFUSAL_STATUS[code] } } });
}

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
  /** Position in that list; -1 for a plain argument or a field of the whole input. */
  index: number;
  id: string | null;
  field: string;
  reason: string;
}

/**
 * Where a problem is, as messages name it: `access[3].toId` (with `withId`,
 * `access[3] (a1).toId`), or `input.source` for a field of the whole input.
 */
export function problemPath(p: InputProblem, withId = false): string {
  return `${p.list}${p.index >= 0 ? `[${p.index}]` : ''}${withId && p.id ? ` (${p.id})` : ''}.${p.field}`;
}

/** How much of an over-long value an error quotes: enough to recognise it, never the whole of a 1 MB id. */
const QUOTED_HEAD = 64;
/** Longest message a client is sent: a safety net for any message that quotes a caller's value whole. */
export const MAX_MESSAGE_LENGTH = 2000;

/**
 * A caller's string as an error may echo it: whole up to ID_MAX_LENGTH
 * characters (so every valid id is quoted exactly), else its head and its
 * length. Without it an error about a 1 MB id is itself megabytes long.
 */
export function truncated(value: string): string {
  return value.length <= ID_MAX_LENGTH ? value : `${value.slice(0, QUOTED_HEAD)}... (${value.length} characters)`;
}

/** A caller's value quoted in a message: JSON, strings cut by `truncated`, anything else cut to the same length. */
export function quoted(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(truncated(value));
  const json = JSON.stringify(value) ?? String(value);
  return json.length <= ID_MAX_LENGTH ? json : `${json.slice(0, QUOTED_HEAD)}... (${json.length} characters)`;
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
  return new GraphQLError(`${argument}: no ${what} with id ${quoted(id)}`, {
    extensions: { code: ErrorCode.NOT_FOUND, argument, id: truncated(id) },
  });
}

/**
 * Whether a driver error is Neo4j stopping a transaction that ran past its
 * time limit: TransactionTimedOut* while it runs, LockClientStopped when the
 * monitor stops it while it waits for a lock (which Neo4j also reports for an
 * operator's manual termination; the timeout is by far the likelier here).
 */
export function isTimeout(error: unknown): boolean {
  const code = String((error as { code?: string }).code ?? '');
  return isDriverError(error) && (code.includes('TransactionTimedOut') || code === 'Neo.ClientError.Transaction.LockClientStopped');
}

/**
 * A write transaction stopped at the database time limit. Neo4j rolled all of
 * it back, so the caller is told that nothing was written and what to do;
 * unlike a read, narrowing the query is no advice for a write.
 */
export function writeTimedOut(): GraphQLError {
  return new GraphQLError(
    'The write ran past the database time limit per transaction (NEO4J_TX_TIMEOUT_MS) and was rolled back: nothing was written. Retry it; an ingest that keeps timing out should be sent in smaller batches.',
    { extensions: { code: ErrorCode.DATABASE_TIMEOUT } },
  );
}

/**
 * A write whose commit had been sent when the connection to the database
 * broke: the database may have made it durable before it went away, or not,
 * and nothing on this side can tell. So the client is told exactly that
 * (`writeOutcome: UNKNOWN`), never that nothing was written.
 */
export function writeOutcomeUnknown(): GraphQLError {
  return new GraphQLError(
    'The graph database went away while this write was being committed: it may or may not have been written. Once the database answers again, read back what it wrote before sending it again (an ingest may simply be sent again: what it already wrote is left unchanged).',
    { extensions: { code: ErrorCode.DATABASE_UNAVAILABLE, writeOutcome: 'UNKNOWN' } },
  );
}

/**
 * A write refused because a whole-source sync holds the sync lease
 * (graph/write-lock.ts): it read and wrote nothing. `expiresAt` is when the
 * lease lapses unless the sync renews it (a live sync renews it until it ends).
 */
export function syncInProgress(source: string, expiresAt: string): GraphQLError {
  return new GraphQLError(
    `a sync of source ${quoted(source)} (npm run import -- --sync) is staging its new state and holds the sync lease (until ${expiresAt} unless renewed): writes to the access graph are refused meanwhile, and nothing was written; send it again when the sync has ended`,
    { extensions: { code: ErrorCode.SYNC_IN_PROGRESS, source, leaseExpiresAt: expiresAt } },
  );
}

/**
 * Apollo's formatError hook: keeps our codes, hides everything else.
 * - Driver errors: transient ones (after the driver's retries) are
 *   DATABASE_UNAVAILABLE; a read transaction's timeout is QUERY_TOO_COMPLEX
 *   (a write's is DATABASE_TIMEOUT, raised by the Executor); the rest
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
      if (isTimeout(original)) {
        return { message: 'The query ran past the database time limit per query (NEO4J_TX_TIMEOUT_MS); narrow it (a smaller maxDepth or first) and retry.', ...where, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
      }
      return isUnavailable(original)
        ? { message: 'The graph database is unavailable; try again shortly.', ...where, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } }
        : { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    const code = formatted.extensions?.code;
    // graphql-js's hints name fields, arguments and enum values: the schema, which introspection-off hides.
    const message = bounded(options.suggestions ? formatted.message : formatted.message.replace(/ ?Did you mean [^?]*\?/g, ''));
    if (typeof code === 'string' && REQUEST_CODES.has(code)) return { message, ...where, extensions: { ...clientCode(code, formatted.message) } };
    if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message, extensions };
    }
    // An unexpected exception: its message may hold internals, so it stays in the server log only.
    return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

export const formatError = errorFormatter({ suggestions: true });

/** A message cut to MAX_MESSAGE_LENGTH: graphql-js quotes a bad variable's value whole ("Variable \"$x\" got invalid value ..."). */
function bounded(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH - 40)}... (message cut at ${MAX_MESSAGE_LENGTH} characters)`;
}

/** The code (and graphql-js's own code as `reason`) a client is told for a request error of graphql-js or Apollo. */
export function clientCode(code: string, message: string): { code: string; reason?: string } {
  if (!REQUEST_CODES.has(code)) return { code };
  // graphql-js 16 spells it "more that N tokens"; a later release may correct it.
  const tokens = code === 'GRAPHQL_PARSE_FAILED' && /more tha[nt] \d+ tokens/.test(message);
  return { code: tokens ? ErrorCode.QUERY_TOO_COMPLEX : ErrorCode.BAD_USER_INPUT, reason: code };
}

/**
 * Whether an error is one the client must never see the text of (it is
 * logged instead, with its stack). The outermost code decides: Apollo wraps
 * graphql-js's syntax, validation and variable errors, which carry no code
 * of their own, in errors that do (GRAPHQL_PARSE_FAILED, BAD_USER_INPUT...),
 * and those are the caller's mistakes, not ours.
 */
export function isInternal(error: unknown): boolean {
  const original = rootCause(error);
  if (isDriverError(original)) return !isUnavailable(original) && !isTimeout(original);
  const code = codeOf(error);
  return code === null || !KNOWN_CODES.has(code) || code === ErrorCode.INTERNAL_SERVER_ERROR;
}

/** The first code met from the outermost GraphQLError inwards (resolver wrappers copy their cause's code); null when none has one. */
export function codeOf(error: unknown): string | null {
  let e: unknown = error;
  while (e instanceof GraphQLError) {
    const code = e.extensions?.code;
    if (typeof code === 'string') return code;
    e = e.originalError;
  }
  return null;
}

/** The error at the bottom of Apollo's and graphql-js's wrappers (a context-creation or resolver failure). */
export function rootCause(error: unknown): unknown {
  let e = unwrapResolverError(error);
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}

/** The refusal of a request while the database is known to be unreachable (the Executor's circuit is open). */
export function databaseUnavailable(): GraphQLError {
  return new GraphQLError('The graph database is unavailable; try again shortly.', { extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } });
}

/**
 * What a client is told when a request fails before its operation runs,
 * while its caller's view is being resolved (the reach index loaded, a
 * narrowed scope computed: server/app.ts's context). The caller did nothing
 * wrong, so it is never a 400 nor a bare 500: an unreachable database or a
 * database time limit is 503 with its code (retry shortly); our own coded
 * errors keep their code; anything else stays internal (500, logged).
 */
export function viewFailure(error: unknown): GraphQLError {
  const original = rootCause(error);
  const retry = (code: string, message: string) => new GraphQLError(message, { extensions: { code, http: { status: 503 } } });
  if (isDriverError(original)) {
    if (isTimeout(original)) return retry(ErrorCode.DATABASE_TIMEOUT, 'Resolving what this credential may see ran past the database time limit; try again shortly.');
    if (isUnavailable(original)) return retry(ErrorCode.DATABASE_UNAVAILABLE, 'The graph database is unavailable; try again shortly.');
  }
  const code = codeOf(error);
  if (code === ErrorCode.DATABASE_UNAVAILABLE || code === ErrorCode.DATABASE_TIMEOUT || code === ErrorCode.SHUTTING_DOWN) return retry(code, (error as Error).message);
  return error instanceof GraphQLError ? error : new GraphQLError('Internal server error', { originalError: error as Error, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
}

/**
 * Whether a driver error says the database could not be reached at all (no
 * server answered, or the connection died), or that the server answers but
 * its database is not open (still starting, or stopping).
 */
export function isUnreachable(error: unknown): boolean {
  return isDriverError(error) && ['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable'].includes((error as { code?: string }).code ?? '');
}

/** Whether a driver error is one worth retrying (transient: a deadlock, a leader switch, an unreachable server). */
/**
 * Neo4j refused a transaction more memory: over its own limit
 * (`db.memory.transaction.max`) or over the limit of all transactions
 * together (`dbms.memory.transaction.total.max`, 70% of the heap by
 * default). The transaction was rolled back whole.
 */
export function isOutOfMemory(error: unknown): boolean {
  const code = String((error as { code?: string }).code ?? '');
  return isDriverError(error) && /OutOfMemoryError|MemoryLimit/.test(code);
}

export function isRetryable(error: unknown): boolean {
  return isDriverError(error) && (error as { retryable?: boolean }).retryable === true;
}

/** Whether a driver error means the database could not be reached (after the driver's own retries). */
export function isUnavailable(error: unknown): boolean {
  // `retriable` marks transient driver errors; the codes are the ones left once the driver gave up retrying.
  if (!isDriverError(error)) return false;
  const code = (error as { code?: string }).code ?? '';
  return (error as { retriable?: boolean }).retriable === true || ['ServiceUnavailable', 'SessionExpired'].includes(code);
}

function isDriverError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'Neo4jError';
}
