/**
 * The synthetic MSP (src/bench/generate.ts) and the two bulk paths that load
 * it: Cypher batches (src/bench/bulk.ts, for a remote NEO4J_URI) and Neo4j's
 * offline importer (src/bulk/admin-import.ts, npm run bulk-import and the
 * benchmark's local load). The generator is deterministic, has the
 * advertised size and shape, and passes the real ingest validation; both
 * bulk paths store exactly what ingest stores, so every query answers the
 * same after any of the three (compared as whole answers, every load at the
 * same instant). The offline import runs in a Neo4j of this file's own.
 */
import { SYSTEM_VIEWER } from '../src/core/viewer';
import { bulkLoad } from '../src/bench/bulk';
import { GENERATOR_EPOCH, SHAPES, TOOL_IDS, generate } from '../src/bench/generate';
import type { IngestInput } from '../src/generated/graphql';
import { INGEST_BATCH_LIMIT } from '../src/graph/vocabulary';
import { batches } from '../src/ingest/batches';
import { IngestService, validate } from '../src/ingest/service';
import { adminImportNeo4j, adminImportOf, removeNeo4j, storedGraph } from './support/admin-import';
import { harness, useHarness, type Harness } from './support/harness';

const h = useHarness();

const small = generate('small', 1);
/** Every query below asks about the generated world's "now". */
const AS_OF = GENERATOR_EPOCH;
const EPOCH = Date.parse(GENERATOR_EPOCH);
/** Both loads happen "at" this instant, so createdAt/updatedAt agree too. */
const LOADED_AT = '2026-11-27T12:00:00Z';

const present = (r: { grantedAt?: string | null; revokedAt?: string | null }) =>
  Date.parse(r.grantedAt!) <= EPOCH && (!r.revokedAt || Date.parse(r.revokedAt) > EPOCH);
const count = <T>(list: readonly T[] | null | undefined, test: (x: T) => boolean = () => true) => (list ?? []).filter(test).length;

