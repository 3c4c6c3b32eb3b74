/**
 * Two API replicas on one Neo4j (real processes, as deployed behind a load
 * balancer): a write through one, or through `npm run import`, reaches the
 * other through the change feed (src/reach/index/feed.ts) within the
 * staleness bound plus 200 ms, with no full reload of its reach index; a
 * replica that cannot catch up from the feed (entries pruned, a new epoch, a
 * whole-source sync) reloads and still answers correctly. Every answer is
 * compared as whole sets, with the writer's own answer and with the sets the
 * drawn graph implies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../src/auth/tokens';
import type { IngestInput } from '../src/generated/graphql';
import { childEnv, post, runScript, startApi, type ApiProcess } from './support/api-process';
import { parseExposition, valueOf } from './support/exposition';
import { grant, graph, identity, named, system } from './support/fixtures';
import { INGEST, useHarness } from './support/harness';
import { testSecurity } from './support/security';

jest.setTimeout(300_000);

const h = useHarness();
const STALENESS_MS = 1_000;
/** The target: a write made elsewhere is answered within the staleness bound plus 200 ms. */
const BOUND_MS = STALENESS_MS + 200;

/** `tag`'s batch: one tenant, `systems` systems, `people` people each using their own identity, identity i reaching every system j with j % people = i. */
function batch(tag: string, systems: number, people: number): IngestInput {
  const n = (count: number) => [...Array(count).keys()];
  return {
    source: `replicas-${tag}`,
    tenants: [named(`tenant:${tag}`)],
    systems: n(systems).map((j) => system(`system:${tag}:${j}`, `tenant:${tag}`)),
    people: n(people).map((i) => named(`person:${tag}:${i}`)),
    identities: n(people).map((i) => identity(`identity:${tag}:${i}`)),
    access: [
      ...n(people).map((i) => grant(`acc:${tag}:uses:${i}`, 'USES', `person:${tag}:${i}`, `identity:${tag}:${i}`)),
      ...n(systems).map((j) => grant(`acc:${tag}:can:${j}`, 'CAN_ACCESS', `identity:${tag}:${j % people}`, `system:${tag}:${j}`)),
    ],
  };
}
const recordsOf = (b: IngestInput) => ['tenants', 'systems', 'people', 'identities', 'access'].reduce((sum, k) => sum + ((b as Record<string, unknown[]>)[k]?.length ?? 0), 0);

const SEED = graph({
  tenants: [named('tenant:seed')],
  systems: [system('system:seed', 'tenant:seed')],
  people: [named('person:seed')],
  identities: [identity('identity:seed')],
  access: [grant('acc:seed:uses', 'USES', 'person:seed', 'identity:seed'), grant('acc:seed:can', 'CAN_ACCESS', 'identity:seed', 'system:seed')],
});

/** What the probe asks: a person's blast radius, who can reach a system, and an entity. */
interface Probe {
  person: string;
  system: string;
  entity: string;
}
interface Seen {
  systems: string[];
  people: string[];
  identities: string[];
  entity: string | null;
}

const PROBE = `query($person: ID!, $system: ID!, $entity: ID!) {
  blastRadius(from: $person) { systems(first: 1000) { edges { node { system { id } } } } }
  whoCanReach(target: $system) {
    people(first: 1000) { edges { node { entity { id } } } }
    identities(first: 1000) { edges { node { entity { id } } } }
  }
  entity(id: $entity) { id }
}`;

const ids = (connection: { edges: { node: Record<string, { id: string }> }[] }, field: string) => connection.edges.map((e) => e.node[field].id).sort();

/** The probe's answer as whole sets; null while the API answers with errors (an id it does not know yet). */
async function ask(api: ApiProcess, probe: Probe): Promise<Seen | null> {
  const { body } = await post(api.base, PROBE, { ...probe });
  if (body.errors || !body.data) return null;
  const { blastRadius, whoCanReach, entity } = body.data;
  return { systems: ids(blastRadius.systems, 'system'), people: ids(whoCanReach.people, 'entity'), identities: ids(whoCanReach.identities, 'entity'), entity: entity?.id ?? null };
}

