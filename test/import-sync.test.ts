/**
 * Whole-source sync through the importer (`npm run import -- --sync --source
 * NAME`, docs/ingest.md "Sync of a whole source"): files larger than one
 * batch replace what the source wrote before, revoking (softly, with audit
 * events) what they no longer list, all in one transaction; a dry run
 * reports exactly what the real run then does and writes nothing; the
 * guards refuse a sync that would revoke too much; and an import killed
 * midway leaves the source exactly as it was, never half-synced.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IngestInput } from '../src/generated/graphql';
import { grant, graph, identity, named, system } from './support/fixtures';
import { useHarness } from './support/harness';
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
    other: await rows("MATCH ()-[r:ACCESS {id: 'hr:1'}]->() RETURN r.source AS source, r.revokedAt AS revokedAt"),
  }).toEqual({
    revoked: GONE.access.map((id) => ({ id, reason: 'missing from sync of psa' })),
    removed: GONE.owners.map((id) => ({ id })),
    revokedEvents: GONE.access.map((id) => ({ id })),
    removedEvents: 1,
    ingested: ingestedBefore + 1,
    renamed: [{ name: 'renamed 0' }, { name: 'renamed 1' }],
    added: [{ id: 'c30' }, { id: 'c31' }],
    other: [{ source: 'hr', revokedAt: null }],
  });
}

it('syncs files larger than one batch as one transaction; a dry run reports exactly what the real run does and writes nothing', async () => {
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
  expect(countLines(real.output)).toEqual([
    '  ACCESS: 2 created, 37 updated, 3 revoked',
    '  IDENTITY: 0 created, 10 updated',
    '  OWNERSHIP: 0 created, 4 updated, 1 removed',
    '  PERSON: 0 created, 11 updated',
    '  SYSTEM: 2 created, 30 updated',
    '  TENANT: 0 created, 3 updated',
    '  revoked by access kind: CAN_ACCESS 2, USES 1',
  ]);
  await expectSecondSyncState(ingestedBefore);

  // The same sync again changes nothing: nothing left to revoke.
  const again = await sync(files, '--dry-run');
  expect(countLines(again.output)).toContain('  ACCESS: 0 created, 39 updated, 0 revoked');
});

it('refuses a sync over --max-revocations, and an empty export under the share guard, writing nothing', async () => {
  await firstSync();
  const before = await snapshot(h);
  const over = await sync(write('second', psa(true)), '--max-revocations', '3');
  const empty = await sync(write('empty', [{}]));
  expect({ over: over.code, empty: empty.code, snapshot: await snapshot(h) }).toEqual({ over: 1, empty: 1, snapshot: before });
  expect(over.output).toContain('--max-revocations: this sync would revoke 3 access records and remove 1 owner links of psa (4), over the limit of 3');
  expect(empty.output).toContain(
    '--allow-large-revocation: this sync would revoke or remove 45 of the 45 access records and owner links of psa in force, over 10%; if the source really lost them, run the sync again with --allow-large-revocation',
  );
  expect(empty.output).toContain('Rejected: 1 problem(s); nothing was written.');
});

it('a sync killed midway (SIGKILL inside its sixth batch) leaves the source exactly as it was, unseen by readers meanwhile; run again, it completes', async () => {
  await firstSync();
  const files = write('second', psa(true));
  const before = await snapshot(h);
  const ingestedBefore = await events('INGESTED');

  // s30 is new in the second export, in its sixth batch of ten (after 3 tenants, 11 people, 10 identities, 30 systems):
  // the test creates it first, uncommitted, so the sync's upsert waits on that id with five batches written.
  const lock = await holdLock(h.driver, 'CREATE (:Entity {id: $id})', { id: 's30' });
  const killed = runScript('src/cli/import.ts', ['--sync', '--source', 'psa', '--batch', '10', ...files], childEnv());
  const waitingIn = await blockedWrite(h.driver);
  // Meanwhile a reader sees the source as it was: none of the renames, additions or revocations.
  const seenMeanwhile = await snapshot(h);
  process.kill(killed.pid, 'SIGKILL');
  await killed.exited;
  await lock.release();
  await noPathwardenTransactions(h.driver);
  expect({ waitingIn: waitingIn.includes('MERGE (n:Entity {id: row.id})'), seenMeanwhile: seenMeanwhile, after: await snapshot(h) }).toEqual({
    waitingIn: true,
    seenMeanwhile: before,
    after: before,
  });

  const rerun = await sync(files);
  expect(rerun.code).toBe(0);
  await expectSecondSyncState(ingestedBefore);
});