describe('generate', () => {
  it('gives the same graph for the same seed, and another graph for another seed', () => {
    const again = JSON.stringify(generate('small', 1));
    expect(again).toEqual(JSON.stringify(small));
    const other = generate('small', 2);
    expect(JSON.stringify(other)).not.toEqual(again);
    expect(other.source).toBe('synthetic:small:seed-2');
    expect(other.access).toHaveLength(10_000);
  });

  it('fills each scale to its advertised number of access records (medium: exactly one million)', () => {
    expect(SHAPES.small.access).toBe(10_000);
    expect(SHAPES.large.access).toBe(5_000_000);
    const medium = generate('medium', 1);
    expect({
      access: medium.access!.length,
      tenants: medium.tenants!.length,
      technicians: count(medium.identities, (i) => i.identityKind === 'HUMAN_ACCOUNT'),
      teams: medium.teams!.length,
    }).toEqual({ access: 1_000_000, tenants: 3_000, technicians: 1_500, teams: 61 });
    expect(medium.systems!.length).toBeGreaterThan(3_000 * 15);
    expect(medium.systems!.length).toBeLessThan(3_000 * 25);
  });

  it('gives the small scale the advertised size: 10,000 access records over 30 tenants', () => {
    const lists = Object.fromEntries(
      (['tenants', 'teams', 'tools', 'roles', 'access'] as const).map((list) => [list, small[list]!.length]),
    );
    // 4 roles per tenant plus 7 tool roles; 2 departments + 4 pods + the CAB; RMM, PSA, vault, remote, backup, automation, docs.
    expect(lists).toEqual({ tenants: 30, teams: 7, tools: 7, roles: 127, access: 10_000 });
    expect(small.systems!.length).toBeGreaterThanOrEqual(30 * 8);
    expect(small.systems!.length).toBeLessThanOrEqual(30 * 32);
    expect(count(small.identities, (i) => i.identityKind === 'HUMAN_ACCOUNT')).toBe(30);
    expect(new Set(small.identities!.map((i) => i.identityKind))).toEqual(
      new Set(['HUMAN_ACCOUNT', 'SHARED_ADMIN', 'SERVICE_ACCOUNT', 'API_KEY', 'AUTOMATION', 'BREAK_GLASS']),
    );
    expect(new Set(small.access!.map((a) => a.kind))).toEqual(new Set(['MEMBER_OF', 'USES', 'HAS_ROLE', 'GRANTS', 'CAN_ACCESS']));
  });

  it('gives every tenant a domain controller, and both environments', () => {
    const dcs = small.systems!.filter((s) => s.name.includes('-DC01 ') && s.criticality === 'CRITICAL');
    expect(new Set(dcs.map((s) => s.tenantId))).toEqual(new Set(small.tenants!.map((t) => t.id)));
    expect(count(small.systems, (s) => s.environment === 'NON_PRODUCTION')).toBeGreaterThan(30);
    // PRODUCTION is the default: left out, as a real feed would.
    expect(count(small.systems, (s) => s.environment === undefined)).toBeGreaterThan(300);
  });

  it('has terminated tenants that the RMM still reaches, and the RMM on about 90% of the tenants', () => {
    const terminated = small.tenants!.filter((t) => t.contractStatus === 'TERMINATED');
    expect(terminated.length).toBeGreaterThanOrEqual(1);
    for (const t of terminated) expect(Date.parse(t.contractEndedAt!)).toBeLessThan(EPOCH);
    const rmm = small.access!.filter((a) => a.fromId === TOOL_IDS.rmm && a.kind === 'CAN_ACCESS');
    expect(rmm.length).toBeGreaterThanOrEqual(24);
    expect(rmm.length).toBeLessThan(30);
    expect(rmm.some((a) => a.toId === 't2' && present(a))).toBe(true);
    expect(terminated.map((t) => t.id)).toContain('t2');
  });

  it('has departed people who still hold present membership or USES, and others cleanly offboarded', () => {
    const departed = new Set(small.people!.filter((p) => p.status === 'DEPARTED').map((p) => p.id));
    const held = (a: { kind: string; fromId: string }) => (a.kind === 'MEMBER_OF' || a.kind === 'USES') && departed.has(a.fromId);
    const holding = new Set(small.access!.filter((a) => held(a) && present(a)).map((a) => a.fromId));
    const offboarded = new Set(small.access!.filter((a) => held(a) && !present(a)).map((a) => a.fromId));
    expect(holding.size).toBeGreaterThanOrEqual(1);
    expect(offboarded.size).toBeGreaterThanOrEqual(1);
    for (const p of small.people!.filter((x) => departed.has(x.id))) expect(Date.parse(p.departedAt!)).toBeLessThan(EPOCH);
  });

  it('has revoked records, expired records nobody removed, open just-in-time grants and disabled identities', () => {
    const jit = small.access!.filter((a) => a.kind === 'CAN_ACCESS' && a.fromId.startsWith('ih'));
    expect(jit.length).toBeGreaterThan(5_000);
    expect(count(jit, (a) => !!a.revokedAt)).toBeGreaterThan(jit.length / 2);
    expect(count(jit, (a) => present(a) && Date.parse(a.expiresAt!) <= EPOCH)).toBeGreaterThan(0);
    expect(count(jit, (a) => present(a) && Date.parse(a.expiresAt!) > EPOCH)).toBeGreaterThan(0);
    expect(count(small.identities, (i) => i.enabled === false)).toBeGreaterThan(0);
    for (const a of small.access!) if (a.revokedAt) expect(Date.parse(a.revokedAt)).toBeGreaterThanOrEqual(Date.parse(a.grantedAt!));
  });

  it('has every gap reason: records without approver or justification, entities unowned, team-owned or owned by departed people', () => {
    const departed = new Set(small.people!.filter((p) => p.status === 'DEPARTED').map((p) => p.id));
    const teams = new Set(small.teams!.map((t) => t.id));
    const owners = new Map<string, string[]>();
    for (const o of small.ownerships!) owners.set(o.entityId, [...(owners.get(o.entityId) ?? []), o.ownerId]);
    const gapOf = (id: string) => {
      const os = owners.get(id) ?? [];
      if (os.some((o) => !teams.has(o) && !departed.has(o))) return 'OWNED';
      if (os.some((o) => departed.has(o))) return 'OWNER_DEPARTED';
      return os.length > 0 ? 'OWNER_IS_TEAM' : 'NO_OWNER';
    };
    const needOwners = [...small.identities!, ...small.tools!, ...small.roles!].map((e) => e.id);
    const byGap: Record<string, number> = {};
    for (const id of needOwners) byGap[gapOf(id)] = (byGap[gapOf(id)] ?? 0) + 1;
    expect(Object.keys(byGap).sort()).toEqual(['NO_OWNER', 'OWNED', 'OWNER_DEPARTED', 'OWNER_IS_TEAM']);
    expect(byGap.OWNED / needOwners.length).toBeGreaterThan(0.8);
    const noApproval = count(small.access, (a) => !a.approvedById);
    const noJustification = count(small.access, (a) => !a.justification?.trim());
    expect(noApproval).toBeGreaterThan(100);
    expect(noApproval).toBeLessThan(600);
    expect(noJustification).toBeGreaterThan(100);
    expect(noJustification).toBeLessThan(600);
    expect(count(small.access, (a) => a.justification === '')).toBeGreaterThan(0);
  });

  it('nests teams the only way MEMBER_OF allows: a department holds every member of its pods', () => {
    const members = new Map<string, Set<string>>();
    for (const a of small.access!.filter((x) => x.kind === 'MEMBER_OF')) members.set(a.toId, (members.get(a.toId) ?? new Set()).add(a.fromId));
    const pods = small.teams!.filter((t) => t.name.includes(' / Pod '));
    expect(pods).toHaveLength(4);
    for (const pod of pods) {
      const department = small.teams!.find((t) => pod.name.startsWith(`${t.name} / `))!;
      for (const person of members.get(pod.id)!) expect(members.get(department.id)!.has(person)).toBe(true);
    }
  });

  it('reuses non-human identities across tenants', () => {
    const tenantOf = new Map(small.systems!.map((s) => [s.id, s.tenantId]));
    const nhis = small.identities!.filter((i) => i.identityKind === 'API_KEY' || i.identityKind === 'SERVICE_ACCOUNT').map((i) => i.id);
    const reused = nhis.filter((id) => new Set(small.access!.filter((a) => a.fromId === id && tenantOf.has(a.toId)).map((a) => tenantOf.get(a.toId))).size >= 2);
    expect(reused.length).toBeGreaterThanOrEqual(nhis.length / 2);
  });
});