/** What the drawn batch implies for its probe (person 0, system `j`, the last system). */
function expected(b: IngestInput, tag: string, people: number, j: number, revokedUses = false): Seen {
  const systems = b.systems!.map((s) => s.id).filter((_, k) => k % people === 0);
  return {
    systems: revokedUses ? [] : systems.sort(),
    people: revokedUses && j % people === 0 ? [] : [`person:${tag}:${j % people}`],
    identities: [`identity:${tag}:${j % people}`],
    entity: b.systems![b.systems!.length - 1].id,
  };
}
const probeOf = (b: IngestInput, tag: string, j: number): Probe => ({ person: `person:${tag}:0`, system: `system:${tag}:${j}`, entity: b.systems![b.systems!.length - 1].id });

/** Polls `api` until its answer equals `want`; how long that took from `since` (ms). */
async function answered(api: ApiProcess, probe: Probe, want: Seen, since: number, ms = 60_000): Promise<number> {
  let last: Seen | null = null;
  for (;;) {
    last = await ask(api, probe);
    const at = Date.now();
    if (JSON.stringify(last) === JSON.stringify(want)) return at - since;
    if (at - since > ms) throw new Error(`${api.base} still answers ${JSON.stringify(last)} after ${ms} ms, not ${JSON.stringify(want)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface IndexFigures {
  version: number;
  loads: number;
  catchUps: number;
  entries: number;
  ids: number;
}

/** The reach index figures of one replica's /metrics. */
async function figures(api: ApiProcess): Promise<IndexFigures> {
  const token = await signToken(testSecurity().jwt, { sub: 'test-metrics', role: 'METRICS' }, '1h');
  const res = await fetch(`${api.base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const families = parseExposition(await res.text());
  const value = (name: string) => valueOf(families, name) ?? -1;
  return {
    version: value('pathwarden_reach_index_version'),
    loads: value('pathwarden_reach_index_loads_total'),
    catchUps: value('pathwarden_reach_index_feed_catch_ups_total'),
    entries: value('pathwarden_reach_index_feed_entries_applied_total'),
    ids: value('pathwarden_reach_index_feed_ids_applied_total'),
  };
}
const storedVersion = async () => h.count("MATCH (g:GraphState {id: 'graph'}) RETURN g.version");

async function ingestThrough(api: ApiProcess, input: IngestInput): Promise<void> {
  const { body } = await post(api.base, INGEST, { input }, 'INGEST');
  expect(body.errors).toBeUndefined();
}

/** Runs `npm run import` on `input` (written to a file) as its own process, with `args`; resolves when it exited 0. */
async function importFile(input: IngestInput, args: string[] = []): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-replicas-'));
  const file = path.join(dir, 'batch.json');
  fs.writeFileSync(file, JSON.stringify(input));
  const run = runScript('src/cli/import.ts', [...args, file], childEnv());
  const code = await run.exited;
  if (code !== 0) throw new Error(`npm run import exited ${code}:\n${run.output()}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

let a: ApiProcess;
let b: ApiProcess;
const seedProbe: Probe = { person: 'person:seed', system: 'system:seed', entity: 'system:seed' };

beforeAll(async () => {
  await h.resetTo(SEED);
  const env = childEnv({ PATHWARDEN_INDEX_STALENESS_MS: String(STALENESS_MS) });
  [a, b] = await Promise.all([startApi(env), startApi(env)]);
  // Each replica loads its index once, on its first question.
  const seed: Seen = { systems: ['system:seed'], people: ['person:seed'], identities: ['identity:seed'], entity: 'system:seed' };
  expect([await ask(a, seedProbe), await ask(b, seedProbe)]).toEqual([seed, seed]);
});

afterAll(async () => {
  for (const api of [a, b].filter(Boolean)) {
    process.kill(api.pid, 'SIGTERM');
    await api.exited;
  }
});

it('a 551-record ingest through replica A is answered by replica B within the staleness bound + 200 ms, from the feed, with no reload', async () => {
  const input = batch('a', 200, 50);
  expect(recordsOf(input)).toBe(551);
  const probe = probeOf(input, 'a', 7);
  const want = expected(input, 'a', 50, 7);
  const before = await figures(b);
  expect(before.loads).toBe(1);
  await ingestThrough(a, input);
  const acked = Date.now();
  const ms = await answered(b, probe, want, acked);
  expect(await ask(a, probe)).toEqual(want);
  const after = await figures(b);
  // One entry (the one write) listing its 301 entities and 250 access records.
  expect({ within: ms <= BOUND_MS, loads: after.loads, catchUps: after.catchUps - before.catchUps, entries: after.entries - before.entries, ids: after.ids - before.ids, version: after.version }).toEqual({
    within: true,
    loads: before.loads,
    catchUps: 1,
    entries: 1,
    ids: 551,
    version: await storedVersion(),
  });
});

it('a revocation through replica B reaches replica A the same way', async () => {
  const input = batch('a', 200, 50);
  const probe = probeOf(input, 'a', 50);
  const before = await figures(a);
  const { body } = await post(b.base, 'mutation($id: ID!) { revokeAccess(id: $id, reason: "left the team") { eventIds } }', { id: 'acc:a:uses:0' });
  expect(body.errors).toBeUndefined();
  const acked = Date.now();
  // person:a:0 no longer uses identity:a:0: its blast radius is empty, and system 50 is reached by the identity alone.
  const want = expected(input, 'a', 50, 50, true);
  expect(want).toEqual({ systems: [], people: [], identities: ['identity:a:0'], entity: 'system:a:199' });
  const ms = await answered(a, probe, want, acked);
  expect(await ask(b, probe)).toEqual(want);
  const after = await figures(a);
  expect({ within: ms <= BOUND_MS, loads: after.loads, entries: after.entries - before.entries, version: after.version }).toEqual({ within: true, loads: before.loads, entries: 1, version: await storedVersion() });
});

it('an npm run import (a process of its own) reaches both replicas from the feed, with no reload', async () => {
  const input = batch('c', 60, 20);
  const probe = probeOf(input, 'c', 3);
  const want = expected(input, 'c', 20, 3);
  const before = await Promise.all([figures(a), figures(b)]);
  await importFile(input);
  const done = Date.now();
  const ms = await Promise.all([answered(a, probe, want, done), answered(b, probe, want, done)]);
  const after = await Promise.all([figures(a), figures(b)]);
  const version = await storedVersion();
  expect({ within: ms.map((m) => m <= BOUND_MS), replicas: after.map((f, i) => ({ loads: f.loads - before[i].loads, entries: f.entries - before[i].entries, version: f.version })) }).toEqual({
    within: [true, true],
    replicas: [
      { loads: 0, entries: 1, version },
      { loads: 0, entries: 1, version },
    ],
  });
});

it('a replica whose missing entries were pruned reloads and answers correctly', async () => {
  const input = batch('d', 40, 10);
  const probe = probeOf(input, 'd', 5);
  const want = expected(input, 'd', 10, 5);
  const before = await figures(b);
  await ingestThrough(a, input);
  // The entry B needs is gone (as past the feed's horizon): B cannot patch, it reloads.
  await h.driver.executeQuery('MATCH (c:GraphChange) DELETE c', {}, { database: process.env.NEO4J_DATABASE || undefined });
  await answered(b, probe, want, Date.now());
  const after = await figures(b);
  expect({ loads: after.loads - before.loads, entries: after.entries - before.entries, version: after.version }).toEqual({ loads: 1, entries: 0, version: await storedVersion() });
});

it('a new epoch (a restore) and a whole-source sync make both replicas reload, and they answer correctly', async () => {
  const before = await Promise.all([figures(a), figures(b)]);
  await h.driver.executeQuery("MATCH (g:GraphState {id: 'graph'}) SET g.epoch = randomUUID()", {}, { database: process.env.NEO4J_DATABASE || undefined });
  const input = batch('e', 30, 10);
  const probe = probeOf(input, 'e', 4);
  const want = expected(input, 'e', 10, 4);
  await ingestThrough(a, input);
  await Promise.all([answered(a, probe, want, Date.now()), answered(b, probe, want, Date.now())]);
  const mid = await Promise.all([figures(a), figures(b)]);
  expect(mid.map((f, i) => f.loads - before[i].loads)).toEqual([1, 1]);

  // A whole-source sync lists too much for the feed: its entry says reload. The sync drops system 29's record.
  const synced = { ...input, access: input.access!.filter((r) => r.id !== 'acc:e:can:29') };
  await importFile(synced, ['--sync', '--source', input.source as string]);
  const probe29 = { ...probe, system: 'system:e:29' };
  const want29: Seen = { systems: want.systems, people: [], identities: [], entity: want.entity };
  await Promise.all([answered(a, probe29, want29, Date.now()), answered(b, probe29, want29, Date.now())]);
  const after = await Promise.all([figures(a), figures(b)]);
  const version = await storedVersion();
  expect(after.map((f, i) => ({ loads: f.loads - mid[i].loads, version: f.version }))).toEqual([
    { loads: 1, version },
    { loads: 1, version },
  ]);
});
