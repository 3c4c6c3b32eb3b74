/**
 * Checks every operation after validation and before anything executes:
 * 1. who may call it: each root field's @allow roles (auth/auth.graphql);
 *    ADMIN may call all, a field without @allow is ADMIN-only (FORBIDDEN);
 *    and, for INGEST, that it reads back only ids and counts (server/ingest-reads.ts);
 * 2. how deep it nests (QUERY_TOO_COMPLEX over limits.depth);
 * 3. what it may cost (QUERY_TOO_COMPLEX over limits.cost), estimated with
 *    graphql-query-complexity: a field costs 1 plus its children, a
 *    paginated field multiplies its children by `first`, any other list by
 *    LIST_FACTOR, and each traversal root field adds its own base cost, so
 *    aliases and fragments multiplying an expensive field add up.
 * Introspection fields are governed by the introspection switch instead.
 * Its refusals stop the whole operation, so they carry their HTTP status
 * (errors.ts, REFUSAL_STATUS): FORBIDDEN 403, QUERY_TOO_COMPLEX 400.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNullableType,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import type { ViewerRole } from '../core/viewer';
import type { Limits } from '../config';
import { ErrorCode, refusal } from '../errors';
import { isIngestBatch } from '../ingest/coerce';
import type { RequestContext } from './context';
import { checkIngestReads } from './ingest-reads';

/** Base cost of the root fields (queries and mutations) that run a traversal, on top of what they return. */
export const TRAVERSAL_COST: Record<string, number> = {
  blastRadius: 1_000,
  whoCanReach: 1_000,
  accessPaths: 1_000,
  // One report searches from every gap in both directions: at most five per operation under the default limit.
  unaccountablePaths: 20_000,
  // One blast radius per owned entity, priced as ten: how many a person owns is not known before it runs.
  ownerReach: 10_000,
  // Two searches per distinct end of the owner's due records (the paths through each).
  recertificationsDue: 5_000,
  // A whole-graph report like unaccountablePaths (a search per identity, tool and gap); the summary computes the same report.
  findings: 20_000,
  findingSummary: 20_000,
  // Mutations that walk the graph to report what stays reachable or who else holds a credential.
  offboardPerson: 5_000,
  terminateContract: 5_000,
};
/** What a page field returns when `first` is left out or null (pagination.ts). */
const DEFAULT_PAGE = 100;
/** Assumed length of a list without `first` (path steps, tenants, owners...). */
export const LIST_FACTOR = 10;
/** Most selections the cost estimate walks (fragments spread many times count each time). */
const MAX_QUERY_NODES = 20_000;
/**
 * Queries that passed, by role, text and variables: a dashboard or console
 * asks the same few queries again and again, and walking each one's cost was
 * a fixed cost of every request. Only queries (mutations are checked every
 * time) and only short ones (a key is at most PASSED_KEY_LENGTH characters)
 * are kept; a refusal is never kept, so it is worked out, and logged, each time.
 */
const PASSED_QUERIES = 2_000;
const PASSED_KEY_LENGTH = 16_384;

const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  const root = type.name === 'Query' || type.name === 'Mutation';
  const base = 1 + ((root && TRAVERSAL_COST[field.name]) || 0);
  if (field.args.some((a) => a.name === 'first')) {
    // An explicit null skips the SDL default, and the resolver then serves its own default page.
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE;
    return base + Math.max(first, 1) * childComplexity;
  }
  // A connection's edges are already counted by its `first`.
  if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection')) return base + LIST_FACTOR * childComplexity;
  return base + childComplexity;
};

export function allowedRoles(schema: GraphQLSchema): Map<string, Set<ViewerRole>> {
  const allowed = new Map<string, Set<ViewerRole>>();
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const roles = new Set<ViewerRole>(['ADMIN']);
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'allow');
      const arg = directive?.arguments?.find((a) => a.name.value === 'roles');
      if (arg?.value.kind === Kind.LIST) for (const v of arg.value.values) if (v.kind === Kind.ENUM) roles.add(v.value as ViewerRole);
      allowed.set(`${root.name}.${field.name}`, roles);
    }
  }
  return allowed;
}

