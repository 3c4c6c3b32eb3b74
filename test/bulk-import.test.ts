/**
 * npm run bulk-import (src/cli/bulk-import.ts) as an operator runs it, on a
 * local Neo4j of this file's own (port NEO4J_TEST_PORT + 3): bad input is
 * refused with its file, line and column before anything is touched; a
 * valid inventory with awkward values (quotes, commas, line breaks, empty
 * strings, explicit nulls, instants in other offsets) is stored exactly as
 * ingest stores it, and the API answers from it as from an ingest-loaded
 * copy; a database that holds data is refused unless --force, which saves
 * it first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeTemplate } from '../src/connectors/csv/template';
import type { IngestInput } from '../src/generated/graphql';
import { adminImportNeo4j, removeNeo4j, storedGraph } from './support/admin-import';
import { cli, neo4j } from './support/backup';
import { harness, useHarness, type Harness } from './support/harness';

jest.setTimeout(600_000);

const h = useHarness();
const repo = path.resolve(__dirname, '..');
const local = adminImportNeo4j('bulk-import-cli');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-bulk-import-'));
const hasDatabase = () => fs.existsSync(path.join(repo, local.dir, 'home', 'data', 'databases', 'neo4j'));
const json = (name: string, input: unknown) => {
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify(input, null, 2));
  return file;
};

/** Awkward values where the CSV files could go wrong, and every kind, owner link and access kind. */
const inventory: IngestInput = {
  tenants: [
    { id: 't-acme', name: 'Acme, "Inc."', contractStatus: 'ACTIVE' },
    { id: 't-old', name: 'Old Co', contractStatus: 'TERMINATED', contractEndedAt: '2026-01-31T23:00:00-02:00' },
  ],
  people: [
    { id: 'p-ann', name: 'Ann; O\'Neil', email: 'ann@msp.example', employer: '' },
    { id: 'p-bob', name: 'Bob', status: 'DEPARTED', departedAt: '2026-03-01T08:30:00.123+01:00', email: null },
  ],
  teams: [{ id: 'g-noc', name: 'NOC' }],
  tools: [{ id: 'tool-rmm', name: 'RMM', category: 'RMM', pooled: true }],
  roles: [
    { id: 'r-acme-ga', name: 'Global admin', privileged: true, tenantId: 't-acme' },
    { id: 'r-plain', name: 'Reader', tenantId: null },
  ],
  identities: [
    { id: 'i-ann', name: 'ann-adm', identityKind: 'HUMAN_ACCOUNT', mfa: true, lastUsedAt: '2026-11-01T00:00:00Z' },
    { id: 'i-key', name: 'backup key', identityKind: 'API_KEY', enabled: false, tenantId: 't-acme', credentialExpiresAt: '2027-01-01T00:00:00+05:30' },
  ],
  systems: [
    { id: 's-dc', name: 'ACME-DC01 "primary"', tenantId: 't-acme', criticality: 'CRITICAL' },
    { id: 's-old', name: 'old file server', tenantId: 't-old', environment: 'NON_PRODUCTION' },
  ],
  ownerships: [
    { ownerId: 'p-ann', entityId: 'tool-rmm', role: 'SERVICE_OWNER', since: '2025-05-05T05:05:05Z' },
    { ownerId: 'g-noc', entityId: 'i-key' },
  ],
  access: [
    { id: 'a1', kind: 'MEMBER_OF', fromId: 'p-ann', toId: 'g-noc', justification: '' },
    { id: 'a2', kind: 'USES', fromId: 'p-ann', toId: 'i-ann', approvedById: 'p-bob', approvedAt: '2026-02-02T10:00:00+10:00', grantedAt: '2026-02-02T10:00:00Z' },
    { id: 'a3', kind: 'CAN_ACCESS', fromId: 'g-noc', toId: 'tool-rmm', justification: 'NOC rota,\n"follow the sun"', privileged: true },
    { id: 'a4', kind: 'CAN_ACCESS', fromId: 'tool-rmm', toId: 't-acme', grantedAt: '2025-01-01T00:00:00Z', lastCertifiedAt: '2026-06-01T00:00:00Z', certifiedById: 'p-ann' },
    { id: 'a5', kind: 'HAS_ROLE', fromId: 'i-ann', toId: 'r-acme-ga', requestedById: 'p-ann', expiresAt: '2027-06-01T00:00:00Z' },
    { id: 'a6', kind: 'GRANTS', fromId: 'r-acme-ga', toId: 's-dc', grantedAt: '2025-01-01T00:00:00Z' },
    { id: 'a7', kind: 'CAN_ACCESS', fromId: 'i-key', toId: 's-old', grantedAt: '2025-01-01T00:00:00Z', revokedAt: '2026-01-01T00:00:00Z', lastUsedAt: '2025-12-31T12:00:00Z' },
    { id: 'a8', kind: 'CAN_ACCESS', fromId: 'tool-rmm', toId: 's-old', grantedAt: '2025-01-01T00:00:00Z' },
  ],
};

