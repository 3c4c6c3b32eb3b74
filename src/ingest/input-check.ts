/**
 * The mutation's half of the shared coercion (ingest/coerce.ts). graphql-js
 * coerces `$input` itself before the resolver runs, but reports a bad value
 * as a message that quotes it whole, with the record only as a path inside
 * that text (no `problems`). This plugin coerces
 * every variable of type IngestInput first, with the same function and the
 * served schema, and refuses a batch it cannot coerce exactly as
 * `npm run import` refuses the same file: BAD_USER_INPUT listing every
 * problem by list, index, id and field, and nothing written.
 *
 * It works only on the failure path: a valid batch is coerced once, by
 * graphql-js as it executes (coercing every batch here too cost a second pass
 * over thousands of records per call). When execution stopped at the
 * variables (no data, BAD_USER_INPUT, as graphql-js refuses a variable before
 * any resolver runs, so nothing was written), `willSendResponse` coerces the
 * IngestInput variables again with the shared function and, when that finds
 * the problems, answers with them instead of graphql-js's message. The
 * operation guard (roles, depth, cost) has always decided before execution.
 * An IngestInput written as a literal in the document is refused by
 * validation (GRAPHQL_VALIDATION_FAILED) instead.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../errors';
import type { RequestContext } from '../server/context';
import { coerceIngestInput, isIngestBatch } from './coerce';
import { rejection } from './service';

export function ingestInputCheck(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, request, schema, response }) {
          const body = response.body;
          if (body.kind !== 'single' || body.singleResult.data !== undefined) return;
          if (!body.singleResult.errors?.some((e) => e.extensions?.code === ErrorCode.BAD_USER_INPUT)) return;
          for (const definition of operation?.variableDefinitions ?? []) {
            if (!isIngestBatch(definition)) continue;
            const value = request.variables?.[definition.variable.name.value];
            // A missing or null $input: graphql-js refuses it as it refuses any missing required variable.
            if (value === undefined || value === null) continue;
            const { problems } = coerceIngestInput(value, schema);
            if (problems.length === 0) continue;
            const error = rejection(problems);
            // 400, as Apollo answers any variable its coercion refuses; a batch refused by the rules is a 200 like any resolver error.
            response.http.status = 400;
            response.body = { kind: 'single', singleResult: { data: null, errors: [{ message: error.message, extensions: error.extensions }] } };
            return;
          }
        },
      };
    },
  };
}
