/**
 * How /graphql executes an operation that Apollo has parsed, validated and
 * let through the operation guard: compiled by graphql-jit into a function
 * per operation (PATHWARDEN_GRAPHQL_EXECUTOR=jit, the default), or by
 * graphql-js's interpreter (graphql-js), which Apollo runs by itself.
 *
 * Why: a page of 1,000 reached systems is some 5,000 field resolutions, and
 * graphql-js's interpreter spent about half of such a page's time walking
 * them (docs/performance.md, "Kept answers"). graphql-jit runs the same
 * resolvers in the same order with the same errors, from code generated once
 * per operation text. Compiled functions are kept for the 1,000 operations
 * used last, keyed by the parsed document (Apollo's document store hands
 * back the same one for the same text): a compiled function is several
 * times the size of its document, and a caller sending ever new texts must
 * not grow the process without bound.
 *
 * Apollo Server 5 has no executor option; its gateway interface is the
 * documented way to supply one, and this "gateway" serves the one local
 * schema.
 *
 * An operation with a string literal that graphql-jit would turn into code
 * runs on graphql-js instead (see `embedsAsCode`).
 */
import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { BREAK, execute, GraphQLError, visit, type DocumentNode, type ExecutionResult, type GraphQLSchema, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** What an operation runs as: its compiled function, the errors graphql-jit refused it with, or graphql-js's interpreter. */
type Compiled = CompiledQuery | ExecutionResult | 'interpret';

/** How many operations' compiled functions are kept (the ones used last). */
export const COMPILED_OPERATIONS = 1_000;

/** An Apollo gateway that serves `schema` and executes with graphql-jit. */
export function jitExecution(schema: GraphQLSchema): GatewayInterface {
  const compiled = new LRUCache<DocumentNode, Map<string, Compiled>>({ max: COMPILED_OPERATIONS });
  const listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();

  const executor: GatewayExecutor = async ({ document, operationName, request, context }) => {
    const interpret = () => execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    const name = operationName ?? '';
    let query = byName.get(name);
    if (!query) {
      query = embedsAsCode(document) ? 'interpret' : compileQuery(schema, document, operationName ?? undefined);
      byName.set(name, query);
    }
    if (query === 'interpret') return interpret();
    // A document graphql-jit cannot compile answers with its errors, as graphql-js's execute would.
    if (!isCompiledQuery(query)) return query;
    const result = await query.query(undefined, context, request.variables ?? {});
    // Variables it refused (no `data` at all): graphql-js's refusal instead, which names the variable's node (Apollo makes
    // that BAD_USER_INPUT, ingest/input-check.ts lists an IngestInput's problems) and words the reason as the contract's
    // clients know it. graphql-js refuses before any resolver runs, as graphql-jit did; were it to accept, it executes.
    if (!('data' in result)) return interpret();
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async load() {
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
      return { executor };
    },
    async stop() {
      listeners.clear();
    },
  };
}

/**
 * graphql-jit's errors are its own GraphQLError: no `extensions` unless the
 * thrown error had some, no `nodes`, and Apollo's formatting reads both. The
 * same error as graphql-js makes it: message, path, locations, the thrown
 * error as `originalError` (errors.ts reads the driver's error through it)
 * and its extensions.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
  // graphql-js computes locations from nodes, which graphql-jit does not keep; the ones it reported are the same positions.
  if (error.locations) (made as { locations?: readonly SourceLocation[] }).locations = error.locations;
  return made;
}

/**
 * graphql-jit 0.8.9 writes a field's literal arguments into the generated
 * code as JSON, then replaces its own marker strings in that JSON with
 * JavaScript: `"__MAGIC_DATE__<uuid>X"` becomes `new Date(X)`, and X is
 * whatever followed the marker. A caller's string literal (`entity(id:
 * "...")`) that holds a marker would therefore run as code in this process.
 * Every marker starts with `__MAGIC_`; a document with that anywhere in a
 * string value (its literals and its variables' defaults, after escapes are
 * read) is interpreted by graphql-js, which treats it as the data it is.
 * Variables' values never enter the generated code.
 */
function embedsAsCode(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('__MAGIC_')) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
