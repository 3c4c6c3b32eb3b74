/**
 * The CSV format (`npm run import -- --format csv`): the template a new user
 * starts from imports as written; spreadsheet exports (BOM, CRLF, quoted
 * cells with commas, quotes and line breaks) import with their values exact;
 * a CSV with mistakes gets every mistake named by file, line and column, and
 * nothing is written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { columnsOf, CSV_FILES } from '../src/connectors/csv/columns';
import { TEMPLATE_EXAMPLES } from '../src/connectors/csv/template';
import { DEMO_CSV_DIR, DEMO_GDAP_DIR, DEMO_GDAP_SOURCE, DEMO_SOURCE, demoGdap, demoGraph } from '../src/demo/demo-graph';
import { useHarness } from './support/harness';
import { childEnv, runScript } from './support/api-process';
import { snapshot } from './support/ingest-rejections';

jest.setTimeout(120_000);
const h = useHarness();
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-csv-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => h.reset());

/** The importer's problem lines (indented under its summary). */
const problemLines = (output: string) => output.split('\n').filter((l) => l.startsWith('  '));
const importCli = async (...args: string[]) => {
  const run = runScript('src/cli/import.ts', args, childEnv());
  const code = await run.exited;
  return { code, output: run.output() };
};
const folder = (name: string, files: Record<string, string>) => {
  const target = path.join(dir, name);
  fs.mkdirSync(target, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(target, file), text);
  return target;
};
const ids = async (cypher: string) => (await h.driver.executeQuery(cypher)).records.map((r) => r.get('id') as string).sort();
const storedEntities = () => ids('MATCH (n:Entity) RETURN n.id AS id');
const storedAccess = () => ids('MATCH ()-[r:ACCESS]->() RETURN r.id AS id');
const storedOwners = () => ids("MATCH (o:Entity)-[:OWNS]->(e:Entity) RETURN o.id + ' -> ' + e.id AS id");

it('writes a template of nine files whose headers are the input fields and whose examples import cleanly as written', async () => {
  const target = path.join(dir, 'template');
  const written = await importCli('--template', target);
  expect(written.code).toBe(0);
  expect(fs.readdirSync(target).sort()).toEqual(CSV_FILES.map((f) => f.file).sort());
  for (const { file, list } of CSV_FILES) {
    const [header] = fs.readFileSync(path.join(target, file), 'utf8').split('\r\n');
    expect({ file, header: header.split(',') }).toEqual({ file, header: columnsOf(list).map((c) => c.name) });
  }

  const imported = await importCli('--format', 'csv', target);
  expect(imported.output).toContain('Imported 18 records (18 created, 0 updated)');
  expect(imported.code).toBe(0);
  const example = (list: string) => TEMPLATE_EXAMPLES[list].map((r) => r.id as string);
  expect({ entities: await storedEntities(), access: await storedAccess(), owners: await storedOwners() }).toEqual({
    entities: ['people', 'teams', 'identities', 'tools', 'roles', 'tenants', 'systems'].flatMap(example).sort(),
    access: example('access').sort(),
    owners: TEMPLATE_EXAMPLES.ownerships.map((o) => `${o.ownerId} -> ${o.entityId}`).sort(),
  });
  // A quoted cell with a line break, a comma and quotes comes back exactly.
  const [justification] = (await h.driver.executeQuery("MATCH ()-[r:ACCESS {id: 'access:alice-adm-harbor-dc01'}]->() RETURN r.justification AS j")).records.map((r) => r.get('j'));
  expect(justification).toBe(TEMPLATE_EXAMPLES.access[1].justification);

  // None of its ids is one of the demo's: tried on the demo database, it adds records and renames none of the demo's.
  const demoIds = new Set([demoGraph, demoGdap].flatMap((g) => Object.values(g).flatMap((list) => (Array.isArray(list) ? list.map((r: { id?: string }) => r.id) : []))));
  const templateIds = Object.values(TEMPLATE_EXAMPLES).flatMap((rows) => rows.map((r) => r.id as string | undefined)).filter(Boolean);
  expect({ templateIds: templateIds.length > 15, shared: templateIds.filter((id) => demoIds.has(id)) }).toEqual({ templateIds: true, shared: [] });

  // The template never overwrites a file.
  const again = await importCli('--template', target);
  expect({ code: again.code, refused: again.output.includes('will not overwrite') }).toEqual({ code: 2, refused: true });
});

