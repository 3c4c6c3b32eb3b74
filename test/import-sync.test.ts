/**
 * Whole-source sync through the importer (`npm run import -- --sync --source
 * NAME`, docs/ingest.md "Sync of a whole source"): files larger than one
 * batch replace what the source wrote before, revoking (softly, with audit
 * events) what they no longer list, all or nothing: new records are staged
 * in batches, invisible to readers, and everything is published in one
 * transaction; unchanged records are not written. A dry run reports exactly
 * what the real run then does and writes nothing; the guards refuse a sync
 * that would revoke too much; other writes are refused (SYNC_IN_PROGRESS)
 * while a sync stages; and a sync killed while staging or publishing leaves
 * the readers' view exactly as it was, and a rerun ends as a clean run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IngestInput } from '../src/generated/graphql';
import { grant, graph, identity, named, system } from './support/fixtures';
import { harness, INGEST, useHarness } from './support/harness';
import { childEnv, runScript } from './support/api-process';
import { snapshot } from './support/ingest-rejections';
import { blockedWrite, holdLock, noPathwardenTransactions } from './support/locks';

jest.setTimeout(180_000);
const h = useHarness();
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-sync-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const n = (count: number) => [...Array(count).keys()];

/**
 * The PSA's state, as two files: 3 tenants, 30 systems, 10 people using 10 identities, each identity reaching 3 systems, 5 owner links.
 * `next` is the later export: systems s0 and s1 renamed, s30 and s31 added with access, c0, c1 and u9 gone, the owner link of i4 gone.
 */
function psa(next: boolean): IngestInput[] {
  const systems = n(next ? 32 : 30).map((s) => ({ ...system(`s${s}`, `t${s % 3}`), ...(next && s < 2 ? { name: `renamed ${s}` } : {}) }));
  const uses = n(10).filter((p) => !(next && p === 9)).map((p) => grant(`u${p}`, 'USES', `p${p}`, `i${p}`));
  const can = n(next ? 32 : 30).filter((s) => !(next && s < 2)).map((s) => grant(`c${s}`, 'CAN_ACCESS', `i${s % 10}`, `s${s}`));
  const owners = n(next ? 4 : 5).map((i) => ({ ownerId: `p${i}`, entityId: `i${i}` }));
  return [
    graph({ tenants: n(3).map((t) => named(`t${t}`)), people: n(10).map((p) => named(`p${p}`)), identities: n(10).map((i) => identity(`i${i}`)), systems }),
    { access: [...uses, ...can], ownerships: owners },
  ];
}
const GONE = { access: ['c0', 'c1', 'u9'], owners: ['p4 -> i4'] };
/** A record of another source, which no sync of psa may touch. */
const OTHER = { source: 'hr', access: [grant('hr:1', 'USES', 'p0', 'i1')] };

