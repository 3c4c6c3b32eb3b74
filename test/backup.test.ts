/**
 * npm run backup and npm run restore (src/cli/backup.ts, restore.ts) as an
 * operator runs them, on two local Neo4j of this file's own (ports beside the
 * suite's): the demo MSP with its audit history is backed up while its
 * database runs, restored into a fresh folder, and the restored database
 * must give the very same answers; then the refusals, and a forced restore
 * under an API that still holds the newer state in its reach index.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoGraph } from '../src/demo/demo-graph';
import { cli, demoAnswers, localNeo4j, neo4j, type LocalNeo4j, type Ran } from './support/backup';
import { resetToDemo } from './support/demo';
import { harness, type Harness } from './support/harness';

jest.setTimeout(600_000);

const repo = path.resolve(__dirname, '..');
const suitePort = Number(new URL(process.env.NEO4J_URI!.replace(/^neo4j/, 'http')).port);
const source = localNeo4j(suitePort + 3, 'backup-source');
const restored = localNeo4j(suitePort + 4, 'backup-restored');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-backup-'));
const file = path.join(work, 'pathwarden.dump');

/** The local database's folder, and the dumps a forced restore saved beside it. */
function remove(local: LocalNeo4j): void {
  const dir = path.join(repo, local.dir);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of fs.readdirSync(path.dirname(dir))) if (f.startsWith(`${path.basename(dir)}-replaced-`)) fs.rmSync(path.join(path.dirname(dir), f));
}

let src: Harness;
let dst: Harness | undefined;
let asOf: string;
let before: Record<string, unknown>;
let backup: Ran;
let restore: Ran;

beforeAll(async () => {
  for (const local of [source, restored]) {
    await neo4j('stop', local);
    remove(local);
  }
  await neo4j('start', source);
  src = await harness(source.uri);
  await resetToDemo(src);
  asOf = new Date().toISOString();
  before = await demoAnswers(src, asOf);

  backup = await cli('backup', [file], source);
  restore = await cli('restore', [file], restored);
  if (restore.code === 0) {
    await neo4j('start', restored);
    dst = await harness(restored.uri);
  }
});

afterAll(async () => {
  await dst?.close();
  await src?.close();
  for (const local of [source, restored]) {
    await neo4j('stop', local);
    remove(local);
  }
  fs.rmSync(work, { recursive: true, force: true });
});

test('a dump restored into a fresh folder answers blastRadius, whoCanReach, findingSummary and auditTrail exactly as the database it was taken from', async () => {
  expect({ backup: backup.code, restore: restore.code }).toEqual({ backup: 0, restore: 0 });
  // Not two empty databases agreeing: the demo's history is in the trail.
  expect((before.auditTrail as { auditTrail: { totalCount: number } }).auditTrail.totalCount).toBeGreaterThan(10);
  expect(await demoAnswers(dst!, asOf)).toEqual(before);
});

test('backup stops the running local Neo4j for its offline dump and starts it again, unchanged', async () => {
  expect(backup.output).toMatch(/Stopping the local Neo4j \(pid \d+\) for the offline dump/);
  expect(backup.output).toMatch(/Started the local Neo4j again \(pid \d+\)/);
  expect(await neo4j('status', source)).toMatch(/^running/);
  expect(await demoAnswers(src, asOf)).toEqual(before);
});

test('restore refuses a missing file and a file that is not a dump, naming it, before touching the database', async () => {
  const missing = path.join(work, 'missing.dump');
  const text = path.join(work, 'notes.dump');
  fs.writeFileSync(text, 'not a database\n');
  const [a, b] = [await cli('restore', [missing], restored), await cli('restore', [text], restored)];
  expect({ code: a.code, said: a.output.includes(`${missing}: no such file`) }).toEqual({ code: 1, said: true });
  expect({ code: b.code, said: b.output.includes(`${text} is not a Neo4j database dump`) }).toEqual({ code: 1, said: true });
  expect(await demoAnswers(dst!, asOf)).toEqual(before);
});

test('backup refuses to overwrite a file without --force, and both refuse a database named by NEO4J_URI', async () => {
  const again = await cli('backup', [file], source);
  expect({ code: again.code, said: again.output.includes(`${file} exists; refusing to overwrite it (--force replaces it)`) }).toEqual({ code: 1, said: true });
  expect(again.output).not.toMatch(/Stopping/);
  for (const command of ['backup', 'restore'] as const) {
    const external = await cli(command, [file], source, { NEO4J_URI: 'neo4j://neo4j.example:7687' });
    expect({ command, code: external.code, said: /NEO4J_URI is set: .* local Neo4j only.*README\.md, Operations/.test(external.output) }).toEqual({ command, code: 2, said: true });
  }
});

describe('a restore over a database that has changed since the dump', () => {
  const record = demoGraph.access.find((a) => a.kind === 'MEMBER_OF' && a.fromId.startsWith('person:'))!;
  let changed: Record<string, unknown>;

  beforeAll(async () => {
    // Revoked just before asOf, so the answers as of asOf change.
    const at = new Date(Date.parse(asOf) - 1000).toISOString();
    const revoked = await src.run(`mutation($id: ID!, $at: DateTime) { revokeAccess(id: $id, reason: "left the team", at: $at) { eventIds } }`, { id: record.id, at });
    expect(revoked.errors).toBeUndefined();
    changed = await demoAnswers(src, asOf);
  });

  test('is refused without --force, and leaves the database as it was', async () => {
    expect(changed[`blastRadius ${record.fromId}`]).not.toEqual(before[`blastRadius ${record.fromId}`]);
    const refused = await cli('restore', [file], source);
    expect({ code: refused.code, said: /holds data; a restore would replace it\. Run again with --force/.test(refused.output) }).toEqual({ code: 1, said: true });
    expect(await demoAnswers(src, asOf)).toEqual(changed);
  });

  test('with --force replaces it, keeps the replaced database as a dump beside its folder, and an API holding the newer state answers from the restored one', async () => {
    const forced = await cli('restore', [file, '--force'], source);
    expect(forced.code).toBe(0);
    const saved = forced.output.match(/Saved the database being replaced to (\S+\.dump) /)?.[1];
    expect(saved && fs.statSync(saved).size > 0).toBe(true);
    expect(saved!.startsWith(`${path.join(repo, source.dir)}-replaced-`)).toBe(true);
    // The same API process (harness) that saw the revocation: its reach index must not answer from it.
    expect(await demoAnswers(src, asOf)).toEqual(before);
  });
});
