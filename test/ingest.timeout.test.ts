/**
 * A write that runs past the database time limit (NEO4J_TX_TIMEOUT_MS) is
 * answered DATABASE_TIMEOUT, with a message about the write (nothing was
 * written; send smaller batches), not QUERY_TOO_COMPLEX's advice about
 * maxDepth; and Neo4j's rollback leaves nothing of the batch behind.
 *
 * The ingest is made to wait deterministically: another transaction holds
 * the lock of the graph version node, which every ingest updates, so the
 * ingest waits on it until Neo4j's transaction monitor stops it.
 */
import { createApollo } from '../src/server/app';
import { createContext } from '../src/server/context';
import { LOCAL_ADMIN } from '../src/core/viewer';
import { Executor } from '../src/db/executor';
import { INGEST, useHarness } from './support/harness';
import { graph, named, system } from './support/fixtures';

const h = useHarness();

it('answers an ingest stopped at the time limit with DATABASE_TIMEOUT, about ingest, having written nothing', async () => {
  await h.reset();
  await h.load(graph({ people: [named('person:before')] }));
  const before = await h.count('MATCH (n:Entity) RETURN count(n)');
  const tiny = Executor.connect(process.env.NEO4J_URI!, { username: 'neo4j', password: 'neo4j', database: process.env.NEO4J_DATABASE || undefined, txTimeoutMs: 1000 });
  const apollo = createApollo();
  await apollo.start();
  const holder = h.driver.session();
  const lock = await holder.beginTransaction();
  try {
    await lock.run("MATCH (g:GraphState {id: 'graph'}) SET g.held = true");
    const input = graph({ tenants: [named('tenant:new')], systems: Array.from({ length: 50 }, (_, i) => system(`system:new:${i}`, 'tenant:new')) });
    const response = await apollo.executeOperation({ query: INGEST, variables: { input } }, { contextValue: createContext(tiny, LOCAL_ADMIN) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    expect(data ?? null).toBeNull();
    expect(errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([{ code: 'DATABASE_TIMEOUT', path: ['ingest'] }]);
    expect(errors![0].message).toMatch(/nothing was written.*ingest.*smaller batches/);
  } finally {
    await lock.rollback();
    await holder.close();
    await apollo.stop();
    await tiny.close();
  }
  expect(await h.count('MATCH (n:Entity) RETURN count(n)')).toBe(before);
});
