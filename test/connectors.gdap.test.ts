/**
 * The GDAP connector (src/connectors/gdap, docs/connectors-gdap.md) on the
 * export in examples/gdap: Northwind MSP's partner tenant with two
 * customers, lists saved in several pages, one terminated relationship, one
 * deleted access assignment, one relationship still awaiting approval and
 * one disabled account. Its documents go through the ingest mutation, then
 * reach answers are compared as whole sets.
 *
 *   GDAP - Helpdesk (ana, ben, dan (disabled)) -> Contoso-Helpdesk-2026: Helpdesk Administrator,
 *        User Administrator, Directory Readers in Contoso (ends 2027-01-15)
 *                                              -> Fabrikam-Helpdesk-2026: Security Reader in Fabrikam (ends 2027-02-10)
 *   GDAP - Tier 2 Admins (carla) -> Contoso-Tier2-GA-2026: Global Administrator in Contoso (ends 2026-09-01)
 *                                -> Fabrikam-Helpdesk-2026: Exchange Administrator, assignment deleted 2026-04-01
 *   GDAP - Messaging (ben) -> Fabrikam-Helpdesk-2026: Exchange Administrator in Fabrikam
 *   GDAP - Messaging (2025) (erin) -> Fabrikam-Helpdesk-2025, terminated 2026-02-10
 *   Fabrikam-Intune-Request: approvalPending (gives nothing)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gdapConnector } from '../src/connectors/gdap';
import { ids } from '../src/connectors/gdap/map';
import type { IngestInput } from '../src/generated/graphql';
import { childEnv, runScript } from './support/api-process';
import { useHarness, INGEST } from './support/harness';

const h = useHarness();
const NOW = '2026-06-01T00:00:00Z';
const EXPORT = path.resolve(__dirname, '..', 'examples', 'gdap');

const CONTOSO = '6f1c3e2a-8b4d-4c1e-9a7f-2d5b8e0c4a11';
const FABRIKAM = '9d2e4b7c-1a3f-4e8d-b6c5-7f0a2e9d3b22';
const USER = { ana: '7c3f9e21-aaaa-4d5e-8f10-2b3c4d5e6f01', ben: '7c3f9e21-bbbb-4d5e-8f10-2b3c4d5e6f02', carla: '7c3f9e21-cccc-4d5e-8f10-2b3c4d5e6f03', dan: '7c3f9e21-dddd-4d5e-8f10-2b3c4d5e6f04', erin: '7c3f9e21-eeee-4d5e-8f10-2b3c4d5e6f05' };
const R3 = '5b0a1c2d-3333-4e34-9755-2e1e9b26b943-9d2e4b7c-1a3f-4e8d-b6c5-7f0a2e9d3b22';
const EXCHANGE = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const INTUNE = '3a2c62db-5318-420d-8d74-23affee5d9d5';
const HELPDESK_GROUP = '0e5d7a10-1111-4b8e-9c2a-3f6e1d0b7a01';

async function readExport(folder = EXPORT) {
  return gdapConnector.read([folder]);
}

/** The tenants a person reaches, sorted. */
async function tenantsOf(personId: string, asOf = NOW): Promise<string[]> {
  const data = await h.data(`query($id: ID!, $asOf: DateTime) { blastRadius(from: $id, asOf: $asOf) { tenants { tenant { id } systemCount } } }`, { id: personId, asOf }, NOW);
  return data.blastRadius.tenants.map((t: any) => t.tenant.id).sort();
}

/** The distinct expiry dates of the HAS_ROLE and GRANTS steps on every path from a person to a tenant. */
async function expiries(personId: string, tenantId: string): Promise<string[]> {
  const data = await h.data(`query($from: ID!, $to: ID!) { accessPaths(from: $from, to: $to, first: 20) { steps { access { kind expiresAt } } } }`, { from: personId, to: tenantId }, NOW);
  const found = new Set<string>();
  for (const p of data.accessPaths) for (const s of p.steps) if (s.access && (s.access.kind === 'HAS_ROLE' || s.access.kind === 'GRANTS')) found.add(s.access.expiresAt);
  return [...found].sort();
}

/** A copy of the example export in a temporary folder, for tests that break it. */
function copyExport(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdap-'));
  for (const f of fs.readdirSync(EXPORT)) fs.copyFileSync(path.join(EXPORT, f), path.join(dir, f));
  return dir;
}
const edit = (dir: string, file: string, change: (json: any) => void) => {
  const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  change(json);
  fs.writeFileSync(path.join(dir, file), JSON.stringify(json));
};
const rel = (p: string, dir: string) => path.relative(dir, p);

