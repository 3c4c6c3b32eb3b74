/**
 * Crash safety: the API process (or the import CLI) killed with SIGKILL in
 * the middle of a write leaves nothing half-written, and the same call sent
 * again succeeds, writing everything exactly once.
 *
 * "In the middle" is made deterministic: a test transaction holds a lock the
 * write needs further on (test/support/locks.ts), so when the process is
 * killed its transaction provably holds part of the write, uncommitted. Neo4j
 * rolls it back when the connection dies; the test waits until Neo4j has
 * ended it, then compares what is stored, audit events included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IngestInput } from '../src/generated/graphql';
import { batches } from '../src/ingest/batches';
import { LOCAL_ADMIN } from '../src/core/viewer';
import { ApiKeys } from '../src/auth/api-keys';
import { INGEST, useHarness } from './support/harness';
import { grant, graph, identity, named, system } from './support/fixtures';
import { snapshot } from './support/ingest-rejections';
import { childEnv, post, runScript, startApi, type ApiProcess } from './support/api-process';
import { blockedWrite, holdLock, noPathwardenTransactions } from './support/locks';

jest.setTimeout(180_000);

const h = useHarness();
/** A stored access record the batch updates: updates are an ingest's last writes, after every entity and new record. */
const SEED = graph({ tenants: [named('tenant:seed')], people: [named('person:seed')], identities: [identity('identity:seed')], access: [grant('acc:seed', 'USES', 'person:seed', 'identity:seed')] });
const HOLD_SEED_RECORD = "MATCH ()-[r:ACCESS {id: 'acc:seed'}]->() SET r.held = true";

/** The API serving the test database now (started on first use; a test that kills it clears it). */
let api: ApiProcess | null = null;
const running = async () => (api ??= await startApi(childEnv()));
afterAll(async () => {
  if (!api) return;
  process.kill(api.pid, 'SIGTERM');
  await api.exited;
});

/** Kills the API with SIGKILL while `request` waits inside its transaction, and waits until Neo4j has rolled that transaction back. */
async function killDuring(request: Promise<unknown>, release: () => Promise<void>): Promise<unknown> {
  const killed = api!;
  api = null;
  process.kill(killed.pid, 'SIGKILL');
  await killed.exited;
  const answer = await request;
  await release();
  await noPathwardenTransactions(h.driver);
  return answer;
}

const stored = async (cypher: string, ids: string[]) =>
  (await h.driver.executeQuery(cypher, { ids }, { database: process.env.NEO4J_DATABASE || undefined })).records.map((r) => r.get('id') as string).sort();
const storedEntities = (ids: string[]) => stored('MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id', ids);
const storedAccess = (ids: string[]) => stored('MATCH ()-[r:ACCESS]->() WHERE r.id IN $ids RETURN r.id AS id', ids);
const eventsOf = async (kind: string) => h.count(`MATCH (e:AuditEvent {kind: '${kind}'}) RETURN count(e)`);

/** 5,000 records: 20 tenants, 1,980 systems, 500 people, 500 identities, 1,999 new access records between them and an update of acc:seed. */
function fullBatch(): IngestInput {
  const n = (count: number) => [...Array(count).keys()];
  return {
    source: 'crash-test',
    tenants: n(20).map((t) => named(`tenant:${t}`)),
    systems: n(1980).map((s) => system(`system:${s}`, `tenant:${s % 20}`)),
    people: n(500).map((p) => named(`person:${p}`)),
    identities: n(500).map((i) => identity(`identity:${i}`)),
    access: [
      ...n(500).map((i) => grant(`acc:uses:${i}`, 'USES', `person:${i}`, `identity:${i}`)),
      ...n(1499).map((i) => grant(`acc:can:${i}`, 'CAN_ACCESS', `identity:${i % 500}`, `system:${i}`)),
      { ...SEED.access![0], justification: 'renewed by the crash test' },
    ],
  };
}