describe('the small graph against the store', () => {
  beforeEach(() => h.reset());

  it('passes the real ingest validation with no problem', async () => {
    const { problems, prepared } = await h.exec.read(SYSTEM_VIEWER, (tx) => validate(tx, small, Date.parse(LOADED_AT)));
    expect(problems).toEqual([]);
    expect(prepared.access).toHaveLength(10_000);
  });

  it('refuses a bulk load into a database that holds anything, and writes nothing', async () => {
    await h.load({ tenants: [{ id: 'existing', name: 'Existing' }] });
    await expect(bulkLoad(h.exec, SYSTEM_VIEWER, small)).rejects.toThrow('bulkLoad writes only into an empty database');
    expect(await h.count('MATCH (n:Entity) RETURN count(n)')).toBe(1);
  });

  it('fails a bulk load loudly when an access record refers to nothing', async () => {
    const input: IngestInput = {
      tenants: [{ id: 't1', name: 'T1' }],
      access: [{ id: 'a1', kind: 'CAN_ACCESS', fromId: 'nowhere', toId: 't1' }],
    };
    await expect(bulkLoad(h.exec, SYSTEM_VIEWER, input)).rejects.toThrow('1 of 1 access records found no endpoint');
  });
});

// ---- bulk path vs ingest: load the small graph each way, read everything back, compare whole answers

