/**
 * npm run import: a file larger than one call is validated whole first (and
 * rejected whole), then written in batches whose references point backwards.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeInput } from '../src/connectors/native-files';
import type { IngestInput } from '../src/generated/graphql';
import { importFiles as importInProcess } from '../src/ingest/import-files';
import { graph, grant } from './support/fixtures';
import { useHarness } from './support/harness';
import { BASE, REJECTED_AT, REJECTIONS, snapshot, withValid } from './support/ingest-rejections';

const run = promisify(execFile);
const h = useHarness();
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-import-'));
});
beforeEach(() => h.reset());

// 10 tenants with 3 systems each, one person per tenant using an identity that can access it.
function file() {
  const n = [...Array(10).keys()];
  return graph({
    source: 'import-test',
    tenants: n.map((i) => ({ id: `t${i}`, name: `Tenant ${i}` })),
    systems: n.flatMap((i) => [0, 1, 2].map((j) => ({ id: `s${i}-${j}`, name: `S${i}-${j}`, tenantId: `t${i}` }))),
    people: n.map((i) => ({ id: `p${i}`, name: `P${i}` })),
    identities: n.map((i) => ({ id: `i${i}`, name: `I${i}`, identityKind: 'HUMAN_ACCOUNT' as const })),
    access: n.flatMap((i) => [grant(`u${i}`, 'USES', `p${i}`, `i${i}`), grant(`c${i}`, 'CAN_ACCESS', `i${i}`, `t${i}`)]),
  });
}

const importFile = (input: unknown, ...args: string[]) => {
  const target = path.join(dir, `input-${Date.now()}.json`);
  fs.writeFileSync(target, JSON.stringify(input));
  return run('npx', ['tsx', 'src/cli/import.ts', target, ...args], { cwd: path.resolve(__dirname, '..'), env: process.env }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
};

/** The import succeeded, wrote all 81 records of `file()`, and p3 reaches its tenant's three systems through them. */
async function expectWholeFileImported(result: { code: number; stdout: string }): Promise<void> {
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Imported 81 records (81 created, 0 updated)');
  const reach = await h.data(`{ blastRadius(from: "p3") { systems { edges { node { system { id } distance } } } } }`);
  expect(reach.blastRadius.systems.edges.map((e: any) => [e.node.system.id, e.node.distance])).toEqual([
    ['s3-0', 3],
    ['s3-1', 3],
    ['s3-2', 3],
  ]);
}

it('loads a file in small batches so that later batches refer to earlier ones', async () => {
  const result = await importFile(file(), '--batch', '7');

  await expectWholeFileImported(result);
  expect(await h.count('MATCH (n:Entity) RETURN count(n)')).toBe(61);
});

it('validates the whole file first and writes nothing when any record is bad', async () => {
  const bad = file();
  bad.access![19] = { ...bad.access![19], toId: 'missing' };
  bad.systems![0] = { ...bad.systems![0], tenantId: 'p0' };

  const result = await importFile(bad, '--batch', '5');

  expect(result.code).toBe(1);
  expect(result.stderr).toContain('systems[0] (s0-0).tenantId: "p0" is a PERSON; expected TENANT');
  expect(result.stderr).toContain('access[19] (c9).toId: "missing" refers to no entity in this batch or the store');
  expect(result.stderr).toContain('nothing was written');
  expect(await h.count('MATCH (n) RETURN count(n)')).toBe(0);
});

// ---- several files: the parts `npm run generate -- --out FILE` writes when one string cannot hold the graph

/** Writes `input` split into parts of at most `maxChars` characters; returns the base name and the part files. */
const writeParts = (input: IngestInput, maxChars: number) => {
  const base = path.join(dir, `parts-${Date.now()}.json`);
  return { base, files: writeInput(input, base, { maxChars }).files };
};
const importFiles = (...args: string[]) =>
  run('npx', ['tsx', 'src/cli/import.ts', ...args], { cwd: path.resolve(__dirname, '..'), env: process.env }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );

it('loads a file split into parts, each part referring to the parts before it', async () => {
  const { base, files } = writeParts(file(), 1_500);
  expect(files.length).toBeGreaterThan(3);
  for (const f of files) expect(Object.keys(JSON.parse(fs.readFileSync(f, 'utf8')))[0]).toBe('source');

  // The base name stands for its parts, in order.
  const result = await importFiles(base, '--batch', '7');

  await expectWholeFileImported(result);
});