it('an ingest of 5,000 records killed with its writes done but uncommitted leaves none of them and no INGESTED event; sent again, it writes each once', async () => {
  await h.resetTo(SEED);
  const input = fullBatch();
  const entityIds = [...input.tenants!, ...input.systems!, ...input.people!, ...input.identities!].map((e) => e.id).sort();
  const accessIds = input.access!.map((a) => a.id).filter((id) => id !== 'acc:seed').sort();
  const seedJustification = async () =>
    (await h.driver.executeQuery("MATCH ()-[r:ACCESS {id: 'acc:seed'}]->() RETURN r.justification AS j")).records[0].get('j');
  const justificationBefore = await seedJustification();
  await running();
  const ingestedBefore = await eventsOf('INGESTED');

  const lock = await holdLock(h.driver, HOLD_SEED_RECORD);
  const request = post(api!.base, INGEST, { input }).then((a) => ({ status: a.status }), () => 'connection closed');
  // The update of acc:seed comes after every entity and every new record of the batch is written, before its audit event.
  const waitingIn = await blockedWrite(h.driver);
  const answer = await killDuring(request, () => lock.release());
  const afterKill = {
    answer,
    waitingIn: waitingIn.includes('SET r += row.props'),
    entities: await storedEntities(entityIds),
    access: await storedAccess(accessIds),
    seedUpdated: (await seedJustification()) !== justificationBefore,
    ingested: await eventsOf('INGESTED'),
  };

  const again = await post((await running()).base, INGEST, { input });
  expect({
    afterKill,
    again: { status: again.status, data: again.body.data },
    entities: await storedEntities(entityIds),
    access: await storedAccess(accessIds),
    ingested: await eventsOf('INGESTED'),
  }).toEqual({
    afterKill: { answer: 'connection closed', waitingIn: true, entities: [], access: [], seedUpdated: false, ingested: ingestedBefore },
    again: {
      status: 200,
      data: { ingest: { entities: { created: 3000, updated: 0 }, ownerships: { created: 0, updated: 0 }, access: { created: 1999, updated: 1 } } },
    },
    entities: entityIds,
    access: accessIds,
    ingested: ingestedBefore + 1,
  });
});

// The leaver: person:leaver -MEMBER_OF-> team:ops -USES-> identity:shared -CAN_ACCESS-> system:dc,
// person:leaver -USES-> identity:adm -CAN_ACCESS-> system:dc; an OWNER API key bound to person:leaver.
const OFFICE = graph({
  people: [named('person:leaver'), named('person:stays')],
  teams: [named('team:ops')],
  identities: [identity('identity:adm'), identity('identity:shared', { identityKind: 'SHARED_ADMIN' })],
  tenants: [named('tenant:acme')],
  systems: [system('system:dc', 'tenant:acme')],
  access: [
    grant('acc:leaver-ops', 'MEMBER_OF', 'person:leaver', 'team:ops'),
    grant('acc:stays-ops', 'MEMBER_OF', 'person:stays', 'team:ops'),
    grant('acc:leaver-adm', 'USES', 'person:leaver', 'identity:adm'),
    grant('acc:ops-shared', 'USES', 'team:ops', 'identity:shared'),
    grant('acc:adm-dc', 'CAN_ACCESS', 'identity:adm', 'system:dc'),
    grant('acc:shared-dc', 'CAN_ACCESS', 'identity:shared', 'system:dc'),
  ],
});
const OFFBOARD = `mutation($person: ID!, $at: DateTime!) { offboardPerson(personId: $person, effectiveAt: $at, dryRun: false) {
  report { person { id status } revoked { access { id } } apiKeysRevoked }
} }`;

it('an offboarding killed after its revocations and events, waiting to revoke the API key, leaves the store as it was; sent again, it is recorded once', async () => {
  await h.resetTo(OFFICE);
  const { key } = await new ApiKeys(h.exec, 0).create(LOCAL_ADMIN, { name: 'leaver key', role: 'OWNER', personId: 'person:leaver' });
  await running();
  const before = await snapshot(h);
  const variables = { person: 'person:leaver', at: '2026-01-01T00:00:00Z' };

  // Revoking the leaver's API keys is the last write of an offboarding: the departure, the record revocations and their events come before it.
  const lock = await holdLock(h.driver, 'MATCH (k:ApiKey {id: $id}) SET k.held = true', { id: key.id });
  const request = post(api!.base, OFFBOARD, variables).then((a) => ({ status: a.status }), () => 'connection closed');
  const waitingIn = await blockedWrite(h.driver);
  const answer = await killDuring(request, () => lock.release());
  const afterKill = { answer, waitingIn: waitingIn.includes('MATCH (k:ApiKey {id: id})'), unchanged: JSON.stringify(await snapshot(h)) === JSON.stringify(before) };

  const again = await post((await running()).base, OFFBOARD, variables);
  const revokedRecords = await stored('MATCH ()-[r:ACCESS]->() WHERE r.revokedAt IS NOT NULL RETURN r.id AS id', []);
  expect({
    afterKill,
    again: { status: again.status, data: again.body.data },
    revokedRecords,
    keysRevoked: await stored('MATCH (k:ApiKey) WHERE k.id IN $ids AND k.revokedAt IS NOT NULL RETURN k.id AS id', [key.id]),
    events: {
      offboarded: await eventsOf('PERSON_OFFBOARDED'),
      revoked: await eventsOf('REVOKED'),
      keyRevoked: await eventsOf('API_KEY_REVOKED'),
    },
  }).toEqual({
    afterKill: { answer: 'connection closed', waitingIn: true, unchanged: true },
    again: {
      status: 200,
      data: {
        offboardPerson: {
          report: { person: { id: 'person:leaver', status: 'DEPARTED' }, revoked: [{ access: { id: 'acc:leaver-adm' } }, { access: { id: 'acc:leaver-ops' } }], apiKeysRevoked: [key.id] },
        },
      },
    },
    revokedRecords: ['acc:leaver-adm', 'acc:leaver-ops'],
    keysRevoked: [key.id],
    events: { offboarded: 1, revoked: 2, keyRevoked: 1 },
  });
});