describe('a GDAP export', () => {
  beforeAll(async () => {
    await h.reset();
    const { documents, problems } = await readExport();
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(1);
    await h.load(documents[0].input as IngestInput, NOW);
  });

  it("gives each technician the customer tenants their groups' roles reach; a disabled account and a terminated relationship reach nothing", async () => {
    const reached: Record<string, string[]> = {};
    for (const [name, user] of Object.entries(USER)) reached[name] = await tenantsOf(ids.person(user));

    expect(reached).toEqual({
      ana: [ids.tenant(CONTOSO), ids.tenant(FABRIKAM)],
      ben: [ids.tenant(CONTOSO), ids.tenant(FABRIKAM)],
      carla: [ids.tenant(CONTOSO)],
      dan: [],
      erin: [],
    });
  });

  it("carries each relationship's end date as the expiry of the records on the path", async () => {
    expect({
      anaContoso: await expiries(ids.person(USER.ana), ids.tenant(CONTOSO)),
      anaFabrikam: await expiries(ids.person(USER.ana), ids.tenant(FABRIKAM)),
      carlaContoso: await expiries(ids.person(USER.carla), ids.tenant(CONTOSO)),
    }).toEqual({
      anaContoso: ['2027-01-15T10:02:11.550Z'],
      anaFabrikam: ['2027-02-10T17:00:00.000Z'],
      carlaContoso: ['2026-09-01T08:30:00.000Z'],
    });
  });

  it('reads the path Person -> Identity -> Team -> Role -> Tenant, justified by the relationship', async () => {
    const data = await h.data(
      `query($from: ID!, $to: ID!) { accessPaths(from: $from, to: $to, first: 1) { steps { from { id } to { id } access { kind justification privileged } } } }`,
      { from: ids.person(USER.carla), to: ids.tenant(CONTOSO) },
      NOW,
    );
    const R2 = '5b0a1c2d-2222-4e34-9755-2e1e9b26b943-6f1c3e2a-8b4d-4c1e-9a7f-2d5b8e0c4a11';
    expect(data.accessPaths[0].steps.map((s: any) => [s.from.id, s.access.kind, s.to.id, s.access.justification, s.access.privileged])).toEqual([
      [ids.person(USER.carla), 'USES', ids.identity(USER.carla), null, false],
      [ids.identity(USER.carla), 'MEMBER_OF', ids.team('0e5d7a10-2222-4b8e-9c2a-3f6e1d0b7a02'), null, false],
      [ids.team('0e5d7a10-2222-4b8e-9c2a-3f6e1d0b7a02'), 'HAS_ROLE', ids.role(CONTOSO, '62e90394-69f5-4237-9190-012177145e10'), `GDAP relationship "Contoso-Tier2-GA-2026" (${R2}), access assignment a1000000-0000-4000-8000-000000000002`, true],
      [ids.role(CONTOSO, '62e90394-69f5-4237-9190-012177145e10'), 'GRANTS', ids.tenant(CONTOSO), `GDAP relationship "Contoso-Tier2-GA-2026" (${R2})`, true],
    ]);
  });

  it('lists who can reach a customer: the people and the enabled accounts of the groups still assigned there', async () => {
    const data = await h.data(
      `query($id: ID!) { whoCanReach(target: $id) { people(first: 100) { edges { node { entity { id } } } } identities(first: 100) { edges { node { entity { id } } } } } }`,
      { id: ids.tenant(FABRIKAM) },
      NOW,
    );
    const list = (c: any) => c.edges.map((e: any) => e.node.entity.id).sort();
    expect({ people: list(data.whoCanReach.people), identities: list(data.whoCanReach.identities) }).toEqual({
      people: [ids.person(USER.ana), ids.person(USER.ben)].sort(),
      identities: [ids.identity(USER.ana), ids.identity(USER.ben)].sort(),
    });
  });

  it('keeps the terminated relationship as revoked history: it reached Fabrikam before it ended, and nothing after', async () => {
    const data = await h.data(`query($id: ID!) { access(id: $id) { grantedAt expiresAt revokedAt } }`, { id: ids.grants(R3, EXCHANGE) }, NOW);

    expect(data.access).toEqual({ grantedAt: '2025-06-01T09:00:00.000Z', expiresAt: '2026-02-10T16:45:00.000Z', revokedAt: '2026-02-10T16:45:00.000Z' });
    expect(await tenantsOf(ids.person(USER.erin), '2026-01-01T00:00:00Z')).toEqual([]);
    // The accounts exist only from the import on (membership dates are not in Graph), so history is read on the group itself.
    expect(await tenantsOf(ids.team('0e5d7a10-3333-4b8e-9c2a-3f6e1d0b7a03'), '2026-01-01T00:00:00Z')).toEqual([ids.tenant(FABRIKAM)]);
    expect(await tenantsOf(ids.team('0e5d7a10-3333-4b8e-9c2a-3f6e1d0b7a03'))).toEqual([]);
  });

  it('records the disabled account as disabled and still a member of its group; a pending relationship gives no role', async () => {
    const data = await h.data(
      `query($team: ID!, $role: ID!) { team: entity(id: $team) { ... on Team { name memberIdentities { id name enabled } } } role: entity(id: $role) { id } }`,
      { team: ids.team(HELPDESK_GROUP), role: ids.role(FABRIKAM, INTUNE) },
      NOW,
    );
    expect(data).toEqual({
      team: {
        name: 'GDAP - Helpdesk',
        memberIdentities: [
          { id: ids.identity(USER.ana), name: 'ana.silva@northwind-msp.com', enabled: true },
          { id: ids.identity(USER.ben), name: 'ben.okafor@northwind-msp.com', enabled: true },
          { id: ids.identity(USER.dan), name: 'dan.reyes@northwind-msp.com', enabled: false },
        ],
      },
      role: null,
    });
  });
});

