/**
 * Every query looks its records up through an index: the planner's own plan
 * (EXPLAIN) of every cypher/ file, on a database holding the demo graph so
 * the planner has statistics, may not scan nodes of the access graph by
 * label, scan all nodes, or scan relationships by type. A scan in a lookup
 * makes each call cost as much as the whole graph, and a loop of such calls
 * (ingest batches, lifecycle steps) grows with the square of the inventory.
 *
 * A file whose whole point is a scan (loading the reach index, a report over
 * every record) says so in its header with a line `// Scan: <why>`; the test
 * also fails when such a file no longer scans, so the exemptions stay true.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CYPHER_DIR, cypher, statements } from '../src/db/cypher';
import { planOf, scansIn, type Scan } from './support/plans';
import { FILE_PARAMS, REPRESENTATIVE_PARAMS } from './support/plan-params';
import { resetToDemo } from './support/demo';
import { useHarness } from './support/harness';

const h = useHarness();

/** Every query file by name (schema files are statements, not queries). */
const queries = (): string[] =>
  fs
    .readdirSync(CYPHER_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cypher') && !f.startsWith(`schema${path.sep}`))
    .map((f) => f.slice(0, -'.cypher'.length).split(path.sep).join('/'))
    .sort();

/** The reason a file's header gives for scanning, or null. */
const scanReason = (name: string): string | null => {
  const line = cypher(name)
    .split('\n')
    .find((l) => /^\s*\/\/\s*Scan:/.test(l));
  return line ? line.replace(/^\s*\/\/\s*Scan:\s*/, '').trim() : null;
};

/** The parameters a query's text uses (comments aside). */
const paramsOf = (name: string): string[] => {
  const code = cypher(name)
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n');
  return [...new Set([...code.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))].sort();
};

/** The representative parameters of one file: its own overrides, else the shared table. */
const paramsFor = (name: string): Record<string, unknown> =>
  Object.fromEntries(paramsOf(name).map((p) => [p, FILE_PARAMS[name] && p in FILE_PARAMS[name] ? FILE_PARAMS[name][p] : REPRESENTATIVE_PARAMS[p]]));

beforeAll(async () => {
  await resetToDemo(h, { history: false });
  // Earlier suites emptied and refilled the database: resample every index (statistics of an empty index
  // make a scan look as cheap as a seek) and drop cached plans, so each query is planned as on a live graph.
  await h.driver.executeQuery('CALL db.prepareForReplanning()');
});

test('every query file uses only parameters the plan test has a representative value for', () => {
  const missing = queries().flatMap((name) => paramsOf(name).filter((p) => !(p in REPRESENTATIVE_PARAMS)).map((p) => `${name}: $${p}`));
  expect(missing).toEqual([]);
});

test('no query scans the access graph unless its header says why a scan is the point', async () => {
  const found: Record<string, Scan[]> = {};
  for (const name of queries()) {
    const params = paramsFor(name);
    // A file is one statement (schema files aside); EXPLAIN plans it without running it.
    const [statement] = statements(name);
    let scans: Scan[];
    try {
      scans = scansIn(await planOf(h.driver, statement, params));
    } catch (error) {
      throw new Error(`cypher/${name}.cypher: ${(error as Error).message}`);
    }
    if (scans.length > 0 && scanReason(name) === null) found[name] = scans;
  }
  expect(found).toEqual({});
});

test('every file that says it scans still does, and says why', async () => {
  const stale: string[] = [];
  for (const name of queries()) {
    const reason = scanReason(name);
    if (reason === null) continue;
    if (reason.length < 10) stale.push(`${name}: the Scan line must say why`);
    const params = paramsFor(name);
    const scans = scansIn(await planOf(h.driver, statements(name)[0], params));
    if (scans.length === 0) stale.push(`${name}: declares a scan but is planned without one`);
  }
  expect(stale).toEqual([]);
});

test('the scan detector sees a label scan, an all-nodes scan and a relationship type scan', async () => {
  // The detector itself must be able to fail: three lookups without an index.
  const kinds = async (q: string) => scansIn(await planOf(h.driver, q, { id: 'x' })).map((s) => s.operator);
  expect(await kinds('MATCH (t:Tenant {id: $id}) RETURN t')).toEqual(['NodeByLabelScan']);
  expect(await kinds('MATCH (n {id: $id}) RETURN n')).toEqual(['AllNodesScan']);
  expect(await kinds('MATCH ()-[r:ACCESS]->() WHERE r.grantedAt IS NULL RETURN r')).toEqual([expect.stringMatching(/RelationshipTypeScan$/)]);
  expect(await kinds('MATCH (t:Entity {id: $id}) WHERE t:Tenant RETURN t')).toEqual([]);
});