const BLAST = `query($from: ID!, $asOf: DateTime) { blastRadius(from: $from, asOf: $asOf) {
  systemCount tenantCount tenants { tenant { id } systemCount }
  systems(first: 1000) { totalCount edges { node { system { id } distance privileged path { length steps { from { id } to { id } access { id } gaps } } } } }
} }`;
const EXPOSURE = `query($target: ID!, $asOf: DateTime) { whoCanReach(target: $target, asOf: $asOf) {
  peopleCount identityCount
  people(first: 1000) { totalCount edges { node { entity { id } distance } } }
  identities(first: 1000) { totalCount edges { node { entity { id } distance } } }
} }`;
const ENTITIES = `query($kind: EntityKind) { entities(kind: $kind, first: 1000) { totalCount edges { node { id kind name } } } }`;
const REPORT = `query($asOf: DateTime, $tenantId: ID) { unaccountablePaths(asOf: $asOf, tenantId: $tenantId, first: 1000) {
  totalCount edges { node { entity { id } access { id } reason peopleExposed systemsExposed example { length steps { from { id } to { id } access { id } } } } }
} }`;
const PATHS = `query($from: ID!, $to: ID!, $asOf: DateTime) { accessPaths(from: $from, to: $to, asOf: $asOf, first: 10) { length steps { from { id } to { id } access { id } gaps } } }`;

/** Ids the comparison asks about: pooled tools, a super admin, a departed technician still holding access, NHIs, teams, tenants. */
function sample(input: IngestInput) {
  const superAdminAccount = input.access!.find((a) => a.toId === 'r-rmm-sa' && a.kind === 'HAS_ROLE')!.fromId;
  const superAdmin = input.access!.find((a) => a.kind === 'USES' && a.toId === superAdminAccount)!.fromId;
  const departed = new Set(input.people!.filter((p) => p.status === 'DEPARTED').map((p) => p.id));
  const holding = input.access!.find((a) => a.kind === 'USES' && departed.has(a.fromId) && present(a))!.fromId;
  const technician = input.access!.find((a) => a.kind === 'USES' && a.toId === 'ih7')!.fromId;
  return {
    blast: [TOOL_IDS.rmm, TOOL_IDS.psa, 'tool-vault1', TOOL_IDS.automation, superAdmin, holding, technician, 'ih7', 'is1', 'ik2', 'iu1', 'ia3', 'g1', 'g3', 't1'],
    exposure: ['s1-1', 's2-1', 't2', 't5', 'ia3', TOOL_IDS.rmm, 'r3-ga'],
    paths: [
      [holding, 's1-1'],
      [technician, 's3-1'],
    ],
  };
}

async function answers(h: Harness, input: IngestInput) {
  const ids = sample(input);
  const out: Record<string, unknown> = {};
  for (const from of ids.blast) out[`blastRadius ${from}`] = (await h.data(BLAST, { from, asOf: AS_OF })).blastRadius;
  for (const target of ids.exposure) out[`whoCanReach ${target}`] = (await h.data(EXPOSURE, { target, asOf: AS_OF })).whoCanReach;
  for (const [from, to] of ids.paths) out[`accessPaths ${from} ${to}`] = (await h.data(PATHS, { from, to, asOf: AS_OF })).accessPaths;
  for (const kind of [null, 'PERSON', 'TEAM', 'IDENTITY', 'TOOL', 'ROLE', 'TENANT', 'SYSTEM']) {
    out[`entities ${kind}`] = (await h.data(ENTITIES, { kind })).entities;
  }
  out['unaccountablePaths'] = (await h.data(REPORT, { asOf: AS_OF })).unaccountablePaths;
  out['unaccountablePaths t3'] = (await h.data(REPORT, { asOf: AS_OF, tenantId: 't3' })).unaccountablePaths;
  return out;
}