describe('a GDAP export with mistakes', () => {
  it('names every problem by file and JSON path, and gives no document to write; a list it could not read whole raises no follow-on problem', async () => {
    const dir = copyExport();
    const R4 = '5b0a1c2d-4444-4e34-9755-2e1e9b26b943-9d2e4b7c-1a3f-4e8d-b6c5-7f0a2e9d3b22';
    fs.rmSync(path.join(dir, 'relationships.2.json'));
    edit(dir, `assignments-${R4}.2.json`, (j) => {
      j.value[0].accessContainer.accessContainerType = 'unknownFutureValue';
      delete j.value[1].accessDetails.unifiedRoles[0].roleDefinitionId;
    });
    edit(dir, `members-${HELPDESK_GROUP}.2.json`, (j) => delete j.value[0].accountEnabled);
    fs.writeFileSync(path.join(dir, 'groups.2.json'), '{ "value": [ ');
    fs.writeFileSync(path.join(dir, 'users.json'), '{ "value": [] }');

    const { documents, problems } = await readExport(dir);

    expect(documents).toEqual([]);
    expect(problems.map((p) => ({ ...p, file: rel(p.file, dir) }))).toEqual([
      { file: `assignments-${R4}.2.json`, column: 'value[0].accessContainer.accessContainerType', reason: 'must be one of securityGroup, got "unknownFutureValue"' },
      { file: `assignments-${R4}.2.json`, column: 'value[1].accessDetails.unifiedRoles[0].roleDefinitionId', reason: 'is missing: each role must give its roleDefinitionId' },
      { file: 'groups.2.json', reason: expect.stringMatching(/^is not JSON: /) },
      { file: `members-${HELPDESK_GROUP}.2.json`, column: 'value[0].accountEnabled', reason: 'is missing (save members with $select=id,displayName,userPrincipalName,accountEnabled)' },
      { file: 'relationships.json', column: '@odata.nextLink', reason: 'says more pages follow, but no page 2 was saved: save it as relationships.2.json' },
      { file: 'users.json', reason: expect.stringContaining('is not a file of a GDAP export: expected relationships[.N].json') },
    ]);
  });

  it('says which files are named for a relationship or group the export does not list, but not for one listed with a problem of its own', async () => {
    const dir = copyExport();
    const R1 = '5b0a1c2d-1111-4e34-9755-2e1e9b26b943-6f1c3e2a-8b4d-4c1e-9a7f-2d5b8e0c4a11';
    const NO_RELATIONSHIP = '5b0a1c2d-9999-4e34-9755-2e1e9b26b943-6f1c3e2a-8b4d-4c1e-9a7f-2d5b8e0c4a11';
    const NO_GROUP = '0e5d7a10-9999-4b8e-9c2a-3f6e1d0b7a09';
    edit(dir, 'relationships.json', (j) => (j.value[0].endDateTime = 'next tuesday'));
    edit(dir, 'groups.json', (j) => (j.value[0].displayName = ''));
    fs.copyFileSync(path.join(dir, `assignments-${R1}.json`), path.join(dir, `assignments-${NO_RELATIONSHIP}.json`));
    fs.copyFileSync(path.join(dir, 'members-0e5d7a10-2222-4b8e-9c2a-3f6e1d0b7a02.json'), path.join(dir, `members-${NO_GROUP}.json`));
    const R2 = '5b0a1c2d-2222-4e34-9755-2e1e9b26b943-6f1c3e2a-8b4d-4c1e-9a7f-2d5b8e0c4a11';
    edit(dir, `assignments-${R2}.json`, (j) => (j.value[0].accessContainer.accessContainerId = NO_GROUP));

    const { documents, problems } = await readExport(dir);

    expect(documents).toEqual([]);
    expect(problems.map((p) => ({ ...p, file: rel(p.file, dir) }))).toEqual([
      { file: `assignments-${R2}.json`, column: 'value[0].accessContainer.accessContainerId', reason: `names group ${NO_GROUP}, which is not in groups*.json` },
      { file: `assignments-${NO_RELATIONSHIP}.json`, reason: `is named for relationship ${NO_RELATIONSHIP}, which is not in relationships*.json` },
      { file: 'groups.json', column: 'value[0].displayName', reason: 'must be a non-blank string, got ""' },
      { file: `members-${NO_GROUP}.json`, reason: `is named for group ${NO_GROUP}, which is not in groups*.json` },
      { file: 'relationships.json', column: 'value[0].endDateTime', reason: 'must be an ISO 8601 date-time with a time zone, got "next tuesday"' },
    ]);
  });

  it('refuses a path that is not a folder', async () => {
    expect(await gdapConnector.read([path.join(EXPORT, 'relationships.json')])).toEqual({
      documents: [],
      problems: [{ file: path.join(EXPORT, 'relationships.json'), reason: expect.stringContaining('is not a folder') }],
    });
  });

  it('maps customers and users onto ids already stored (pathwarden-ids.json), and locates an ingest problem in the export', async () => {
    await h.reset();
    await h.load({ tenants: [{ id: 'tenant:contoso', name: 'Contoso' }], people: [{ id: 'person:ana-silva', name: 'Ana Silva' }] }, NOW);
    const dir = copyExport();
    fs.writeFileSync(path.join(dir, 'pathwarden-ids.json'), JSON.stringify({ tenants: { [CONTOSO]: 'tenant:contoso', [FABRIKAM]: 'tenant:fabrikam' }, people: { [USER.ana]: 'person:ana-silva' } }));

    const { documents, problems } = await readExport(dir);
    expect(problems).toEqual([]);
    const doc = documents[0];
    // tenant:fabrikam is not stored: ingest refuses, and each problem is located in the export.
    const refused = await h.run(INGEST, { input: doc.input }, NOW);
    const located = (refused.errors?.[0].extensions?.problems as any[]).map((p) => ({ field: p.field, at: doc.locate(p.list, p.index, p.field) }));
    expect(new Set(located.map((l) => `${l.field} ${l.at && rel(l.at.file, dir)} ${l.at?.column}`))).toEqual(
      new Set([
        'tenantId relationships.2.json value[0].accessDetails.unifiedRoles[0].roleDefinitionId',
        'tenantId relationships.2.json value[0].accessDetails.unifiedRoles[1].roleDefinitionId',
        'tenantId relationships.2.json value[1].accessDetails.unifiedRoles[1].roleDefinitionId',
        'toId relationships.2.json value[0].customer.tenantId',
        'toId relationships.2.json value[1].customer.tenantId',
      ]),
    );

    await h.load({ tenants: [{ id: 'tenant:fabrikam', name: 'Fabrikam' }] }, NOW);
    await h.load(doc.input as IngestInput, NOW);
    expect(await tenantsOf('person:ana-silva')).toEqual(['tenant:contoso', 'tenant:fabrikam']);
    expect(await h.data(`{ entity(id: "${ids.person(USER.ana)}") { id } }`)).toEqual({ entity: null });
  });
});

describe('npm run import -- --format gdap', () => {
  it('stores exactly the records the connector reads from the export, under the given source', async () => {
    await h.reset();
    const { documents } = await readExport();
    const input = documents[0].input as IngestInput;
    const run = runScript('src/cli/import.ts', ['--format', 'gdap', '--source', 'gdap:northwind', EXPORT], childEnv());
    expect(await run.exited).toBe(0);
    const stored = async (cypher: string) => (await h.driver.executeQuery(cypher)).records.map((r) => r.get('id') as string).sort();
    const entityLists = [input.people, input.teams, input.identities, input.tools, input.roles, input.tenants, input.systems];
    expect(await stored('MATCH (n:Entity) RETURN n.id AS id')).toEqual(entityLists.flatMap((l) => (l ?? []).map((r) => r.id)).sort());
    expect(await stored("MATCH ()-[r:ACCESS {source: 'gdap:northwind'}]->() RETURN r.id AS id")).toEqual((input.access ?? []).map((r) => r.id).sort());
  });
});
