/**
 * Requests as /metrics counts them: by operation and outcome code, with their
 * time. The operation is a root field of the served schema (bounded by it),
 * never a caller's operation name or alias, and never an argument: a label
 * holding ids would grow without bound and leak what people ask about. An
 * operation selecting several root fields counts once for each distinct
 * field, with that field's outcome. A request refused before its operation is
 * known (no credential, a rate limit, a body too large, malformed GraphQL)
 * counts under NO_OPERATION.
 *
 * The outcome is the code the client was sent (errors.ts ErrorCode), or OK:
 * an error about the field (its path starts at the field's key), else an
 * error about the whole operation (the guard's FORBIDDEN), else OK.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type express from 'express';
import { ErrorCode } from '../../errors';
import type { RequestContext } from '../context';
import { rootSelections, type RootSelection } from '../guard';

/** The operation label of a request refused before its operation was known. */
export const NO_OPERATION = '(none)';
/** The outcome label of an operation field answered without error. */
export const OK = 'OK';

export interface Outcome {
  operation: string;
  code: string;
}

export type RecordRequest = (outcomes: Outcome[], seconds: number) => void;

const CODES = new Set<string>(Object.values(ErrorCode));

/** A client-visible code as a label: one of ErrorCode (the normalizer in errors.ts guarantees it; anything else is counted as internal). */
function codeLabel(error: GraphQLFormattedError | string | undefined): string {
  const code = typeof error === 'string' ? error : error?.extensions?.code;
  return typeof code === 'string' && CODES.has(code) ? code : ErrorCode.INTERNAL_SERVER_ERROR;
}

/** The root fields the schema serves, and the introspection fields: the only operation labels besides NO_OPERATION. */
export function operationLabels(schema: GraphQLSchema): Set<string> {
  const names = new Set(['__schema', '__type', '__typename']);
  for (const root of [schema.getQueryType(), schema.getMutationType()]) for (const name of Object.keys(root?.getFields() ?? {})) names.add(name);
  return names;
}

/** One outcome per distinct root field of an answered operation (see the module comment). */
export function outcomes(fields: RootSelection[], errors: readonly GraphQLFormattedError[], known: ReadonlySet<string>): Outcome[] {
  if (fields.length === 0) return [{ operation: NO_OPERATION, code: errors.length > 0 ? codeLabel(errors[0]) : OK }];
  const whole = errors.find((e) => !e.path || e.path.length === 0);
  const byOperation = new Map<string, string>();
  for (const { name, key } of fields) {
    const operation = known.has(name) ? name : NO_OPERATION;
    const error = errors.find((e) => e.path?.[0] === key) ?? whole;
    const code = error ? codeLabel(error) : OK;
    // A field selected twice (under two aliases) counts once: with its first error, if any.
    if ((byOperation.get(operation) ?? OK) === OK) byOperation.set(operation, code);
  }
  return [...byOperation].map(([operation, code]) => ({ operation, code }));
}

/** The Apollo plugin that records each operation it answers. */
export function requestMetricsPlugin(record: RecordRequest): ApolloServerPlugin<RequestContext> {
  let known = new Set<string>();
  return {
    async serverWillStart({ schema }) {
      known = operationLabels(schema);
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, document }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          // Without a validated operation (parse or validation failed) its field names are the caller's words: not labels.
          const fields = operation && document && response.body.kind === 'single' ? rootSelections(operation, document) : [];
          record(outcomes(fields, errors, known), (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/**
 * Records the requests to /graphql refused before Apollo saw them (server/app.ts
 * `refuse` marks each with its code), which the plugin never sees.
 */
export function refusalMetrics(record: RecordRequest): express.RequestHandler {
  return (_req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const code = (res.locals as { errorCode?: string }).errorCode;
      if (code) record([{ operation: NO_OPERATION, code: codeLabel(code) }], (performance.now() - started) / 1000);
    });
    next();
  };
}
