/**
 * What ingest's validation reads as stored under each id (src/ingest/stored.ts)
 * is the same from Neo4j and from a reach index holding the stored state:
 * every entity kind (with and without a tenant), access records granted,
 * revoked and changed, a dead sync's staged records (neither source lists
 * them), and ids nothing has. Then, through the API: a write made by another
 * process after this one's index was loaded is seen by validation (the index
 * is behind the version the write lock returns, so Neo4j is asked). And an
 * index loaded from an empty database keeps up with the first writes to it.
 */
import { LOCAL_ADMIN } from '../src/core/viewer';
import { lookupStored, storedInIndex } from '../src/ingest/stored';
import { takeWriteLock } from '../src/graph/write-lock';
import { ReachIndexProvider, loadIndex } from '../src/reach/index/provider';
import { grant, graph, identity, named, own, role, system, tool } from './support/fixtures';
import { failures, harness, INGEST, useHarness } from './support/harness';
import { contents } from './support/index-contents';

const h = useHarness();
const database = process.env.NEO4J_DATABASE || undefined;

const START = graph({
  tenants: [named('t1'), named('t2')],
  systems: [system('s1', 't1'), system('s2', 't2')],
  people: [named('alice'), named('bob')],
  teams: [named('team1')],
  tools: [tool('rmm')],
  roles: [{ ...role('r1', true), tenantId: 't1' }, role('r2')],
  identities: [identity('i1'), identity('i2', { enabled: false })],
  ownerships: [own('bob', 'i1')],
  access: [
    grant('a1', 'USES', 'alice', 'i1'),
    grant('a2', 'CAN_ACCESS', 'i1', 's1', { grantedAt: '2025-03-01T00:00:00Z' }),
    grant('a3', 'CAN_ACCESS', 'rmm', 's2', { revokedAt: '2026-02-01T00:00:00Z' }),
    grant('a4', 'HAS_ROLE', 'i2', 'r1'),
  ],
});

const sorted = (m: Map<string, unknown>) => [...m].sort(([a], [b]) => a.localeCompare(b));

describe('what is stored under each id, from Neo4j and from a current reach index', () => {
  beforeAll(async () => {
    await h.resetTo(START);
    // A later change to a record, and a dead sync's staged leftovers (not stored for either source).
    await h.load({ access: [grant('a2', 'CAN_ACCESS', 'i1', 's1', { revokedAt: '2026-06-01T00:00:00Z', grantedAt: '2025-03-01T00:00:00Z' })] });
    await h.driver.executeQuery(
      `MATCH (i:Entity {id: 'i1'}), (s:Entity {id: 's2'})
       CREATE (i)-[:ACCESS {id: 'staged-a', kind: 'CAN_ACCESS', stagedBy: 'sync-dead', grantedAt: datetime()}]->(s)
       CREATE (:StagedEntity {id: 'staged-s', kind: 'SYSTEM', stagedBy: 'sync-dead'})`,
      {},
      { database },
    );
  });

  it('gives the same record for every id, and nothing for ids not stored', async () => {
    const ids = ['t1', 't2', 's1', 's2', 'alice', 'bob', 'team1', 'rmm', 'r1', 'r2', 'i1', 'i2', 'person:approver', 'a1', 'a2', 'a3', 'a4', 'staged-a', 'staged-s', 'nobody'];
    const { fromNeo4j, fromIndex } = await h.exec.read(LOCAL_ADMIN, async (tx) => {
      const { index } = await loadIndex(tx);
      return { fromNeo4j: await lookupStored(tx, ids), fromIndex: storedInIndex(index, ids) };
    });
    expect(sorted(fromIndex)).toEqual(sorted(fromNeo4j));
    // And what that is: a check that cannot pass on two empty maps.
    expect([...fromNeo4j.keys()].sort()).toEqual(ids.filter((id) => !['staged-a', 'staged-s', 'nobody'].includes(id)).sort());
    expect(fromNeo4j.get('s1')).toEqual({ kind: 'SYSTEM', tenantId: 't1', access: null });
    expect(fromNeo4j.get('r1')).toEqual({ kind: 'ROLE', tenantId: 't1', access: null });
    expect(fromNeo4j.get('a2')?.access).toEqual({ kind: 'CAN_ACCESS', fromId: 'i1', toId: 's1', grantedAt: Date.parse('2025-03-01T00:00:00Z'), revokedAt: Date.parse('2026-06-01T00:00:00Z') });
  });
});

describe('an index behind the stored version is not read', () => {
  beforeEach(() => h.resetTo(START));

  it('heldAt gives the index only at the exact version the write lock returns', async () => {
    const provider = ReachIndexProvider.for(h.exec);
    await provider.current();
    const at = await h.exec.write(LOCAL_ADMIN, (tx) => takeWriteLock(tx));
    expect(provider.heldAt(at)).not.toBeNull();
    expect(provider.heldAt({ ...at, version: at.version + 1 })).toBeNull();
    expect(provider.heldAt({ ...at, epoch: 'another' })).toBeNull();
  });

  it('validation sees what another process wrote after this one loaded its index', async () => {
    // This process's index holds the state now (a question loads it).
    await ReachIndexProvider.for(h.exec).current();
    // Another process (a harness on its own Executor, so its own provider) adds a system and an access record.
    const other = await harness();
    try {
      await other.load({ systems: [system('s3', 't1')], access: [grant('a5', 'CAN_ACCESS', 'i1', 's3')] });
    } finally {
      await other.close();
    }
    // Through this process: a record to s3 is valid, and a5 under another kind is refused as a fixed field changed.
    const ok = await h.run(INGEST, { input: { access: [grant('a6', 'CAN_ACCESS', 'i2', 's3')] } });
    expect(failures(ok)).toEqual([]);
    const refused = await h.run(INGEST, { input: { access: [grant('a5', 'CAN_ACCESS', 'i2', 's3')] } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await h.count("MATCH ()-[r:ACCESS {id: 'a6'}]->(:Entity {id: 's3'}) RETURN count(r)")).toBe(1);
  });
});

describe('an index loaded from a database no write has versioned yet', () => {
  it('takes the first write\'s epoch and is patched, not dropped, so the next batches validate against it', async () => {
    await h.reset();
    const provider = ReachIndexProvider.for(h.exec);
    expect((await provider.current()).nodeCount).toBe(0);
    const loads = provider.loads;
    await h.load(START);
    await h.load({ access: [grant('a9', 'CAN_ACCESS', 'i2', 's2')] });
    const at = await h.exec.write(LOCAL_ADMIN, (tx) => takeWriteLock(tx));
    expect(provider.heldAt(at)).not.toBeNull();
    expect(contents(await provider.current())).toEqual(contents((await h.exec.read(LOCAL_ADMIN, loadIndex)).index));
    // Neither write nor the check above reloaded it.
    expect(provider.loads).toBe(loads);
  });
});