// A spreadsheet export: BOM, CRLF line ends, quoted cells with commas, quotes and line breaks, TRUE/FALSE, empty cells.
const BOM = '\uFEFF';
const crlf = (lines: string[]) => BOM + lines.join('\r\n') + '\r\n';
const EXPORT = {
  'tenants.csv': crlf(['id,name,contractStatus,contractEndedAt', 't1,"Acme, Inc.",ACTIVE,', 't2,Globex,,']),
  'people.csv': crlf(['id,name,email,employer,status,departedAt', 'p1,"Ng, Alice",alice@msp.example,,,']),
  'identities.csv': crlf(['id,name,identityKind,enabled,tenantId,lastUsedAt,credentialRotatedAt,credentialExpiresAt,mfa', 'i1,alice.adm,HUMAN_ACCOUNT,TRUE,t1,,,,False']),
  'systems.csv': crlf(['id,name,tenantId,criticality,environment', 's1,DC01,t1,CRITICAL,', 's2,FS01,t2,,NON_PRODUCTION']),
  'access.csv': crlf([
    'id,kind,fromId,toId,privileged,justification,requestedById,approvedById,approvedAt,grantedAt,expiresAt,lastCertifiedAt,certifiedById,revokedAt,lastUsedAt',
    'a1,USES,p1,i1,,,,,,,,,,,',
    'a2,CAN_ACCESS,i1,s1,true,"Patching, monthly\r\nsee ""CHG-1""",,p1,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,,,,,',
  ]),
};

it('imports a spreadsheet export (BOM, CRLF, quoted commas, quotes and line breaks, TRUE/FALSE, empty cells as absent) with its values exact', async () => {
  const result = await importCli('--format', 'csv', '--source', 'psa', folder('export', EXPORT));
  expect(result.code).toBe(0);
  const rows = await h.driver.executeQuery(
    `MATCH (n:Entity) RETURN n.id AS id, n.name AS name, n.enabled AS enabled, n.mfa AS mfa, n.contractStatus AS status, n.environment AS env, n.source AS source ORDER BY id`,
  );
  expect(rows.records.map((r) => r.toObject())).toEqual([
    { id: 'i1', name: 'alice.adm', enabled: true, mfa: false, status: null, env: null, source: 'psa' },
    { id: 'p1', name: 'Ng, Alice', enabled: null, mfa: null, status: null, env: null, source: 'psa' },
    { id: 's1', name: 'DC01', enabled: null, mfa: null, status: null, env: 'PRODUCTION', source: 'psa' },
    { id: 's2', name: 'FS01', enabled: null, mfa: null, status: null, env: 'NON_PRODUCTION', source: 'psa' },
    { id: 't1', name: 'Acme, Inc.', enabled: null, mfa: null, status: 'ACTIVE', env: null, source: 'psa' },
    { id: 't2', name: 'Globex', enabled: null, mfa: null, status: 'ACTIVE', env: null, source: 'psa' },
  ]);
  const access = await h.driver.executeQuery('MATCH ()-[r:ACCESS]->() RETURN r.id AS id, r.privileged AS privileged, r.justification AS j, r.approvedBy AS approvedBy ORDER BY id');
  expect(access.records.map((r) => r.toObject())).toEqual([
    { id: 'a1', privileged: false, j: null, approvedBy: null },
    { id: 'a2', privileged: true, j: 'Patching, monthly\nsee "CHG-1"', approvedBy: 'p1' },
  ]);
});

// Mistakes: line numbers count the physical lines of the file (a quoted line break makes a row two lines).
const MISTAKES = {
  'tenants.csv': ['id,name,contractStatus,colour', 't1,Acme,MAYBE,red', 't2,Globex,ACTIVE,blue', ''].join('\n'),
  'people.csv': ['id,email', 'p1,a@b'].join('\n'),
  'systems.csv': ['id,name,tenantId', 's1,"DC01', 'second line",t1', 's2,FS01,t9', 's3,FS02', ''].join('\r\n'),
  'identities.csv': ['id,name,identityKind,enabled', 'i1,adm,HUMAN_ACCOUNT,yes', 'i2,,API_KEY,', ''].join('\n'),
  'access.csv': ['id,kind,fromId,toId,grantedAt', 'a1,CAN_ACCESS,i2,s1,2026-02-30T00:00:00Z', ''].join('\n'),
  'notes.csv': 'anything\n',
};

