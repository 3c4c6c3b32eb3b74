/**
 * The demo MSP that `npm start` loads: it must ingest cleanly and show what
 * the issue promises an analyst will find in it.
 */
import { demoCallers, demoExamples, demoGraph } from '../src/demo/demo-graph';
import { loadDemoHistory } from '../src/demo/demo-history';
import type { IngestInput } from '../src/generated/graphql';
import { useHarness } from './support/harness';

const h = useHarness();
beforeAll(async () => {
  // As npm start loads it: the graph, then its audit history through the lifecycle.
  await h.resetTo(demoGraph as IngestInput);
  await loadDemoHistory(h.exec);
});

const count = (kind: string) => h.data(`{ entities(kind: ${kind}, first: 1) { totalCount } }`).then((d) => d.entities.totalCount);

it('has the promised size: 3+ pooled tools, 8+ tenants, 40+ systems, 12+ technicians', async () => {
  const tools = demoGraph.tools.filter((t) => t.pooled);
  const categories = new Set(tools.map((t) => t.category));
  expect([...['RMM', 'VAULT', 'PSA'].filter((c) => categories.has(c as never))]).toEqual(['RMM', 'VAULT', 'PSA']);
  expect(await count('TENANT')).toBeGreaterThanOrEqual(8);
  expect(await count('SYSTEM')).toBeGreaterThanOrEqual(40);
  const inTeams = new Set(demoGraph.access.filter((a) => a.kind === 'MEMBER_OF').map((a) => a.fromId));
  expect(inTeams.size).toBeGreaterThanOrEqual(12);
  expect(new Set(demoGraph.systems.map((s) => s.environment ?? 'PRODUCTION'))).toEqual(new Set(['PRODUCTION', 'NON_PRODUCTION']));
});

it('shows every gap reason on a path from a person to a system', async () => {
  const data = await h.data(`{ unaccountablePaths(first: 1000) { edges { node { reason } } } }`);
  const reasons = new Set(data.unaccountablePaths.edges.map((e: any) => e.node.reason));
  expect([...reasons].sort()).toEqual(['NO_APPROVAL', 'NO_JUSTIFICATION', 'NO_OWNER', 'OWNER_DEPARTED', 'OWNER_IS_TEAM']);
});

it('has a departed technician who still reaches client systems, and a terminated tenant the RMM still reaches', async () => {
  const departed = demoGraph.people.filter((p) => p.status === 'DEPARTED').map((p) => p.id);
  const reach = await Promise.all(departed.map((id) => h.data(`{ blastRadius(from: "${id}") { systemCount } }`)));
  expect(reach.some((r) => r.blastRadius.systemCount > 0)).toBe(true);

  const terminated = demoGraph.tenants.filter((t) => t.contractStatus === 'TERMINATED').map((t) => t.id);
  const rmm = demoGraph.tools.find((t) => t.category === 'RMM')!.id;
  const rmmReach = await h.data(`{ blastRadius(from: "${rmm}") { tenants { tenant { id } systemCount } } }`);
  const reached = rmmReach.blastRadius.tenants.map((t: any) => t.tenant.id);
  expect(terminated.length).toBeGreaterThanOrEqual(1);
  expect(terminated.filter((t) => reached.includes(t))).toEqual(terminated);
});

it('has a break-glass account for at least three tenants, and a disabled identity', async () => {
  const breakGlass = demoGraph.identities.filter((i) => i.identityKind === 'BREAK_GLASS');
  expect(new Set(breakGlass.map((i) => i.tenantId)).size).toBeGreaterThanOrEqual(3);
  expect(demoGraph.identities.some((i) => i.enabled === false)).toBe(true);
  expect(new Set(demoGraph.identities.map((i) => i.identityKind))).toEqual(
    new Set(['HUMAN_ACCOUNT', 'SHARED_ADMIN', 'SERVICE_ACCOUNT', 'API_KEY', 'AUTOMATION', 'BREAK_GLASS']),
  );
});

it.each(demoExamples.map((e) => [e.title, e.query]))('answers the printed example "%s" without errors', async (_title, query) => {
  const result = await h.run(query);
  expect(result.errors).toBeUndefined();
});

