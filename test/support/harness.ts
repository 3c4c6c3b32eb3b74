/**
 * A test's view of PathWarden: the real schema and resolvers (Apollo's
 * executeOperation runs the whole GraphQL pipeline, error formatting
 * included) over the real Neo4j named by NEO4J_URI. `reset` empties the
 * database; `load` writes a fixture through the ingest mutation itself.
 * A test file opens its harness with `useHarness()`.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { ApolloServer } from '@apollo/server';
import { resolveViewer } from '../../src/auth/scope';
import { LOCAL_ADMIN, type Principal } from '../../src/core/viewer';
import { Executor } from '../../src/db/executor';
import type { IngestInput } from '../../src/generated/graphql';
import { createApollo } from '../../src/server/app';
import { createContext, type RequestContext } from '../../src/server/context';

export interface Result<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

export interface Harness {
  exec: Executor;
  /** A plain driver for assertions about what is stored (tests only). */
  driver: Driver;
  reset(): Promise<void>;
  /** Ingests `graph` (at the request's `now`, if given); fails the test if it is rejected. */
  load(graph: IngestInput, now?: string): Promise<void>;
  /** Empties the database, then loads `graph`: the whole state a test starts from. */
  resetTo(graph: IngestInput, now?: string): Promise<void>;
  run<T = any>(query: string, variables?: Record<string, unknown>, now?: string): Promise<Result<T>>;
  /** Like run, as the caller `principal` (its scope resolved as over HTTP; authentication itself is tested in test/security.*). */
  runAs<T = any>(principal: Principal, query: string, variables?: Record<string, unknown>, now?: string): Promise<Result<T>>;
  /** Like run, but fails the test on any error and returns data. */
  data<T = any>(query: string, variables?: Record<string, unknown>, now?: string): Promise<T>;
  count(cypher: string): Promise<number>;
  close(): Promise<void>;
}

const credentials = () => ({
  username: process.env.NEO4J_USERNAME || 'neo4j',
  password: process.env.NEO4J_PASSWORD || 'neo4j',
  database: process.env.NEO4J_DATABASE || undefined,
  txTimeoutMs: 60_000,
});

export const INGEST = `mutation($input: IngestInput!) {
  ingest(input: $input) { entities { created updated } ownerships { created updated } access { created updated } }
}`;

/** A harness on the suite's database, or on `uri` (a test's own Neo4j). */
export async function harness(uri = process.env.NEO4J_URI): Promise<Harness> {
  if (!uri) throw new Error('NEO4J_URI is not set: run the tests with `npm test` (its global setup starts Neo4j)');
  const cfg = credentials();
  const exec = Executor.connect(uri, cfg);
  const driver = neo4j.driver(uri, neo4j.auth.basic(cfg.username, cfg.password), { disableLosslessIntegers: true });
  await exec.applySchema();
  const apollo: ApolloServer<RequestContext> = createApollo();
  await apollo.start();

  const runAs = async <T>(principal: Principal, query: string, variables?: Record<string, unknown>, now?: string): Promise<Result<T>> => {
    const viewer = principal === LOCAL_ADMIN ? LOCAL_ADMIN : await resolveViewer(exec, principal);
    const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(exec, viewer, now) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult as Result<T>;
  };
  const run = <T>(query: string, variables?: Record<string, unknown>, now?: string) => runAs<T>(LOCAL_ADMIN, query, variables, now);
  const count = async (cypher: string) => {
    const result = await driver.executeQuery(cypher, {}, { database: cfg.database });
    return Number(result.records[0].get(0));
  };
  const reset = async () => {
    // CALL ... IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
    const session = driver.session({ database: cfg.database });
    try {
      await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    } finally {
      await session.close();
    }
  };
  const load = async (graph: IngestInput, now?: string) => {
    const result = await run(INGEST, { input: graph }, now);
    if (result.errors) throw new Error(`fixture rejected: ${JSON.stringify(result.errors, null, 2)}`);
  };
  return {
    exec,
    driver,
    run,
    runAs,
    count,
    async data<T>(query: string, variables?: Record<string, unknown>, now?: string) {
      const result = await run<T>(query, variables, now);
      if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    reset,
    load,
    async resetTo(graph: IngestInput, now?: string) {
      await reset();
      await load(graph, now);
    },
    async close() {
      await apollo.stop();
      await driver.close();
      await exec.close();
    },
  };
}

/**
 * The harness of the calling test file: opened before its first test and
 * closed after its last (its own beforeAll/afterAll). Use it only inside
 * tests and hooks declared after this call.
 */
export function useHarness(): Harness {
  let opened: Harness | undefined;
  beforeAll(async () => {
    opened = await harness();
  });
  afterAll(() => opened?.close());
  const live = (): Harness => {
    if (!opened) throw new Error('the harness is not open: use it inside a test or a hook');
    return opened;
  };
  return {
    get exec() {
      return live().exec;
    },
    get driver() {
      return live().driver;
    },
    reset: () => live().reset(),
    load: (graph, now) => live().load(graph, now),
    resetTo: (graph, now) => live().resetTo(graph, now),
    run: (query, variables, now) => live().run(query, variables, now),
    runAs: (principal, query, variables, now) => live().runAs(principal, query, variables, now),
    data: (query, variables, now) => live().data(query, variables, now),
    count: (cypher) => live().count(cypher),
    close: () => live().close(),
  };
}

/** An instant as the API answers it: in UTC, with milliseconds. */
export const iso = (instant: string) => new Date(instant).toISOString();

/** The problems of an answer that must be a refusal: fails the test unless data is null and the one error is BAD_USER_INPUT. */
export function problemsOf(result: Result): unknown[] {
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  return result.errors![0].extensions!.problems;
}

/** Every error of an answer as {code, argument}: the argument a BAD_USER_INPUT or NOT_FOUND names. */
export const failures = (r: Result) =>
  (r.errors ?? []).map((e) => ({ code: e.extensions?.code, argument: e.extensions?.argument ?? e.extensions?.problems?.[0]?.field }));

/** One expected entry of a BAD_USER_INPUT's extensions.problems; only the free-text reason is matched loosely. */
export const problem = (list: string, index: number, id: string | null, field: string, reason: string) => ({
  list,
  index,
  id,
  field,
  reason: expect.stringContaining(reason),
});

/** The expected problem entry for a bad query argument `field`. */
export const argumentProblem = (field: string, reason: string) => problem('arguments', -1, null, field, reason);
