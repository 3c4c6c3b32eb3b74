/**
 * The scope is applied where the data is read: every query a caller's
 * request can run takes $scope, and the Executor refuses to run any other
 * query for a narrowed viewer, so a new resolver or query cannot forget it.
 * The queries without $scope are the whole-graph ones the system runs for
 * itself (index loads, writes validated against the whole store, schema,
 * health), each listed here with why.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveViewer } from '../src/auth/scope';
import { appliesScope, CYPHER_DIR } from '../src/db/cypher';
import { graph, grant, named, system, tool } from './support/fixtures';
import { useHarness } from './support/harness';

/** Query folders that run only as the system or for whole-graph roles (ADMIN, INGEST), and why. */
const SYSTEM_ONLY: Record<string, string> = {
  'audit/': 'appends audit events inside a write, and reads the audit trail for ADMIN and ANALYST only (docs/audit.md)',
  'auth/': 'API keys (ADMIN only) and scope resolution itself',
  'bench/': 'the benchmark, against its own database',
  'bulk/': 'the bulk loaders (the generator CLI and the benchmark; npm run bulk-import asks whether the database is empty)',
  'feed/': 'the change feed: each write appends what it changed and prunes old entries, and reach indexes read it to catch up; reads no graph data',
  'graph/': 'the write lock every write takes first (ingest and lifecycle changes); reads no graph data',
  'health/': 'database version for /health; reads no graph data',
  'ingest/': 'ingest validates against, and writes, the whole store (ADMIN and INGEST only)',
  'lifecycle/':
    'lifecycle writes check against, and write, the whole store (ADMIN and INGEST); an OWNER certifying is first checked as the OWNER by lifecycle/certify-check, which applies $scope (test/lifecycle.records.test.ts)',
  'reach/index-': 'loads the whole graph into the reach index; narrowed viewers see it through a view',
  'reach/new-epoch': 'npm run restore marks the restored graph so every reach index reloads; reads nothing for a caller',
  'schema/': 'constraints and indexes',
  'sync/': 'a whole-source sync (the importer, as the system): its lease, staging, publishing and purging of staged records, and its plan read against the whole store',
};

const names = (dir: string, prefix = ''): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? names(path.join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.cypher') ? [`${prefix}${e.name.slice(0, -7)}`] : [],
  );

const all = names(CYPHER_DIR);
const systemOnly = (name: string) => Object.keys(SYSTEM_ONLY).some((p) => name.startsWith(p));

it('applies $scope in every query a caller can reach', () => {
  const callerQueries = all.filter((n) => !systemOnly(n));
  expect(callerQueries.filter((n) => !appliesScope(n))).toEqual([]);
  // The caller queries are the entity lookups and the Neo4j reach mode: a non-empty list, so this test cannot pass vacuously.
  expect(callerQueries.sort()).toEqual(
    expect.arrayContaining(['entities/by-ids', 'entities/list', 'entities/count', 'entities/access-by-ids', 'entities/owners', 'entities/members', 'reach/expand-out', 'reach/expand-in', 'findings/break-glass-uses']),
  );
});

describe('the executor', () => {
  const h = useHarness();
  const auditor = { id: 'auditor', role: 'TENANT_AUDITOR' as const, tenantId: 'tA', credential: 'jwt' as const };

  beforeAll(() =>
    h.resetTo(graph({ tenants: [named('tA')], systems: [system('sA', 'tA')], tools: [tool('rmm')], access: [grant('x', 'CAN_ACCESS', 'rmm', 'sA')] })),
  );

  it('refuses to run a query without $scope for a narrowed viewer', async () => {
    const viewer = await resolveViewer(h.exec, auditor);
    await expect(h.exec.query(viewer, 'reach/index-nodes')).rejects.toThrow('cypher/reach/index-nodes.cypher does not apply $scope');
  });

  it('runs a scoped query for a narrowed viewer, answering only what is in scope', async () => {
    const viewer = await resolveViewer(h.exec, auditor);
    const rows = await h.exec.query(viewer, 'entities/by-ids', { ids: ['tA', 'sA', 'rmm', 'person:approver', 'nope'] });
    // The approver approved the record rmm -> sA, which lies on a path into tA.
    expect(rows.map((r) => (r.entity as { id: string }).id).sort()).toEqual(['person:approver', 'rmm', 'sA', 'tA']);
  });
});
