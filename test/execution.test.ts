/**
 * graphql-jit (the default executor, src/server/execution.ts) answers
 * exactly as graphql-js's interpreter does: the same operations, run on the
 * demo through the whole Apollo pipeline with each executor, give equal
 * responses, whole: data, errors with their messages, codes, paths and
 * locations, and the refusals of bad variables.
 */
import type { ApolloServer } from '@apollo/server';
import { compileQuery } from 'graphql-jit';
import { LOCAL_ADMIN } from '../src/core/viewer';
import { Executor } from '../src/db/executor';
import { createApollo } from '../src/server/app';
import { COMPILED_OPERATIONS } from '../src/server/execution';
import { createContext, type RequestContext } from '../src/server/context';
import { resetToDemo } from './support/demo';
import { useHarness } from './support/harness';
import { withEnv } from './support/env';

// The real compiler, counted.
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});

const h = useHarness();
const NOW = '2026-06-01T00:00:00Z';
let jit: ApolloServer<RequestContext>;
let interpreter: ApolloServer<RequestContext>;

beforeAll(async () => {
  await resetToDemo(h, { now: NOW });
  jit = created('jit');
  interpreter = created('graphql-js');
  await Promise.all([jit.start(), interpreter.start()]);
});

afterAll(async () => {
  await Promise.all([jit?.stop(), interpreter?.stop()]);
});

function created(executor: string | undefined): ApolloServer<RequestContext> {
  const restore = withEnv('PATHWARDEN_GRAPHQL_EXECUTOR', executor ?? '');
  try {
    return createApollo();
  } finally {
    restore();
  }
}

async function answer(apollo: ApolloServer<RequestContext>, query: string, variables?: Record<string, unknown>) {
  const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(h.exec, LOCAL_ADMIN, NOW) });
  return { status: response.http.status, body: response.body };
}

const ENTITY = `fragment E on Entity { __typename id kind name ... on Person { status employer } ... on System { criticality environment tenant { id name } } }`;

const cases: [string, string, Record<string, unknown>?][] = [
  [
    'a blast radius: tenants, two pages of systems with their paths, aliases and a fragment on the interface',
    `query($from: ID!, $after: String, $deep: Boolean!) { blastRadius(from: $from) { from { ...E } asOf maxDepth systemCount tenantCount
      tenants { tenant { id name } systemCount }
      first: systems(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { system { ...E } distance privileged
        path @include(if: $deep) { length steps { from { id } to { id } access { id kind privileged gaps approvedBy { id } } gaps } } } } }
      rest: systems(first: 100, after: $after) { edges { node { system { id } distance } } } } } ${ENTITY}`,
    { from: 'tool:rmm', after: null, deep: true },
  ],
  [
    'who can reach a domain controller, people and identities, with @skip',
    `query($t: ID!) { whoCanReach(target: $t) { target { ...E } peopleCount identityCount
      people(first: 50) { edges { node { entity { ...E } distance } } pageInfo { hasNextPage } }
      identities(first: 50) @skip(if: false) { edges { node { entity { id __typename } distance } } } } } ${ENTITY}`,
    { t: 'system:acme-dc01' },
  ],
  ['access paths', `{ accessPaths(from: "person:tom-baker", to: "system:acme-dc01", first: 3) { length steps { from { id } to { id } access { id justification expiresAt } gaps } } }`],
  ['findings, first page', `{ findings(first: 20) { totalCount edges { node { id code title severity entity { id } tenant { id } frameworks { __typename } evidence { length } } } } }`],
  ['unaccountable paths', `{ unaccountablePaths(first: 20) { totalCount edges { node { entity { id } access { id } reason peopleExposed systemsExposed example { length } } } } }`],
  ['the audit trail', `{ auditTrail(first: 10) { edges { node { __typename } } } }`],
  ['entities of a kind', `query($k: EntityKind) { entities(kind: $k, first: 5) { totalCount edges { cursor node { ...E } } } } ${ENTITY}`, { k: 'PERSON' }],
  ['an unknown entity: null, no error', `{ entity(id: "nope") { id } }`],
  ['a resolver refusal (NOT_FOUND) beside a field that answers', `{ blastRadius(from: "nope") { systemCount } entity(id: "tool:rmm") { id } }`],
  ['a bad enum variable', `query($k: EntityKind) { entities(kind: $k) { totalCount } }`, { k: 'NOT_A_KIND' }],
  ['a missing required variable', `query($from: ID!) { blastRadius(from: $from) { systemCount } }`, {}],
  ['a DateTime variable that is not one', `query($at: DateTime) { blastRadius(from: "tool:rmm", asOf: $at) { systemCount } }`, { at: 'yesterday' }],
  ['an Int variable out of range', `query($d: Int) { blastRadius(from: "tool:rmm", maxDepth: $d) { systemCount } }`, { d: 2 ** 40 }],
  ['a bad ingest batch, refused with its problems', `mutation($input: IngestInput!) { ingest(input: $input) { access { created } } }`, { input: { people: [{ id: 'person:x', name: 'X', status: 'MAYBE' }] } }],
  // graphql-jit generates JavaScript from the operation: literals that would break out of a string there stay data.
  ['literals that look like code', '{ a: entity(id: "\\"); process.exit(1); (\\"") { id } b: entity(id: "\\u2028\\u2029 `${process.exit(1)}` */ //") { id } ' +
    'c: entity(id: "\'); process.exit(1); (\'") { id } d: entities(kind: PERSON, first: 1) { totalCount } }'],
  ['aliases named like JavaScript\'s own properties', '{ __proto__: entity(id: "tool:rmm") { id } constructor: entity(id: "tool:rmm") { toString: id hasOwnProperty: name } }'],
  ['introspection of one type', `{ __type(name: "Exposure") { name fields { name type { kind name ofType { name } } } } }`],
];

