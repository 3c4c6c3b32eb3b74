/**
 * The change feed (src/reach/index/feed.ts), in process: what each write
 * appends (the rows it changed, or "reload"), pruning past the horizon, and a
 * second process's reach index (a provider on its own Executor) catching up
 * from the entries into exactly the index a full load gives, or reloading
 * when the entry after its version is gone.
 */
import { LOCAL_ADMIN } from '../src/core/viewer';
import { Executor } from '../src/db/executor';
import { decodeChange } from '../src/reach/index/feed';
import { ReachIndexProvider, loadIndex } from '../src/reach/index/provider';
import { grant, graph, identity, named, own, system } from './support/fixtures';
import { useHarness } from './support/harness';
import { contents } from './support/index-contents';
import { withEnv } from './support/env';

const h = useHarness();
const database = process.env.NEO4J_DATABASE || undefined;

const START = graph({
  tenants: [named('t1')],
  systems: [system('s1', 't1'), system('s2', 't1')],
  people: [named('alice'), named('bob')],
  identities: [identity('i1')],
  access: [grant('a1', 'USES', 'alice', 'i1'), grant('a2', 'CAN_ACCESS', 'i1', 's1')],
});

interface Entry {
  version: number;
  reload: boolean;
  entities: string[];
  access: string[];
  owned: string[];
}

async function entries(): Promise<Entry[]> {
  const { records } = await h.driver.executeQuery('MATCH (c:GraphChange) RETURN c ORDER BY c.version', {}, { database });
  return records.map((r) => {
    const c = r.get('c').properties;
    const change = c.change === null || c.change === undefined ? { nodes: [], edges: [], owned: [] } : decodeChange(c.change);
    const ids = { entities: change.nodes.map((n) => n.id).sort(), access: change.edges.map((e) => e.id).sort(), owned: [...change.owned].sort() };
    expect(Number(c.size)).toBe(ids.entities.length + ids.access.length + ids.owned.length);
    return { version: Number(c.version), reload: c.reload, ...ids };
  });
}
const last = async () => (await entries()).at(-1)!;
const storedVersion = () => h.count("MATCH (g:GraphState {id: 'graph'}) RETURN g.version");

const fresh = async () => contents((await h.exec.read(LOCAL_ADMIN, loadIndex)).index);

describe('what each write appends', () => {
  beforeEach(() => h.resetTo(START));

  it('an ingest appends one entry at the new version, listing the entities and access records it wrote', async () => {
    expect(await entries()).toEqual([
      { version: 1, reload: false, entities: ['alice', 'bob', 'i1', 'person:approver', 's1', 's2', 't1'], access: ['a1', 'a2'], owned: [] },
    ]);
    await h.load({ access: [grant('a3', 'CAN_ACCESS', 'i1', 's2')], ownerships: [own('bob', 'i1')] });
    expect({ last: await last(), version: await storedVersion() }).toEqual({ last: { version: 2, reload: false, entities: [], access: ['a3'], owned: ['i1'] }, version: 2 });
  });

  it('a lifecycle change appends what it changed', async () => {
    await h.data('mutation { revokeAccess(id: "a2", reason: "left the team") { eventIds } }');
    expect(await last()).toMatchObject({ version: 2, reload: false, access: ['a2'] });
  });

  it('a write listing more than PATHWARDEN_FEED_MAX_IDS ids appends an entry that says reload, with no ids', async () => {
    const restore = withEnv('PATHWARDEN_FEED_MAX_IDS', '2');
    try {
      await h.load({ systems: [system('s3', 't1')], access: [grant('a3', 'CAN_ACCESS', 'i1', 's3'), grant('a4', 'CAN_ACCESS', 'i1', 's2')] });
    } finally {
      restore();
    }
    expect(await last()).toEqual({ version: 2, reload: true, entities: [], access: [], owned: [] });
  });

  it('each write prunes at most 100 entries older than the horizon, never its own', async () => {
    await h.driver.executeQuery('UNWIND range(1, 150) AS i CREATE (:GraphChange {epoch: "old", version: -i, at: 0, reload: true, size: 0})', {}, { database });
    const old = () => h.count('MATCH (c:GraphChange) WHERE c.at = 0 RETURN count(c)');
    await h.load({ people: [named('carol')] });
    expect(await old()).toBe(50);
    await h.load({ people: [named('dave')] });
    expect({ old: await old(), versions: (await entries()).map((e) => e.version) }).toEqual({ old: 0, versions: [1, 2, 3] });
  });
});