describe('the demo callers npm start prints a token for', () => {
  const principal = (c: (typeof demoCallers)[number]) => ({ id: c.sub, role: c.role, personId: c.person ?? null, tenantId: c.tenant ?? null, credential: 'jwt' as const });
  const byRole = (role: string) => principal(demoCallers.find((c) => c.role === role)!);

  it('include one caller per role', () => {
    expect(demoCallers.map((c) => c.role).sort()).toEqual(['ADMIN', 'ANALYST', 'INGEST', 'OWNER', 'TENANT_AUDITOR']);
  });

  it('let every reading role run the printed examples, each within its scope', async () => {
    for (const role of ['ADMIN', 'ANALYST', 'OWNER', 'TENANT_AUDITOR']) {
      for (const example of demoExamples) {
        const result = await h.runAs(byRole(role), example.query);
        // Out of scope, an example's entity is NOT_FOUND, exactly as if it did not exist; nothing else may go wrong.
        expect({ role, title: example.title, codes: (result.errors ?? []).map((e) => e.extensions?.code).filter((c) => c !== 'NOT_FOUND') }).toEqual({ role, title: example.title, codes: [] });
      }
    }
  });

  it("show Acme's auditor the pooled RMM reaching Acme alone, where an analyst sees every client it reaches", async () => {
    const query = `{ blastRadius(from: "tool:rmm") { tenants { tenant { id } } } }`;
    const tenants = (d: any) => d.blastRadius.tenants.map((t: any) => t.tenant.id).sort();
    const auditor = await h.runAs(byRole('TENANT_AUDITOR'), query);
    const analyst = await h.runAs(byRole('ANALYST'), query);
    expect(tenants(auditor.data)).toEqual(['tenant:acme']);
    expect(tenants(analyst.data).length).toBeGreaterThan(1);
    expect(tenants(analyst.data)).toContain('tenant:acme');
  });

  it('let the ingest caller call nothing but ingest', async () => {
    const result = await h.runAs(byRole('INGEST'), demoExamples[0].query);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

/** The codes of domain.md's findings table. */
const FINDING_CODES = [
  'UNOWNED_PRIVILEGED_PATH', 'DEPARTED_PERSON_ACCESS', 'OWNER_DEPARTED', 'COMMITTEE_OWNER', 'POOLED_ADMIN_ACCOUNT', 'NHI_CROSS_TENANT_REUSE',
  'HUMAN_USE_OF_NHI', 'TERMINATED_TENANT_REACHABLE', 'STANDING_PRIVILEGED_ACCESS', 'EXPIRED_ACCESS_NOT_REMOVED', 'RECERTIFICATION_OVERDUE',
  'UNAPPROVED_ACCESS', 'BREAK_GLASS_UNREVIEWED', 'BREAK_GLASS_NO_OWNER', 'DORMANT_PRIVILEGED_ACCESS', 'STALE_CREDENTIAL', 'ENVIRONMENT_MIXING',
  'EXCESSIVE_BLAST_RADIUS',
];

it('raises every finding code of domain.md at least once', async () => {
  const { findingSummary } = await h.data(`{ findingSummary { byCode { code count } } }`);
  const missing = findingSummary.byCode.filter((c: { count: number }) => c.count === 0).map((c: { code: string }) => c.code);
  expect({ codes: findingSummary.byCode.map((c: { code: string }) => c.code).sort(), missing }).toEqual({ codes: [...FINDING_CODES].sort(), missing: [] });
});

it('has an audit history of grants, use, certification, a revocation, an owner change and break-glass uses with and without review', async () => {
  const { auditTrail } = await h.data(`{ auditTrail(first: 100) { edges { node { kind at actorId subjectIds } } } }`);
  const lifecycle = auditTrail.edges.map((e: any) => e.node).filter((e: any) => e.kind !== 'INGESTED');
  // The events of one change share its instant (and their order among themselves is by id): sorted by instant, then kind.
  const rows = lifecycle.map((e: any) => [e.at, e.kind, e.actorId]).sort((a: string[], b: string[]) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1));
  expect(rows.map((r: string[]) => [r[0].slice(0, 10), r[1], r[2]])).toEqual([
    ['2026-10-06', 'APPROVED', 'raj.patel@northwind-msp.example'],
    ['2026-10-06', 'GRANTED', 'raj.patel@northwind-msp.example'],
    ['2026-10-06', 'REQUESTED', 'raj.patel@northwind-msp.example'],
    ['2026-10-10', 'USED', 'raj.patel@northwind-msp.example'],
    ['2026-10-20', 'CERTIFIED', 'oliver.grant@northwind-msp.example'],
    ['2026-11-03', 'BREAK_GLASS_USED', 'priya.shah@northwind-msp.example'],
    ['2026-11-05', 'REVOKED', 'raj.patel@northwind-msp.example'],
    ['2026-11-06', 'OWNER_ASSIGNED', 'helen.moore@northwind-msp.example'],
    ['2026-11-10', 'BREAK_GLASS_USED', 'priya.shah@northwind-msp.example'],
    ['2026-11-10', 'BREAK_GLASS_REVIEWED', 'priya.shah@northwind-msp.example'],
  ]);
  const unreviewed = await h.data(`{ findings(codes: ["BREAK_GLASS_UNREVIEWED"]) { edges { node { entity { id } } } } }`);
  expect(unreviewed.findings.edges.map((e: any) => e.node.entity.id)).toEqual(['identity:bg-fabrikam']);
});
