/**
 * A whole-source sync whose publishing transaction needs more memory than
 * Neo4j allows its transactions (docs/ingest.md, "Sync of a whole source":
 * about 1.2 KiB per new record, in one transaction): `npm run import --
 * --sync` says so and what to change (Neo4j's heap, or a first load by bulk
 * import), publishes nothing, leaves nothing staged and releases the lease;
 * with the memory there, the same command then succeeds.
 *
 * It runs its own Neo4j (a port beside the suite's) with all transactions
 * together limited to 10 MiB (Neo4j's least) (NEO4J_LOCAL_TX_MEMORY_MB): staging batches of
 * 500 records fit in that, publishing 12,102 new records does not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4jDriver, { type Driver } from 'neo4j-driver';
import type { IngestInput } from '../src/generated/graphql';
import { cli, localNeo4j, neo4j, run } from './support/backup';
import { grant, graph, identity, named, system } from './support/fixtures';

jest.setTimeout(300_000);

const suitePort = Number(new URL(process.env.NEO4J_URI!.replace(/^neo4j/, 'http')).port);
const local = localNeo4j(suitePort + 5, 'sync-memory');
const launcher = path.resolve(__dirname, '..', 'tools', 'neo4j', 'neo4j.mjs');
let dir: string;
let file: string;
let driver: Driver;

const n = (count: number) => [...Array(count).keys()];

/** 1 tenant, the approver, 100 identities, 6,000 systems and 6,000 access records from the identities to them: 12,102 new records. */
const inventory: IngestInput = {
  source: 'psa',
  ...graph({
    tenants: [named('t0')],
    identities: n(100).map((i) => identity(`i${i}`)),
    systems: n(6_000).map((s) => system(`s${s}`, 't0')),
    access: n(6_000).map((a) => grant(`a${a}`, 'CAN_ACCESS', `i${a % 100}`, `s${a}`)),
  }),
};

async function startNeo4j(extra: Record<string, string>): Promise<void> {
  const started = await run(process.execPath, [launcher, 'start'], local, extra);
  if (started.code !== 0) throw new Error(`neo4j.mjs start failed:\n${started.output}`);
}

const count = async (cypher: string) => Number((await driver.executeQuery(cypher)).records[0].get(0));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-sync-memory-'));
  file = path.join(dir, 'psa.json');
  fs.writeFileSync(file, JSON.stringify(inventory));
  const fresh = await run(process.execPath, [launcher, 'start', '--fresh'], local, { NEO4J_LOCAL_TX_MEMORY_MB: '10' });
  if (fresh.code !== 0) throw new Error(`neo4j.mjs start --fresh failed:\n${fresh.output}`);
  driver = neo4jDriver.driver(local.uri, neo4jDriver.auth.basic('neo4j', 'neo4j'));
});

afterAll(async () => {
  await driver?.close();
  await neo4j('stop', local).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('refuses a sync whose publishing exceeds Neo4j transaction memory, saying what to change, with nothing published or left staged; with more memory the same command succeeds', async () => {
  const sync = () => cli('import', ['--sync', '--source', 'psa', '--batch', '500', file], local);

  const refused = await sync();
  expect(refused.code).toBe(1);
  expect(refused.output).toContain('publishing the sync of psa in one transaction needed more memory than Neo4j allows its transactions');
  expect(refused.output).toContain('nothing of it was published');
  expect(refused.output).toContain('12,102');
  expect(refused.output).toContain('NEO4J_LOCAL_HEAP');
  expect(refused.output).toContain('npm run bulk-import');
  expect({
    entities: await count('MATCH (e:Entity) RETURN count(e)'),
    staged: await count('MATCH (e:StagedEntity) RETURN count(e)'),
    relationships: await count('MATCH ()-[r]->() RETURN count(r)'),
    ingested: await count("MATCH (e:AuditEvent {kind: 'INGESTED'}) RETURN count(e)"),
    leases: await count('MATCH (g:GraphState) WHERE g.syncLeaseId IS NOT NULL RETURN count(g)'),
  }).toEqual({ entities: 0, staged: 0, relationships: 0, ingested: 0, leases: 0 });

  // The same Neo4j with its default limit (70% of its heap).
  await neo4j('stop', local);
  await startNeo4j({});
  const synced = await sync();
  expect(synced.code).toBe(0);
  expect({
    systems: await count('MATCH (s:Entity:System) RETURN count(s)'),
    access: await count('MATCH (:Entity)-[r:ACCESS]->(:Entity) WHERE r.stagedBy IS NULL RETURN count(r)'),
    staged: await count('MATCH (e:StagedEntity) RETURN count(e)'),
    ingested: await count("MATCH (e:AuditEvent {kind: 'INGESTED'}) RETURN count(e)"),
  }).toEqual({ systems: 6_000, access: 6_000, staged: 0, ingested: 1 });
});
