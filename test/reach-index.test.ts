/**
 * The reach index (src/reach/index) answers exactly as the level-by-level
 * Neo4j traversal, and stays current with every write: through this process
 * (patched in place), through another process (reloaded), and after a wipe.
 */
import { Executor } from '../src/db/executor';
import { LOCAL_ADMIN } from '../src/core/viewer';
import { edgeFromRow, loadIndex, ReachIndexProvider, recordWrite } from '../src/reach/index/provider';
import { NO_APPROVAL, NO_JUSTIFICATION, PRIVILEGED } from '../src/reach/index/reach-index';
import { IngestService } from '../src/ingest/service';
import { createApollo } from '../src/server/app';
import { createContext } from '../src/server/context';
import type { ReachMode } from '../src/reach/traverser';
import { graph, grant, named, system } from './support/fixtures';
import { resetToDemo } from './support/demo';
import { useHarness } from './support/harness';
import { contents } from './support/index-contents';

const h = useHarness();
const NOW = '2026-11-27T12:00:00Z';

async function ask(mode: ReachMode, query: string, variables: Record<string, unknown> = {}) {
  const apollo = createApollo();
  await apollo.start();
  try {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(h.exec, LOCAL_ADMIN, NOW, mode) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult;
  } finally {
    await apollo.stop();
  }
}

const EVERYTHING = `query($id: ID!) {
  blastRadius(from: $id) { systemCount tenantCount tenants { tenant { id } systemCount }
    systems(first: 1000) { edges { node { system { id } distance privileged path { steps { from { id } to { id } access { id } gaps } } } } } }
  whoCanReach(target: $id) { people(first: 1000) { edges { node { entity { id } distance } } } identities(first: 1000) { edges { node { entity { id } distance } } } }
}`;