// Every row has its three cells: jest passes a row of two a `done` callback as the third.
it.each(cases.map(([name, query, variables]) => [name, query, variables ?? {}] as const))('%s: graphql-jit answers as graphql-js does', async (_name, query, variables) => {
  const interpreted = await answer(interpreter, query, variables);
  const compiled = await answer(jit, query, variables);

  expect(compiled).toEqual(interpreted);
});

it('a database that is down: both answer DATABASE_UNAVAILABLE at the field, with its path and location', async () => {
  // The driver's error carries no GraphQL extensions: the case graphql-jit's own error type would leave without a code.
  const dead = Executor.connect('bolt://127.0.0.1:1', { username: 'neo4j', password: 'x', database: undefined, txTimeoutMs: 1000, retryMs: 200 });
  try {
    const run = async (apollo: ApolloServer<RequestContext>) => {
      const response = await apollo.executeOperation({ query: '{ entity(id: "tool:rmm") { id } }' }, { contextValue: createContext(dead, LOCAL_ADMIN, NOW) });
      return response.body.kind === 'single' ? response.body.singleResult : null;
    };
    const interpreted = await run(interpreter);

    expect(await run(jit)).toEqual(interpreted);
    expect(interpreted?.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['DATABASE_UNAVAILABLE', ['entity']]]);
  } finally {
    await dead.close();
  }
});

it("a literal holding graphql-jit's date marker stays data: it is not run as code", async () => {
  // graphql-jit 0.8.9 replaces "__MAGIC_DATE__<uuid>X" in a field's literal arguments with `new Date(X)` in the code it generates.
  const marker = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
  const payload = (flag: string) => `(globalThis.${flag} = 'ran', 0)`;
  const planted = globalThis as { pwPlain?: string; pwEscaped?: string };
  const operations = [
    `{ entity(id: "${marker}${payload('pwPlain')}") { id } }`,
    // The same marker written with an escape: graphql-js reads it back as the marker.
    `{ entity(id: "\\u005f${marker.slice(1)}${payload('pwEscaped')}") { id } }`,
  ];
  for (const query of operations) {
    const interpreted = await answer(interpreter, query, {});

    expect(await answer(jit, query, {})).toEqual(interpreted);
    expect(interpreted.body.kind === 'single' && interpreted.body.singleResult.data).toEqual({ entity: null });
  }
  expect([planted.pwPlain, planted.pwEscaped]).toEqual([undefined, undefined]);
});

it('the operations above answer something worth comparing', async () => {
  // A case that errors in both would compare equal without checking much: these must carry data.
  const named = async (start: string): Promise<any> => {
    const [, query, variables] = cases.find(([name]) => name.startsWith(start))!;
    return answer(jit, query, variables);
  };
  for (const start of ['a blast radius', 'who can reach', 'access paths', 'findings', 'unaccountable', 'entities of a kind']) {
    const { body } = await named(start);
    expect(body.kind === 'single' && body.singleResult.errors).toBeFalsy();
  }
  const blast = await named('a blast radius');
  expect(blast.body.singleResult.data.blastRadius.first.edges.length).toBe(3);
  const refused = await named('a bad enum');
  expect([refused.status, refused.body.singleResult.errors.map((e: any) => e.extensions.code)]).toEqual([400, ['BAD_USER_INPUT']]);
  const ingest = await named('a bad ingest batch');
  expect(ingest.body.singleResult.errors[0].extensions.problems).toHaveLength(1);
  const literals = await named('literals that look like code');
  const { errors, data } = literals.body.singleResult;
  expect([errors, data.a, data.b, data.c]).toEqual([undefined, null, null, null]);
  expect(data.d.totalCount).toBeGreaterThan(0);
});

it('keeps the compiled functions of the operations used last, a bounded number', async () => {
  const compile = jest.mocked(compileQuery);
  const first = '{ first: __typename }';
  await answer(jit, first);
  compile.mockClear();
  await answer(jit, first);
  expect(compile).toHaveBeenCalledTimes(0);

  // Distinct texts, each compiled once, push the first one out.
  for (let i = 0; i < COMPILED_OPERATIONS; i++) await answer(jit, `{ other${i}: __typename }`);
  compile.mockClear();
  await answer(jit, first);

  expect(compile).toHaveBeenCalledTimes(1);
});

it('compiles with graphql-jit unless told otherwise, once per operation', async () => {
  const compile = jest.mocked(compileQuery);
  compile.mockClear();
  const defaulted = created(undefined);
  await defaulted.start();
  try {
    const query = `{ entity(id: "tool:rmm") { id } }`;
    for (const apollo of [defaulted, defaulted, interpreter]) await answer(apollo, query);

    expect(compile).toHaveBeenCalledTimes(1);
  } finally {
    await defaulted.stop();
  }
});
