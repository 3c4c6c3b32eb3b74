/**
 * A test's view of PathWarden: the real schema and resolvers (Apollo's
 * executeOperation runs the whole GraphQL pipeline, error formatting
 * included) over the real Neo4j named by NEO4J_URI. `reset` empties the
 * database; `load` writes a fixture through the ingest mutation itself.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { ApolloServer } from '@apollo/server';
import { LOCAL_ADMIN } from '../../src/auth/viewer';
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
  load(graph: IngestInput): Promise<void>;
  run<T = any>(query: string, variables?: Record<string, unknown>, now?: string): Promise<Result<T>>;
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

export async function harness(): Promise<Harness> {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('NEO4J_URI is not set: run the tests with `npm test` (its global setup starts Neo4j)');
  const cfg = credentials();
  const exec = Executor.connect(uri, cfg);
  const driver = neo4j.driver(uri, neo4j.auth.basic(cfg.username, cfg.password), { disableLosslessIntegers: true });
  await exec.applySchema();
  const apollo: ApolloServer<RequestContext> = createApollo();
  await apollo.start();

  const run = async <T>(query: string, variables?: Record<string, unknown>, now?: string): Promise<Result<T>> => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(exec, LOCAL_ADMIN, now) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult as Result<T>;
  };
  const count = async (cypher: string) => {
    const result = await driver.executeQuery(cypher, {}, { database: cfg.database });
    return Number(result.records[0].get(0));
  };
  return {
    exec,
    driver,
    run,
    count,
    async data<T>(query: string, variables?: Record<string, unknown>, now?: string) {
      const result = await run<T>(query, variables, now);
      if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    async reset() {
      // CALL ... IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
      const session = driver.session({ database: cfg.database });
      try {
        await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
      } finally {
        await session.close();
      }
    },
    async load(graph: IngestInput) {
      const result = await run(INGEST, { input: graph });
      if (result.errors) throw new Error(`fixture rejected: ${JSON.stringify(result.errors, null, 2)}`);
    },
    async close() {
      await apollo.stop();
      await driver.close();
      await exec.close();
    },
  };
}