describe('the reach index', () => {
  it('answers blast radius, exposure and witness paths exactly as the Neo4j traversal, for every entity of the demo', async () => {
    await resetToDemo(h, { now: NOW, history: false });
    const ids = (await h.data(`{ entities(first: 1000) { edges { node { id } } } }`)).entities.edges.map((e: any) => e.node.id);

    const differing: string[] = [];
    for (const id of ids) {
      const [index, neo4j] = await Promise.all([ask('index', EVERYTHING, { id }), ask('neo4j', EVERYTHING, { id })]);
      expect(index.errors).toBeUndefined();
      if (JSON.stringify(index) !== JSON.stringify(neo4j)) differing.push(id);
    }

    expect(ids.length).toBeGreaterThan(100);
    expect(differing).toEqual([]);
  }, 240_000);

  it('answers access paths and the unaccountable-paths report exactly as the Neo4j traversal', async () => {
    await resetToDemo(h, { now: NOW, history: false });
    const queries = [
      `{ unaccountablePaths(first: 1000) { totalCount edges { node { reason entity { id } access { id } peopleExposed systemsExposed example { steps { from { id } to { id } } } } } } }`,
      `{ unaccountablePaths(tenantId: "tenant:acme", maxDepth: 5) { totalCount edges { node { reason entity { id } access { id } peopleExposed systemsExposed } } } }`,
      ...['person:tom-baker', 'person:alice-ng', 'tool:rmm', 'tool:vault'].map(
        (from) => `{ accessPaths(from: "${from}", to: "system:acme-dc01", first: 20) { length steps { from { id } to { id } access { id } gaps } } }`,
      ),
    ];
    for (const query of queries) {
      const [index, neo4j] = await Promise.all([ask('index', query), ask('neo4j', query)]);
      expect(index.errors).toBeUndefined();
      expect(index).toEqual(neo4j);
    }
  });

  // tenant:t => s1; identity:i -CAN_ACCESS-> tenant:t; later: i -CAN_ACCESS-> s2 (another tenant)
  const START = graph({
    people: [named('p')],
    tenants: [named('t'), named('u')],
    systems: [system('s1', 't'), system('s2', 'u')],
    identities: [{ id: 'i', name: 'i', identityKind: 'SERVICE_ACCOUNT' }],
    access: [grant('a1', 'USES', 'p', 'i'), grant('a2', 'CAN_ACCESS', 'i', 't')],
  });
  const reach = async () =>
    (await h.data(`{ blastRadius(from: "p") { systems { edges { node { system { id } distance } } } } }`, {}, NOW)).blastRadius.systems.edges.map(
      (e: any) => [e.node.system.id, e.node.distance],
    );

  it('takes a write through this process at once, without reloading the graph', async () => {
    await h.reset();
    await h.load(START, NOW);
    expect(await reach()).toEqual([['s1', 3]]);
    const loads = ReachIndexProvider.for(h.exec).loads;

    await h.load({ access: [grant('a3', 'CAN_ACCESS', 'i', 's2'), { id: 'a2', kind: 'CAN_ACCESS', fromId: 'i', toId: 't', revokedAt: '2026-02-01T00:00:00Z' }] }, NOW);

    expect(await reach()).toEqual([['s2', 2]]);
    expect(ReachIndexProvider.for(h.exec).loads).toBe(loads);
  });

  it('holds every entity\'s stored properties as a read from Neo4j gives them, instants as ISO strings, loaded and then patched by a write', async () => {
    await resetToDemo(h, { now: NOW, history: false });
    const provider = ReachIndexProvider.for(h.exec);
    const stored = async (ids: string[]) => Object.fromEntries((await h.exec.read(LOCAL_ADMIN, (tx) => tx.run('entities/by-ids', { ids }))).map((r) => [(r.entity as { id: string }).id, r.entity]));
    const held = async (ids: string[]) => {
      const index = await provider.current();
      return Object.fromEntries(ids.map((id) => [id, index.row(id)]));
    };
    const ids = [...(await provider.current()).ids];
    expect(ids.length).toBeGreaterThan(100);
    const loaded = await held(ids);
    expect(Object.values(loaded).filter((row) => typeof row?.createdAt === 'string')).toHaveLength(ids.length);
    expect(loaded).toEqual(await stored(ids));

    const loads = provider.loads;
    await h.load({ people: [{ id: 'person:tom-baker', name: 'Tom Baker', departedAt: '2026-11-20T08:30:15.123Z' }] }, NOW);
    expect(provider.loads).toBe(loads);
    const patched = await held(['person:tom-baker']);
    expect(patched['person:tom-baker']?.departedAt).toBe('2026-11-20T08:30:15.123Z');
    expect(patched).toEqual(await stored(['person:tom-baker']));
  });

  it('holds, after writes through this process that create and then change every kind of record with every field, exactly what a fresh load gives', async () => {
    await h.reset();
    await h.load(START, NOW);
    const provider = ReachIndexProvider.for(h.exec);
    await provider.current();
    const loads = provider.loads;
    const at = (day: number) => `2026-10-${String(day).padStart(2, '0')}T08:30:15.123Z`;
    // Created: every entity kind and access field (instants, references, blank and padded justifications), owner links.
    await h.load({
      source: 'hr',
      tenants: [{ id: 't9', name: 'T9', contractStatus: 'TERMINATED', contractEndedAt: at(1) }],
      people: [{ id: 'p9', name: 'P9', email: 'p9@example.com', employer: 'MSP', status: 'DEPARTED', departedAt: at(2) }, named('boss')],
      teams: [named('team9')],
      tools: [{ id: 'tool9', name: 'Tool9', category: 'RMM', pooled: true }],
      roles: [{ id: 'role9', name: 'Role9', privileged: true, tenantId: 't9' }],
      identities: [{ id: 'i9', name: 'I9', identityKind: 'SERVICE_ACCOUNT', enabled: false, tenantId: 't9', lastUsedAt: at(3), credentialRotatedAt: at(4), credentialExpiresAt: at(5), mfa: true }],
      systems: [{ id: 's9', name: 'S9', tenantId: 't9', criticality: 'CRITICAL', environment: 'NON_PRODUCTION' }],
      ownerships: [{ ownerId: 'team9', entityId: 'i9', role: 'SERVICE_OWNER', since: at(6) }],
      access: [
        { id: 'a9', kind: 'CAN_ACCESS', fromId: 'i9', toId: 's9', privileged: true, justification: 'patching', requestedById: 'p9', approvedById: 'boss', approvedAt: at(7), grantedAt: at(8), expiresAt: '2027-01-01T00:00:00Z', lastCertifiedAt: at(9), certifiedById: 'boss', lastUsedAt: at(10), revokedAt: at(11) },
        { id: 'a10', kind: 'USES', fromId: 'p9', toId: 'i9', justification: '   ' },
        { id: 'a11', kind: 'HAS_ROLE', fromId: 'i9', toId: 'role9', justification: ' padded ' },
      ],
    }, NOW);
    // Changed: fields set, replaced and cleared on entities and access records created above and before.
    await h.load({
      people: [{ id: 'p9', name: 'P9 Renamed', email: null, departedAt: null }],
      identities: [{ id: 'i9', name: 'I9', identityKind: 'SERVICE_ACCOUNT', enabled: true, lastUsedAt: at(12) }],
      ownerships: [{ ownerId: 'p9', entityId: 'i9' }],
      access: [{ id: 'a10', kind: 'USES', fromId: 'p9', toId: 'i9', justification: 'on call', approvedById: 'boss' }, { id: 'a9', kind: 'CAN_ACCESS', fromId: 'i9', toId: 's9', expiresAt: null }],
    }, NOW);
    const fresh = contents((await h.exec.read(LOCAL_ADMIN, loadIndex)).index);
    expect({ held: contents(await provider.current()), loads: provider.loads }).toEqual({ held: fresh, loads });
    // Not vacuous: the writes are in it.
    expect([fresh.nodes.find((n) => n.id === 'p9')?.row?.name, fresh.records.find((r) => r.id === 'a11')?.justified]).toEqual(['P9 Renamed', true]);
  });

  it('holds every access record as a read by id gives it, loaded by position from the whole-graph stream', async () => {
    await resetToDemo(h, { now: NOW, history: false });
    const index = await ReachIndexProvider.for(h.exec).current();
    const name = (n: number) => (n < 0 ? null : index.info(n).id);
    const held = index.records().map((r) => ({ ...r, edge: undefined, from: name(r.from), to: name(r.to), approver: name(r.approver) }));
    const rows = await h.exec.read(LOCAL_ADMIN, (tx) => tx.run('reach/index-edges-by-ids', { ids: held.map((r) => r.id) }));
    const read = rows.map(edgeFromRow).map((e) => ({
      edge: undefined, id: e.id, kind: e.kind, from: e.from, to: e.to, grantedAt: e.grantedAt, revokedAt: e.revokedAt, expiresAt: e.expiresAt,
      lastCertifiedAt: e.lastCertifiedAt, lastUsedAt: e.lastUsedAt, approver: e.approvedBy,
      privileged: (e.flags & PRIVILEGED) !== 0, approved: (e.flags & NO_APPROVAL) === 0, justified: (e.flags & NO_JUSTIFICATION) === 0,
    }));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(held.sort(byId)).toEqual(read.sort(byId));
    // Not vacuous: the demo has records of each kind of fact the columns carry.
    const some = (f: (r: (typeof held)[number]) => boolean) => held.some(f);
    expect([held.length > 100, some((r) => r.privileged), some((r) => !r.approved), some((r) => !r.justified), some((r) => r.revokedAt !== null), some((r) => r.expiresAt !== null), some((r) => r.lastCertifiedAt !== null), some((r) => r.approver !== null)]).toEqual(Array(8).fill(true));
  });

  it('waits for a write of its own that committed but has not returned yet, instead of reloading the graph', async () => {
    await h.reset();
    await h.load(START, NOW);
    expect(await reach()).toEqual([['s1', 3]]);
    const provider = ReachIndexProvider.for(h.exec);
    const loads = provider.loads;
    const staleness = process.env.PATHWARDEN_INDEX_STALENESS_MS;
    process.env.PATHWARDEN_INDEX_STALENESS_MS = '0';
    let committed!: () => void;
    const isCommitted = new Promise<void>((resolve) => (committed = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      // A write whose transaction committed (the stored version moved on) while its caller has not yet resumed.
      const writing = provider.committing(async () => {
        const delta = await h.exec.write(LOCAL_ADMIN, (tx) => recordWrite(tx, [], []));
        committed();
        await held;
        return { delta };
      });
      await isCommitted;
      let answered = false;
      const reading = reach().then((r) => ((answered = true), r));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(answered).toBe(false);
      release();
      await writing;
      expect(await reading).toEqual([['s1', 3]]);
      expect(provider.loads).toBe(loads);
    } finally {
      release();
      if (staleness === undefined) delete process.env.PATHWARDEN_INDEX_STALENESS_MS;
      else process.env.PATHWARDEN_INDEX_STALENESS_MS = staleness;
    }
  });

  it('reloads when another process has written since, and after the database was wiped', async () => {
    await h.reset();
    await h.load(START, NOW);
    expect(await reach()).toEqual([['s1', 3]]);
    const other = Executor.connect(process.env.NEO4J_URI as string, { username: 'neo4j', password: 'neo4j', database: process.env.NEO4J_DATABASE, txTimeoutMs: 10_000 });
    try {
      await new IngestService(other, LOCAL_ADMIN, NOW).ingest({ access: [grant('a3', 'CAN_ACCESS', 'i', 's2')] });
      expect(await reach()).toEqual([
        ['s2', 2],
        ['s1', 3],
      ]);

      await h.reset();
      await new IngestService(other, LOCAL_ADMIN, NOW).ingest(START);
      expect(await reach()).toEqual([['s1', 3]]);
    } finally {
      await other.close();
    }
  });
});