describe('another process catching up', () => {
  let other: Executor;
  beforeAll(() => {
    other = Executor.connect(process.env.NEO4J_URI!, { username: process.env.NEO4J_USERNAME || 'neo4j', password: process.env.NEO4J_PASSWORD || 'neo4j', database, txTimeoutMs: 60_000 });
  });
  afterAll(() => other.close());
  let restoreStaleness: () => void;
  beforeEach(() => (restoreStaleness = withEnv('PATHWARDEN_INDEX_STALENESS_MS', '0')));
  afterEach(() => restoreStaleness());

  it('patches the entries after its version into exactly the index a full load gives, without reloading', async () => {
    await h.resetTo(START);
    const provider = ReachIndexProvider.for(other);
    await provider.current();
    const loads = provider.loads;
    const before = provider.status();
    // Three writes through "this" process: new records and entities, an owner link, a revocation.
    await h.load({ systems: [system('s3', 't1')], access: [grant('a3', 'CAN_ACCESS', 'i1', 's3')] });
    await h.load({ ownerships: [own('bob', 'i1')], people: [{ id: 'alice', name: 'Alice Renamed' }] });
    await h.data('mutation { revokeAccess(id: "a2", reason: "left the team") { eventIds } }');
    const index = await provider.current();
    const after = provider.status();
    expect({ contents: contents(index), loads: provider.loads, version: after.version, deltas: after.deltas - before.deltas, entries: after.deltaEntries - before.deltaEntries }).toEqual({
      contents: await fresh(),
      loads,
      version: await storedVersion(),
      deltas: 1,
      entries: 3,
    });
    // The test can fail: the catch-up changed what the index holds.
    expect(index.row('alice')?.name).toBe('Alice Renamed');
  });

  it('an entry without a change (as an earlier PathWarden wrote, listing ids) makes it reload, not skip the entry', async () => {
    await h.resetTo(START);
    const provider = ReachIndexProvider.for(other);
    await provider.current();
    const loads = provider.loads;
    const deltas = provider.status().deltas;
    await h.load({ access: [grant('a3', 'CAN_ACCESS', 'i1', 's2')] });
    const version = await storedVersion();
    await h.driver.executeQuery('MATCH (c:GraphChange {version: $version}) REMOVE c.change, c.size SET c.access = ["a3"]', { version }, { database });
    const index = await provider.current();
    expect({ contents: contents(index), loads: provider.loads - loads, deltas: provider.status().deltas - deltas }).toEqual({ contents: await fresh(), loads: 1, deltas: 0 });
    expect(index.records().some((r) => r.id === 'a3')).toBe(true);
  });

  it('never applies an entry without the one before it: with that one pruned, it reloads', async () => {
    await h.resetTo(START);
    const provider = ReachIndexProvider.for(other);
    await provider.current();
    const loads = provider.loads;
    const deltas = provider.status().deltas;
    await h.load({ systems: [system('s3', 't1')] });
    await h.load({ access: [grant('a3', 'CAN_ACCESS', 'i1', 's3')] });
    await h.driver.executeQuery('MATCH (c:GraphChange {version: 2}) DELETE c', {}, { database });
    const index = await provider.current();
    expect({ contents: contents(index), loads: provider.loads - loads, deltas: provider.status().deltas - deltas }).toEqual({ contents: await fresh(), loads: 1, deltas: 0 });
  });
});