const BLAST = `query($from: ID!) { blastRadius(from: $from) {
  systemCount tenantCount tenants { tenant { id } systemCount }
  systems(first: 100) { totalCount edges { node { system { id name } distance privileged path { length steps { from { id } to { id } access { id } gaps } } } } }
} }`;
const ORIGINS = ['p-ann', 'p-bob', 'g-noc', 'tool-rmm', 'i-ann', 'i-key'];

async function blastRadii(x: Harness): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const from of ORIGINS) out[from] = (await x.data(BLAST, { from })).blastRadius;
  return out;
}

beforeAll(() => removeNeo4j(local));
afterAll(async () => {
  await removeNeo4j(local);
  fs.rmSync(work, { recursive: true, force: true });
});

describe('bad input', () => {
  it('is refused with the file, line and column of every problem, before anything is touched', async () => {
    const dir = path.join(work, 'csv');
    writeTemplate(dir);
    const access = path.join(dir, 'access.csv');
    fs.writeFileSync(access, fs.readFileSync(access, 'utf8').replace('person:alice,team:helpdesk', 'person:nobody,team:helpdesk'));
    const ran = await cli('bulk-import', ['--format', 'csv', dir], local);
    expect(ran.code).toBe(1);
    expect(ran.output).toMatch(/access\.csv, line 2, column fromId: .*person:nobody/);
    expect(ran.output).toContain('Rejected: 1 problem(s); nothing was written.');
    expect(hasDatabase()).toBe(false);
  });

  it('refuses a record that two documents both write, naming the document that has it first', async () => {
    const first = json('first.json', { tenants: [{ id: 't1', name: 'One' }] });
    const second = json('second.json', { tenants: [{ id: 't1', name: 'One again' }] });
    const ran = await cli('bulk-import', [first, second], local);
    expect(ran.code).toBe(1);
    expect(ran.output).toContain(`tenants[0] (t1).id: "t1" is also in ${first}: a bulk import writes each record once`);
    expect(hasDatabase()).toBe(false);
  });

  it('is a usage error when no file is given, or the format is unknown', async () => {
    for (const args of [[], ['--format', 'xml', 'x']]) {
      const ran = await cli('bulk-import', args, local);
      expect(ran.code).toBe(2);
      expect(ran.output).toContain('usage: npm run bulk-import');
    }
    expect(hasDatabase()).toBe(false);
  });
});

