/**
 * npm run import: a file larger than one call is validated whole first (and
 * rejected whole), then written in batches whose references point backwards.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { graph, grant } from './support/fixtures';
import { useHarness } from './support/harness';

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

it('loads a file in small batches so that later batches refer to earlier ones', async () => {
  const result = await importFile(file(), '--batch', '7');

  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Imported 81 records (81 created, 0 updated)');
  const reach = await h.data(`{ blastRadius(from: "p3") { systems { edges { node { system { id } distance } } } } }`);
  expect(reach.blastRadius.systems.edges.map((e: any) => [e.node.system.id, e.node.distance])).toEqual([
    ['s3-0', 3],
    ['s3-1', 3],
    ['s3-2', 3],
  ]);
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