describe('the bulk paths and ingest, each loading the small graph', () => {
  type Loaded = { dump: Awaited<ReturnType<typeof storedGraph>>; answers: Record<string, unknown> };
  let bulk: Loaded & { records: number; version: number };
  let admin: Loaded & { records: number; version: number; events: number };
  let ingested: Loaded;
  const local = adminImportNeo4j('admin-import-generate');

  beforeAll(async () => {
    await h.reset();
    const result = await bulkLoad(h.exec, SYSTEM_VIEWER, small, { now: LOADED_AT, batchSize: 3_000 });
    const version = await h.count("MATCH (g:GraphState {id: 'graph'}) RETURN g.version");
    bulk = { dump: await storedGraph(h), answers: await answers(h, small), records: result.records, version };
    await h.reset();
    // Ingest as npm run import does: batches in dependency order, each validated and written in one transaction.
    const service = new IngestService(h.exec, SYSTEM_VIEWER, LOADED_AT);
    for (const batch of batches(small, INGEST_BATCH_LIMIT)) await service.ingest(batch);
    ingested = { dump: await storedGraph(h), answers: await answers(h, small) };
    // neo4j-admin's import, into a Neo4j of this file's own (started by the import, stopped after).
    await removeNeo4j(local);
    const imported = await adminImportOf(small, LOADED_AT, local);
    const other = await harness(local.uri);
    try {
      const events = await other.count("MATCH (e:AuditEvent {kind: 'INGESTED'}) RETURN count(e)");
      const version = await other.count("MATCH (g:GraphState {id: 'graph'}) RETURN g.version");
      admin = { dump: await storedGraph(other), answers: await answers(other, small), records: imported.records, version, events };
    } finally {
      await other.close();
    }
  }, 600_000);

  afterAll(() => removeNeo4j(local), 120_000);

  it('write every record, and set the graph version once', () => {
    expect({ bulk: bulk.records, admin: admin.records }).toEqual({ bulk: 11_216, admin: 11_216 });
    expect({ bulk: bulk.version, admin: admin.version, adminEvents: admin.events }).toEqual({ bulk: 1, admin: 1, adminEvents: 1 });
  });

  it('the offline import stores the same nodes and relationships as ingest, with the same properties of the same types', () => {
    expect(admin.dump.nodes).toEqual(ingested.dump.nodes);
    expect(admin.dump.relationships).toEqual(ingested.dump.relationships);
  });

  it('the offline import answers blastRadius, whoCanReach, accessPaths, entities and unaccountablePaths as ingest does', () => {
    expect(admin.answers).toEqual(ingested.answers);
  });

  it('write every node and relationship', () => {
    expect(bulk.dump.nodes).toHaveLength(small.tenants!.length + small.people!.length + small.teams!.length + small.tools!.length + small.roles!.length + small.identities!.length + small.systems!.length);
    expect(bulk.dump.relationships).toHaveLength(small.systems!.length + small.ownerships!.length + small.access!.length);
  });

  it('store the same nodes, with the same labels and properties of the same types', () => {
    expect(bulk.dump.nodes).toEqual(ingested.dump.nodes);
  });

  it('store the same relationships (access, owner links, containment), with the same properties of the same types', () => {
    expect(bulk.dump.relationships).toEqual(ingested.dump.relationships);
  });

  it('answer blastRadius, whoCanReach, accessPaths, entities and unaccountablePaths the same', () => {
    expect(bulk.answers).toEqual(ingested.answers);
  });

  it('answer with real reach: the RMM reaches most systems, a super admin through it, and every gap reason is on a path', () => {
    const rmm = bulk.answers[`blastRadius ${TOOL_IDS.rmm}`] as { systemCount: number; tenantCount: number };
    expect(rmm.tenantCount).toBeGreaterThanOrEqual(24);
    expect(rmm.systemCount).toBeGreaterThan(small.systems!.length / 2);
    const superAdmin = sample(small).blast[4];
    expect((bulk.answers[`blastRadius ${superAdmin}`] as { systemCount: number }).systemCount).toBeGreaterThanOrEqual(rmm.systemCount);
    const report = bulk.answers.unaccountablePaths as { totalCount: number; edges: { node: { reason: string } }[] };
    expect(report.totalCount).toBe(report.edges.length);
    expect(new Set(report.edges.map((e) => e.node.reason))).toEqual(new Set(['NO_OWNER', 'OWNER_IS_TEAM', 'OWNER_DEPARTED', 'NO_APPROVAL', 'NO_JUSTIFICATION']));
  });
});