const write = (name: string, inputs: IngestInput[]) =>
  inputs.map((input, i) => {
    const file = path.join(dir, `${name}-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(input));
    return file;
  });
const importCli = async (...args: string[]) => {
  const run = runScript('src/cli/import.ts', args, childEnv());
  const code = await run.exited;
  return { code, output: run.output() };
};
const sync = (files: string[], ...flags: string[]) => importCli('--sync', '--source', 'psa', '--batch', '10', ...flags, ...files);
/** The per-kind lines an import prints: "  KIND: x created, y updated[, z revoked|removed]". */
const countLines = (output: string) => output.split('\n').filter((l) => /^ {2}[A-Z_]+: \d+ created/.test(l) || l.startsWith('  revoked by access kind'));
const rows = async (cypher: string) => (await h.driver.executeQuery(cypher)).records.map((r) => r.toObject());
const events = (kind: string) => h.count(`MATCH (e:AuditEvent {kind: '${kind}'}) RETURN count(e)`);

/** Stores the first export of psa by a sync, and the record of hr. */
async function firstSync(): Promise<void> {
  await h.reset();
  const first = await sync(write('first', psa(false)));
  expect(first.code).toBe(0);
  await h.load(OTHER);
}

/** What the second sync must leave: exactly GONE revoked and removed, with their events, and the renames. */
async function expectSecondSyncState(ingestedBefore: number): Promise<void> {
  expect({
    revoked: await rows("MATCH ()-[r:ACCESS]->() WHERE r.revokedAt IS NOT NULL RETURN r.id AS id, r.revokeReason AS reason ORDER BY id"),
    removed: await rows("MATCH (o)-[l:OWNS]->(e) WHERE l.removedAt IS NOT NULL RETURN o.id + ' -> ' + e.id AS id ORDER BY id"),
    revokedEvents: await rows("MATCH (e:AuditEvent {kind: 'REVOKED'}) RETURN e.subjectIds[0] AS id ORDER BY id"),
    removedEvents: await events('OWNER_REMOVED'),
    ingested: await events('INGESTED'),
    renamed: await rows("MATCH (s:System) WHERE s.id IN ['s0', 's1'] RETURN s.name AS name ORDER BY name"),
    added: await rows("MATCH ()-[r:ACCESS]->() WHERE r.id IN ['c30', 'c31'] AND r.revokedAt IS NULL RETURN r.id AS id ORDER BY id"),
    // New systems were staged, then published: an :Entity with their kind label, contained by their tenant, no staging mark left.
    published: await rows(
      "MATCH (t:Entity:Tenant)-[c:CONTAINS]->(s:Entity:System) WHERE s.id IN ['s30', 's31'] RETURN s.id AS id, t.id AS tenant, size(labels(s)) AS labels, s.stagedBy AS mark, c.stagedBy AS containsMark ORDER BY id",
    ),
    staged: await h.count('MATCH (n:StagedEntity) RETURN count(n)'),
    other: await rows("MATCH ()-[r:ACCESS {id: 'hr:1'}]->() RETURN r.source AS source, r.revokedAt AS revokedAt"),
  }).toEqual({
    revoked: GONE.access.map((id) => ({ id, reason: 'missing from sync of psa' })),
    removed: GONE.owners.map((id) => ({ id })),
    revokedEvents: GONE.access.map((id) => ({ id })),
    removedEvents: 1,
    ingested: ingestedBefore + 1,
    renamed: [{ name: 'renamed 0' }, { name: 'renamed 1' }],
    added: [{ id: 'c30' }, { id: 'c31' }],
    published: [
      { id: 's30', tenant: 't0', labels: 2, mark: null, containsMark: null },
      { id: 's31', tenant: 't1', labels: 2, mark: null, containsMark: null },
    ],
    staged: 0,
    other: [{ source: 'hr', revokedAt: null }],
  });
}

it('syncs files larger than one batch, writing only what changed; a dry run reports exactly what the real run does and writes nothing', async () => {
  await firstSync();
  const files = write('second', psa(true));
  const before = await snapshot(h);
  const ingestedBefore = await events('INGESTED');

  const dry = await sync(files, '--dry-run');
  expect(dry.code).toBe(0);
  expect(await snapshot(h)).toEqual(before);

  const real = await sync(files);
  expect(real.code).toBe(0);
  expect(countLines(dry.output)).toEqual(countLines(real.output));
  // Only the renamed systems are updated; the records listed exactly as stored are not written at all.
  expect(countLines(real.output)).toEqual([
    '  ACCESS: 2 created, 0 updated, 37 unchanged, 3 revoked',
    '  IDENTITY: 0 created, 0 updated, 10 unchanged',
    '  OWNERSHIP: 0 created, 0 updated, 4 unchanged, 1 removed',
    '  PERSON: 0 created, 0 updated, 11 unchanged',
    '  SYSTEM: 2 created, 2 updated, 28 unchanged',
    '  TENANT: 0 created, 0 updated, 3 unchanged',
    '  revoked by access kind: CAN_ACCESS 2, USES 1',
  ]);
  await expectSecondSyncState(ingestedBefore);
  const written = await rows("MATCH (n:Entity) WHERE n.updatedAt > n.createdAt RETURN n.id AS id ORDER BY id");
  expect(written).toEqual([{ id: 's0' }, { id: 's1' }]);

  // The same sync again changes nothing: nothing left to revoke, nothing written.
  const again = await sync(files, '--dry-run');
  expect(countLines(again.output)).toContain('  ACCESS: 0 created, 0 updated, 39 unchanged, 0 revoked');
  expect(countLines(again.output)).toContain('  SYSTEM: 0 created, 0 updated, 32 unchanged');
});

/** Everything stored but the write lock's token, which a refused sync's lease (taken, then released) rewrites. */
const stored = async () => {
  const all = await snapshot(h);
  return { ...all, nodes: all.nodes.map((node) => node.replace(/"writeLock":"[^"]*",?/, '')) };
};

it('refuses a sync over --max-revocations, and an empty export under the share guard, writing nothing', async () => {
  await firstSync();
  const before = await stored();
  const over = await sync(write('second', psa(true)), '--max-revocations', '3');
  const empty = await sync(write('empty', [{}]));
  expect({ over: over.code, empty: empty.code, snapshot: await stored() }).toEqual({ over: 1, empty: 1, snapshot: before });
  expect(over.output).toContain('--max-revocations: this sync would revoke 3 access records and remove 1 owner links of psa (4), over the limit of 3');
  expect(empty.output).toContain(
    '--allow-large-revocation: this sync would revoke or remove 45 of the 45 access records and owner links of psa in force, over 10%; if the source really lost them, run the sync again with --allow-large-revocation',
  );
  expect(empty.output).toContain('Rejected: 1 problem(s); nothing was written.');
});

/**
 * A third export, with more to stage than one batch: psa(true), plus systems s32..s49 with access c32..c49,
 * x0..x4 from i0 to the stored systems s1..s5 (new records between stored entities), listed first, and a new
 * owner link of i5, which had none.
 */
function psaGrown(): IngestInput[] {
  const [entities, links] = psa(true);
  const systems = [...(entities.systems ?? []), ...n(18).map((k) => system(`s${k + 32}`, `t${(k + 32) % 3}`))];
  const extra = n(5).map((k) => grant(`x${k}`, 'CAN_ACCESS', 'i0', `s${k + 1}`));
  const can = n(18).map((k) => grant(`c${k + 32}`, 'CAN_ACCESS', `i${(k + 32) % 10}`, `s${k + 32}`));
  const ownerships = [...(links.ownerships ?? []), { ownerId: 'p5', entityId: 'i5' }];
  return [{ ...entities, systems }, { ...links, ownerships, access: [...extra, ...(links.access ?? []), ...can] }];
}

const BLAST = `query($id: ID!) { blastRadius(from: $id) { systemCount systems(first: 500) { edges { node { system { id } } } } } }`;
const blastOf = async (run: Pick<typeof h, 'data'>, id: string) =>
  ((await run.data(BLAST, { id })).blastRadius.systems.edges as { node: { system: { id: string } } }[]).map((e) => e.node.system.id).sort();

/** What readers see: the entities and unstaged relationships, the audit trail's size, and the API's answers (from a reach index loaded now, while anything staged is stored). */
async function readersView() {
  const text = (v: unknown) => JSON.stringify(v, (_k, x) => (x !== null && typeof x === 'object' && 'year' in x ? String(x) : x));
  const entities = (await h.driver.executeQuery('MATCH (n:Entity) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id')).records.map((r) => text(r.toObject()));
  const relationships = (
    await h.driver.executeQuery('MATCH (a:Entity)-[r]->(b:Entity) WHERE r.stagedBy IS NULL RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props')
  ).records
    .map((r) => text(r.toObject()))
    .sort();
  const fresh = await harness();
  try {
    const api = await fresh.data(
      '{ entities(first: 500) { totalCount } systems: entities(kind: SYSTEM, first: 500) { edges { node { id } } } i5: entity(id: "i5") { ... on Identity { owners { owner { id } } gaps } } }',
    );
    return {
      entities,
      relationships,
      events: await h.count('MATCH (e:AuditEvent) RETURN count(e)'),
      api: { ...api, blastI0: await blastOf(fresh, 'i0'), blastP0: await blastOf(fresh, 'p0') },
    };
  } finally {
    await fresh.close();
  }
}

/** The whole stored graph (not its version and change-feed bookkeeping), instants aside (they differ run to run), and the audit trail as kinds and subjects: to compare a run with a clean one. */
async function wholeState() {
  const plain = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v !== null && typeof v === 'object' && !Array.isArray(v) ? 'instant' : v]));
  const sorted = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort();
  const nodes = await h.driver.executeQuery('MATCH (n) WHERE NOT n:AuditEvent AND NOT n:GraphState AND NOT n:GraphChange RETURN labels(n) AS labels, properties(n) AS props');
  const rels = await h.driver.executeQuery('MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props');
  const events = await h.driver.executeQuery('MATCH (e:AuditEvent) RETURN e.kind AS kind, e.subjectIds AS subjects');
  return {
    nodes: sorted(nodes.records.map((r) => ({ labels: [...r.get('labels')].sort(), ...plain(r.get('props')) }))),
    relationships: sorted(rels.records.map((r) => ({ type: r.get('type'), from: r.get('from'), to: r.get('to'), ...plain(r.get('props')) }))),
    events: sorted(events.records.map((r) => r.toObject())),
  };
}

/** The state a clean run leaves: the first sync, hr's record, then the grown export. */
async function cleanRun(files: string[]) {
  await firstSync();
  expect((await sync(files)).code).toBe(0);
  return wholeState();
}

/** Waits until the sync lease of a killed importer has lapsed (its PATHWARDEN_SYNC_LEASE_MS is short). */
async function leaseLapsed(): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < 30_000; await new Promise((r) => setTimeout(r, 200))) {
    if ((await h.count("MATCH (g:GraphState {id: 'graph'}) RETURN toInteger(coalesce(g.syncLeaseExpiresAt < datetime.realtime(), true))")) === 1) return;
  }
  throw new Error('the sync lease did not lapse');
}

const SHORT_LEASE = childEnv({ PATHWARDEN_SYNC_LEASE_MS: '2000' });
const killable = (files: string[]) => runScript('src/cli/import.ts', ['--sync', '--source', 'psa', '--batch', '10', ...files], SHORT_LEASE);
const codeOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.map((e) => e.extensions?.code);

it('a sync killed while staging (SIGKILL inside its last staging batch) leaves the readers\' view exactly as it was, refuses other writes meanwhile; run again, it ends as a clean run', async () => {
  const files = write('grown', psaGrown());
  const clean = await cleanRun(files);
  await firstSync();
  const before = await readersView();
  expect(before.api.blastI0).toEqual(['s0', 's10', 's20']);

  // c45 is new, in the last staging batch: the test holds its id (unique among ACCESS records, staged or not), so the sync waits there.
  const lock = await holdLock(h.driver, "CREATE (:Scratch)-[:ACCESS {id: 'c45'}]->(:Scratch)");
  const killed = killable(files);
  const waitingIn = await blockedWrite(h.driver);

  // Meanwhile: other writes are refused with SYNC_IN_PROGRESS (nothing written), another sync too, and readers see the source as it was.
  const ingest = await h.run(INGEST, { input: { source: 'hr', people: [named('p99')] } });
  const revoke = await h.run('mutation { revokeAccess(id: "c2", reason: "test") { __typename } }');
  const other = await importCli('--sync', '--source', 'hr', ...write('hr', [OTHER]));
  const seenMeanwhile = await readersView();
  const stagedMeanwhile = {
    entities: await rows('MATCH (n:StagedEntity) RETURN n.id AS id ORDER BY id'),
    access: await rows('MATCH ()-[r:ACCESS]->() WHERE r.stagedBy IS NOT NULL RETURN r.id AS id ORDER BY id'),
    owns: await rows("MATCH (o)-[l:OWNS]->(e) WHERE l.stagedBy IS NOT NULL RETURN o.id + ' -> ' + e.id AS id"),
  };
  process.kill(killed.pid, 'SIGKILL');
  await killed.exited;
  await lock.release();
  await noPathwardenTransactions(h.driver);

  expect({
    waitingIn: waitingIn.includes('stagedBy'),
    ingest: codeOf(ingest),
    revoke: codeOf(revoke),
    other: { code: other.code, refused: other.output.includes('holds the sync lease') },
    seenMeanwhile,
    after: await readersView(),
  }).toEqual({ waitingIn: true, ingest: ['SYNC_IN_PROGRESS'], revoke: ['SYNC_IN_PROGRESS'], other: { code: 1, refused: true }, seenMeanwhile: before, after: before });
  const systemsAdded = n(20).map((k) => ({ id: `s${k + 30}` })).sort((a, b) => a.id.localeCompare(b.id));
  expect(stagedMeanwhile).toEqual({
    entities: systemsAdded,
    access: [...n(13).map((k) => `c${k + 30}`), ...n(5).map((k) => `x${k}`)].sort().map((id) => ({ id })),
    owns: [{ id: 'p5 -> i5' }],
  });
  expect(before.api.i5.owners).toEqual([]);
  expect(await rows('MATCH (n:StagedEntity) RETURN n.id AS id ORDER BY id')).toEqual(systemsAdded);

  // A dry run takes no lease and does not count what the dead sync staged; once its lease lapses, writes resume,
  // and the rerun purges what it staged, reports what the dry run did, and ends as a clean run.
  const dry = await sync(files, '--dry-run');
  await leaseLapsed();
  const rerun = await sync(files);
  expect(rerun.code).toBe(0);
  expect(countLines(rerun.output)).toEqual(countLines(dry.output));
  expect(countLines(rerun.output)).toContain('  ACCESS: 25 created, 0 updated, 37 unchanged, 3 revoked');
  expect(await wholeState()).toEqual(clean);
  expect(await h.count('MATCH (n:StagedEntity) RETURN count(n)')).toBe(0);
  expect(await blastOf(h, 'i0')).toEqual(['s1', 's10', 's2', 's20', 's3', 's30', 's4', 's40', 's5']);
});

it('a sync killed while publishing (SIGKILL inside its one publishing transaction) leaves the readers\' view exactly as it was; run again, it ends as a clean run', async () => {
  const files = write('grown', psaGrown());
  const clean = await cleanRun(files);
  await firstSync();
  const before = await readersView();

  // s0 is renamed: publishing updates it after relabelling the staged systems; the test holds s0, so it waits there.
  const lock = await holdLock(h.driver, "MATCH (n:Entity {id: 's0'}) SET n.heldByTest = true");
  const killed = killable(files);
  const waitingIn = await blockedWrite(h.driver);
  const seenMeanwhile = await readersView();
  process.kill(killed.pid, 'SIGKILL');
  await killed.exited;
  await lock.release();
  await noPathwardenTransactions(h.driver);
  expect({ waitingIn: waitingIn.includes('MERGE (n:Entity {id: row.id})'), seenMeanwhile, after: await readersView() }).toEqual({
    waitingIn: true,
    seenMeanwhile: before,
    after: before,
  });
  // Everything it staged is still staged, unseen: publishing rolled back whole.
  expect(await h.count('MATCH (n:StagedEntity) RETURN count(n)')).toBe(20);

  await leaseLapsed();
  const rerun = await sync(files);
  expect(rerun.code).toBe(0);
  expect(await wholeState()).toEqual(clean);
});

it('a sync refused after it took the lease releases it and leaves nothing staged', async () => {
  await firstSync();
  const files = write('grown', psaGrown());
  // A guard refuses the real run after it took the lease and planned: nothing staged, the lease released, writes go on.
  const refused = await sync(files, '--max-revocations', '0');
  expect(refused.code).toBe(1);
  expect(await h.count('MATCH (n:StagedEntity) RETURN count(n)')).toBe(0);
  expect(await h.count("MATCH (g:GraphState {id: 'graph'}) WHERE g.syncLeaseId IS NOT NULL RETURN count(g)")).toBe(0);
  const ingest = await h.run(INGEST, { input: { source: 'hr', people: [named('p99')] } });
  expect(ingest.errors).toBeUndefined();
});