// ---- npm run import of several files, killed between and inside its batches ----

/** Three files of 120 records (the first also the approver); each later file's access records refer to the earlier file's identities. */
function importFiles(): IngestInput[] {
  const n = (count: number) => [...Array(count).keys()];
  const files = [0, 1, 2].map((f) => ({
    source: 'crash-import',
    tenants: n(4).map((t) => named(`f${f}:tenant:${t}`)),
    systems: n(36).map((s) => system(`f${f}:system:${s}`, `f${f}:tenant:${s % 4}`)),
    people: n(20).map((p) => named(`f${f}:person:${p}`)),
    identities: n(20).map((i) => identity(`f${f}:identity:${i}`)),
    access: [
      ...n(20).map((i) => grant(`f${f}:uses:${i}`, 'USES', `f${f}:person:${i}`, `f${f}:identity:${i}`)),
      ...n(20).map((i) => grant(`f${f}:can:${i}`, 'CAN_ACCESS', `f${f > 0 ? f - 1 : 0}:identity:${i}`, `f${f}:system:${i}`)),
    ],
  }));
  // The approver every access record names comes with the first file.
  return [graph(files[0]), ...files.slice(1)];
}
const BATCH = 25;

/** Entity and access ids of a batch, as the import writes them. */
const idsOf = (batch: IngestInput) =>
  [batch.tenants, batch.people, batch.teams, batch.tools, batch.roles, batch.identities, batch.systems, batch.access].flatMap((list) => (list ?? []).map((r) => r.id));

/** What an import leaves, without the instants it was written at (createdAt, updatedAt) and its bookkeeping (audit events, graph version, change feed): equal for equal imports. */
async function importedState() {
  const { nodes, relationships } = await snapshot(h);
  const timeless = (rows: string[]) =>
    rows
      .map((row) => JSON.parse(row))
      .filter((r) => !['AuditEvent', 'GraphState', 'GraphChange'].some((l) => r.labels?.includes(l)))
      .map(({ createdAt, updatedAt, ...rest }) => JSON.stringify(rest))
      .sort();
  return { nodes: timeless(nodes), relationships: timeless(relationships) };
}

it('an import of three files killed inside a batch leaves exactly the whole batches before it; run again, it ends equal to a clean import', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-crash-import-'));
  const inputs = importFiles();
  const files = inputs.map((input, i) => path.join(dir, `part-${i}.json`));
  inputs.forEach((input, i) => fs.writeFileSync(files[i], JSON.stringify(input)));
  const importRun = () => runScript('src/cli/import.ts', [...files, '--batch', String(BATCH)], childEnv());
  // The batches as the import writes them: each file's, in file order.
  const written = inputs.flatMap((input) => [...batches(input, BATCH)]).map(idsOf);
  const allIds = written.flat().sort();
  const storedIds = async () => [...(await storedEntities(allIds)), ...(await storedAccess(allIds))].sort();
  try {
    await h.reset();
    const clean = importRun();
    expect(await clean.exited).toBe(0);
    const cleanState = await importedState();

    await h.reset();
    // Inside the 7th of 15 batches (the second file's second): the test creates one of its entities first, uncommitted, so the import's create waits on that id.
    const cut = 6;
    const heldId = written[cut][5];
    const lock = await holdLock(h.driver, 'CREATE (:Entity {id: $id})', { id: heldId });
    const killed = importRun();
    const waitingIn = await blockedWrite(h.driver);
    process.kill(killed.pid, 'SIGKILL');
    await killed.exited;
    await lock.release();
    await noPathwardenTransactions(h.driver);
    const afterKill = { waitingIn: waitingIn.includes('CREATE (n:Entity {id: row.id})'), ids: await storedIds(), ingested: await eventsOf('INGESTED') };

    const rerun = importRun();
    const code = await rerun.exited;
    expect({ afterKill, code, imported: /Imported 361 records \(\d+ created, \d+ updated\)/.test(rerun.output()), state: await importedState(), ingested: await eventsOf('INGESTED') }).toEqual({
      afterKill: { waitingIn: true, ids: written.slice(0, cut).flat().sort(), ingested: cut },
      code: 0,
      imported: true,
      state: cleanState,
      ingested: cut + written.length,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