it('validates every part before writing any, each against the parts before it', async () => {
  const bad = file();
  bad.access![19] = { ...bad.access![19], toId: 'missing' };
  const { files } = writeParts(bad, 1_500);
  const last = files[files.length - 1];

  const result = await importFiles(...files);

  expect(result.code).toBe(1);
  // Only the one bad record: references into earlier parts (t9, i9, p9...) are found there.
  expect(result.stderr).toContain(`${last}: access[`);
  expect(result.stderr).toContain('(c9).toId: "missing" refers to no entity in this batch or the store');
  expect(result.stderr).toContain('Rejected: 1 problem(s); nothing was written.');
  expect(await h.count('MATCH (n) RETURN count(n)')).toBe(0);
});

it('refuses a part that reuses, for another kind, an id an earlier part declared', async () => {
  const input = file();
  input.access!.push(grant('t0', 'USES', 'p0', 'i0'));
  const { files } = writeParts(input, 1_500);

  const result = await importFiles(...files);

  expect(result.code).toBe(1);
  expect(result.stderr).toContain('(t0).id: "t0" is already used by a TENANT');
  expect(await h.count('MATCH (n) RETURN count(n)')).toBe(0);
});

// ---- one validation: every batch the ingest mutation refuses, the importer refuses the same way

describe('the rejections of ingest, through the importer', () => {
  beforeEach(() => h.resetTo(BASE));

  it.each(REJECTIONS)('refuses $rule with the problems ingest lists, and writes nothing', async ({ bad, problems }) => {
    const target = path.join(dir, `rejection-${Date.now()}.json`);
    fs.writeFileSync(target, JSON.stringify(withValid(bad)));
    const before = await snapshot(h);

    const outcome = await importInProcess(h.exec, [target], { now: REJECTED_AT });

    expect(outcome).toEqual({ kind: 'rejected', documents: [{ document: target, problems: problems.map((p) => ({ ...(p as object), location: { file: target } })) }] });
    expect(await snapshot(h)).toEqual(before);
  });
});

it('refuses the file of issue 9 on the command line, naming each record and field, and writes nothing', async () => {
  const before = await h.count('MATCH (n) RETURN count(n)');
  const result = await importFile({
    tenants: [{ id: 'tenant:new', name: 'New', contractStatus: 'MAYBE' }],
    people: [{ id: 'person:gone', name: 'Gone', status: 'GONE' }],
    identities: [{ id: 'identity:new', name: 'new', enabled: 'yes' }],
    roles: [{ id: 'role:new', name: 'New', privileged: 'true' }],
    systems: [{ id: 'system:new', name: 'New', tenantId: 'tenant:new', criticality: 'SUPER', owner: 'someone' }],
  });

  expect(result.code).toBe(1);
  expect(result.stderr.split('\n').filter((l) => l.startsWith('  '))).toEqual([
    '  tenants[0] (tenant:new).contractStatus: must be one of ACTIVE, TERMINATED, got "MAYBE"',
    '  people[0] (person:gone).status: must be one of ACTIVE, DEPARTED, got "GONE"',
    '  roles[0] (role:new).privileged: must be a Boolean, got "true"',
    '  identities[0] (identity:new).enabled: must be a Boolean, got "yes"',
    '  identities[0] (identity:new).identityKind: is required',
    '  systems[0] (system:new).criticality: must be one of LOW, MEDIUM, HIGH, CRITICAL, got "SUPER"',
    '  systems[0] (system:new).owner: is not a field of SystemInput',
  ]);
  expect(result.stderr).toContain('Rejected: 7 problem(s); nothing was written.');
  expect(await h.count('MATCH (n) RETURN count(n)')).toBe(before);
});

it('refuses an id of 1 MB on the command line in a few lines that quote it cut short', async () => {
  const id = `person:${'x'.repeat(1_000_000)}`;
  const result = await importFile({ people: [{ id, name: 'Long' }] });

  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`  people[0] (${id.slice(0, 64)}... (1000007 characters)).id: must be at most 256 characters, got 1000007`);
  expect(result.stderr.length).toBeLessThan(1_000);
  expect(await h.count('MATCH (n) RETURN count(n)')).toBe(0);
});