export function operationGuard(limits: Limits): ApolloServerPlugin<RequestContext> {
  let allowed = new Map<string, Set<ViewerRole>>();
  const passed = new LRUCache<string, true>({ max: PASSED_QUERIES });
  return {
    async serverWillStart({ schema }) {
      allowed = allowedRoles(schema);
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema, contextValue }) {
          if (!operation) return;
          // There is no Subscription type: graphql-js would only fail while executing, as if it were our fault.
          if (operation.operation === 'subscription') throw refusal(ErrorCode.BAD_USER_INPUT, 'subscriptions are not served: send a query or a mutation');
          const key = operation.operation === 'query' && request.query ? passedKey(contextValue.viewer?.role, request.operationName, request.query, request.variables) : null;
          if (key !== null && passed.has(key)) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
          const rootType = operation.operation === 'mutation' ? 'Mutation' : operation.operation === 'query' ? 'Query' : 'Subscription';
          const role = contextValue.viewer?.role;
          // A role allowed no root field at all (METRICS) is allowed no introspection either: it has nothing to ask.
          const callsNothing = role !== undefined && ![...allowed.values()].some((roles) => roles.has(role));
          for (const { name } of rootFields(operation.selectionSet, fragments)) {
            if (name.startsWith('__') && !callsNothing) continue;
            if (!role || !allowed.get(`${rootType}.${name}`)?.has(role)) {
              throw refusal(ErrorCode.FORBIDDEN, `role ${role} may not call ${name}`, { field: name });
            }
          }
          if (role === 'INGEST') checkIngestReads(schema, rootType, operation.selectionSet, fragments);
          const depth = depthOf(operation, fragments);
          if (depth > limits.depth) throw tooComplex(`the operation nests ${depth} levels deep; at most ${limits.depth} are allowed`, { depth, limit: limits.depth });
          let cost: number;
          try {
            cost = getComplexity({ schema, query: document, operationName: request.operationName ?? undefined, variables: costVariables(operation, request.variables), estimators: [estimator], maxQueryNodes: MAX_QUERY_NODES });
          } catch (error) {
            // Bad variables are reported by execution itself; too many nodes is the one limit met here.
            if (String((error as Error).message).includes('nodes')) throw tooComplex(`the operation has more than ${MAX_QUERY_NODES} selections once fragments are expanded`, {});
            return;
          }
          if (cost > limits.cost) throw tooComplex(`the operation's estimated cost is ${cost}; at most ${limits.cost} is allowed (lower first, or split it)`, { cost, limit: limits.cost });
          if (key !== null) passed.set(key, true);
        },
      };
    },
  };
}

/**
 * The variables as the cost walk needs them. The cost depends on `first`
 * arguments alone, never on an ingest batch, and coercing a batch of
 * thousands of records here would be a second pass over it (graphql-js
 * coerces it as it executes): an empty batch, a valid IngestInput, stands in
 * for it.
 */
function costVariables(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = { ...variables };
  for (const d of operation.variableDefinitions ?? []) {
    const name = d.variable.name.value;
    if (isIngestBatch(d) && out[name] !== undefined && out[name] !== null) out[name] = {};
  }
  return out;
}

/** The key a passed query is kept under (what the checks depend on: role, operation, text, variables); null when too long to keep. */
function passedKey(role: string | undefined, operationName: string | null | undefined, query: string, variables: Record<string, unknown> | null | undefined): string | null {
  if (query.length > PASSED_KEY_LENGTH) return null;
  const key = `${role}\u0000${operationName ?? ''}\u0000${query}\u0000${JSON.stringify(variables ?? {})}`;
  return key.length > PASSED_KEY_LENGTH ? null : key;
}

function tooComplex(message: string, details: Record<string, number>) {
  return refusal(ErrorCode.QUERY_TOO_COMPLEX, message, details);
}

/** A root field an operation selects: its name, and the key its answer and errors carry (its alias, or its name). */
export interface RootSelection {
  name: string;
  key: string;
}

/** The root fields an operation selects, through fragments (server/metrics counts requests by them too). */
export function rootSelections(operation: OperationDefinitionNode, document: DocumentNode): RootSelection[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return rootFields(operation.selectionSet, fragments);
}

function rootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): RootSelection[] {
  const names: RootSelection[] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) names.push({ name: s.name.value, key: s.alias?.value ?? s.name.value });
    else if (s.kind === Kind.INLINE_FRAGMENT) names.push(...rootFields(s.selectionSet, fragments, seen));
    else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const f = fragments.get(s.name.value);
      if (f) names.push(...rootFields(f.selectionSet, fragments, seen));
    }
  }
  return names;
}

/** Deepest field nesting (fragments expanded; introspection fields not counted). */
function depthOf(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): number {
  const memo = new Map<string, number>();
  const walk = (set: SelectionSetNode | undefined, stack: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!s.name.value.startsWith('__')) deepest = Math.max(deepest, 1 + walk(s.selectionSet, stack));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, walk(s.selectionSet, stack));
      } else {
        const name = s.name.value;
        // Validation has already refused fragment cycles; the stack only guards against surprises.
        if (stack.has(name)) continue;
        if (!memo.has(name)) {
          stack.add(name);
          memo.set(name, walk(fragments.get(name)?.selectionSet, stack));
          stack.delete(name);
        }
        deepest = Math.max(deepest, memo.get(name) as number);
      }
    }
    return deepest;
  };
  return walk(operation.selectionSet, new Set());
}