describe('a valid inventory into the empty local Neo4j', () => {
  let ran: { code: number; output: string };
  let t0: number;
  let t1: number;
  let imported: Harness;

  beforeAll(async () => {
    t0 = Date.now();
    ran = await cli('bulk-import', ['--source', 'cmdb', json('inventory.json', inventory)], local);
    t1 = Date.now();
    if (ran.code !== 0) throw new Error(`npm run bulk-import failed:\n${ran.output}`);
    // It leaves the database as it found it: stopped (there was none).
    await neo4j('start', local);
    imported = await harness(local.uri);
    await h.reset();
    await h.load({ ...inventory, source: 'cmdb' });
  });
  afterAll(() => imported?.close());

  it('loads every record and leaves the database stopped, as it found it', () => {
    expect(ran.code).toBe(0);
    expect(ran.output).toContain('Bulk-imported 22 records (12 entities, 2 owner links, 8 access records)');
    expect(ran.output).toContain('is stopped; npm start (or npm run neo4j:start) serves it');
  });

  it('stores what ingest stores: labels, every property and its type, owner links, access records and containment', async () => {
    const mine = await storedGraph(imported, { loadTime: true });
    expect(mine.nodes).toHaveLength(12);
    expect(mine.relationships).toHaveLength(2 + 2 + 8);
    expect(mine).toEqual(await storedGraph(h, { loadTime: true }));
  });

  it('stamps the load time, in UTC, on createdAt and updatedAt and the since and grantedAt left out', async () => {
    const [row] = (await imported.driver.executeQuery("MATCH (g:Entity {id: 'g-noc'})-[l:OWNS]->() MATCH ()-[a:ACCESS {id: 'a3'}]->() RETURN g.createdAt AS c, l.since AS since, a.grantedAt AS granted")).records;
    const c = row.get('c');
    expect(Date.parse(c.toString())).toBeGreaterThanOrEqual(t0 - 1000);
    expect(Date.parse(c.toString())).toBeLessThanOrEqual(t1);
    expect(c.timeZoneOffsetSeconds).toBe(0);
    expect([row.get('since').toString(), row.get('granted').toString()]).toEqual([c.toString(), c.toString()]);
  });

  it('answers blastRadius as the ingest-loaded copy does', async () => {
    const answers = await blastRadii(imported);
    expect((answers['p-ann'] as { systemCount: number }).systemCount).toBe(2);
    expect(answers).toEqual(await blastRadii(h));
  });

  it('records one INGESTED audit event for the whole load, and the graph version', async () => {
    expect(await imported.count("MATCH (e:AuditEvent {kind: 'INGESTED'}) WHERE e.details CONTAINS '\"bulkImport\":true' RETURN count(e)")).toBe(1);
    expect(await imported.count("MATCH (g:GraphState {id: 'graph'}) RETURN g.version")).toBe(1);
  });
});

describe('a local Neo4j that holds data', () => {
  const other: IngestInput = { tenants: [{ id: 't-new', name: 'New' }], systems: [{ id: 's-new', name: 'New DC', tenantId: 't-new' }] };
  const ids = async () => {
    const x = await harness(local.uri);
    try {
      return (await x.driver.executeQuery('MATCH (n:Entity) RETURN n.id AS id ORDER BY id')).records.map((r) => r.get('id'));
    } finally {
      await x.close();
    }
  };

  it('is refused, running, and left running and unchanged', async () => {
    const before = await ids();
    expect(before).toHaveLength(12);
    const ran = await cli('bulk-import', [json('other.json', other)], local);
    expect(ran.code).toBe(1);
    expect(ran.output).toContain('holds data; a bulk import loads an empty database only, and nothing was written');
    expect(ran.output).toContain('--force');
    expect(await neo4j('status', local)).toMatch(/^running/);
    expect(await ids()).toEqual(before);
  });

  it('is replaced with --force, after being saved beside its folder, and started again', async () => {
    const ran = await cli('bulk-import', ['--force', json('other.json', other)], local);
    expect(ran.code).toBe(0);
    const saved = ran.output.match(/Saved the database being replaced to (\S+) \(/)?.[1];
    expect(saved && fs.statSync(saved).size).toBeGreaterThan(0);
    expect(await neo4j('status', local)).toMatch(/^running/);
    expect(await ids()).toEqual(['s-new', 't-new']);
  });
});