it('names every mistake of every file by file, line and column, exits 1 and writes nothing', async () => {
  const target = folder('mistakes', MISTAKES);
  const before = await snapshot(h);
  const result = await importCli('--format', 'csv', target);
  const f = (file: string) => path.join(target, file);
  // The files' own problems first; then what the records that could be read get wrong on their own: their types (coercion
  // against the SDL) and, in the same list, the rules' problems (a line break in a name, a date that does not exist).
  expect({ code: result.code, problems: problemLines(result.output) }).toEqual({
    code: 1,
    problems: [
      `  ${f('notes.csv')}: is not one of the CSV files (${CSV_FILES.map((x) => x.file).join(', ')}); rename it or move it out of the folder`,
      `  ${f('people.csv')}, line 1, column name: is a required column and is missing from the header`,
      `  ${f('tenants.csv')}, line 1, column colour: is not a column of tenants.csv (columns: id, name, contractStatus, contractEndedAt)`,
      `  ${f('systems.csv')}, line 5: has 2 cells; the header has 3`,
      `  ${f('tenants.csv')}, line 2, column contractStatus: must be one of ACTIVE, TERMINATED, got "MAYBE" (id t1)`,
      `  ${f('identities.csv')}, line 2, column enabled: must be a Boolean, got "yes" (id i1)`,
      `  ${f('identities.csv')}, line 3, column name: is required (id i2)`,
      `  ${f('systems.csv')}, line 2, column name: must not contain control characters or bidirectional controls (U+000A at position 4) (id s1)`,
      `  ${f('access.csv')}, line 2, column grantedAt: must be an RFC 3339 date-time with a time zone, e.g. 2026-01-31T09:00:00Z, got "2026-02-30T00:00:00Z" (id a1)`,
    ],
  });
  expect(await snapshot(h)).toEqual(before);
});

it('checks well-formed files against the store and names each record by line and column (a quoted line break makes a row two lines)', async () => {
  const target = folder('references', {
    'tenants.csv': 'id,name\nt1,Acme\n',
    'systems.csv': ['id,name,tenantId', 's1,"DC01', 'second line",t1', 's2,FS01,t9', ''].join('\r\n'),
    'access.csv': ['id,kind,fromId,toId,grantedAt', 'a1,CAN_ACCESS,t1,s1,2026-02-30T00:00:00Z', 'a2,CAN_ACCESS,s2,s1,', ''].join('\n'),
  });
  const before = await snapshot(h);
  const result = await importCli('--format', 'csv', target);
  const f = (file: string) => path.join(target, file);
  expect({ code: result.code, problems: problemLines(result.output) }).toEqual({
    code: 1,
    problems: [
      // A name may not hold a line break (limits.ts); the row spans lines 2 and 3, so the next row is line 4.
      `  ${f('systems.csv')}, line 2, column name: must not contain control characters or bidirectional controls (U+000A at position 4) (id s1)`,
      `  ${f('systems.csv')}, line 4, column tenantId: "t9" refers to no entity in this batch or the store (id s2)`,
      `  ${f('access.csv')}, line 2, column fromId: "t1" is a TENANT; expected IDENTITY or TEAM or TOOL (id a1)`,
      `  ${f('access.csv')}, line 2, column grantedAt: must be an RFC 3339 date-time with a time zone, e.g. 2026-01-31T09:00:00Z, got "2026-02-30T00:00:00Z" (id a1)`,
      `  ${f('access.csv')}, line 3, column fromId: "s2" is a SYSTEM; expected IDENTITY or TEAM or TOOL (id a2)`,
    ],
  });
  expect(await snapshot(h)).toEqual(before);
});

it('refuses an unknown format as a usage error naming the formats there are', async () => {
  const xml = await importCli('--format', 'xml', dir);
  expect([xml.code, xml.output.includes('unknown --format "xml" (formats: native, csv, gdap)')]).toEqual([2, true]);
});

it('loads the demo from its CSV files (src/demo/csv), then its GDAP export (src/demo/gdap), through the importer, as npm start does: every record of the demo stored', async () => {
  const result = await importCli('--format', 'csv', '--source', DEMO_SOURCE, DEMO_CSV_DIR);
  expect(result.code).toBe(0);
  // The GDAP export maps its customers and users onto the CSV batch's tenants and people, so it loads second.
  const gdap = await importCli('--format', 'gdap', '--source', DEMO_GDAP_SOURCE, DEMO_GDAP_DIR);
  expect(gdap.code).toBe(0);
  const batches = [demoGraph, demoGdap];
  const entities = batches.flatMap((b) => [b.people, b.teams, b.identities, b.tools, b.roles, b.tenants, b.systems]);
  expect({ entities: await storedEntities(), access: await storedAccess(), owners: await storedOwners() }).toEqual({
    entities: entities.flatMap((l) => l.map((r) => r.id)).sort(),
    access: batches.flatMap((b) => b.access.map((r) => r.id)).sort(),
    owners: batches.flatMap((b) => b.ownerships.map((o) => `${o.ownerId} -> ${o.entityId}`)).sort(),
  });
  expect(demoGdap.access.length).toBeGreaterThan(0);
});
