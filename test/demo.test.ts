/**
 * The demo MSP that `npm start` loads: it must ingest cleanly and show what
 * the issue promises an analyst will find in it.
 */
import { demoCallers, demoExamples, demoGraph } from '../src/demo/demo-graph';
import { resetToDemo } from './support/demo';
import { useHarness } from './support/harness';

const h = useHarness();
beforeAll(async () => {
  // As npm start loads it: the CSV batch, the GDAP batch, then its audit history through the lifecycle.
  await resetToDemo(h);
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

/**
 * The demo's GDAP export (src/demo/gdap/, demo-graph.ts): Northwind's
 * partner tenant with Litware and Adatum, its users mapped onto the demo's
 * technicians and its customers onto the demo's tenants.
 */
describe("the demo's GDAP export", () => {
  const LITWARE = '4a7b2c10-5e3d-4f1a-9b8c-1d2e3f4a5b61';
  const ADATUM = '8e1f3a20-6c4b-4d2e-a1f3-2b3c4d5e6f72';
  const R_LITWARE = `c2a51e00-1111-4f6a-8e2b-9d0c1b2a3f40-${LITWARE}`;
  const R_ADATUM_2025 = `c2a51e00-3333-4f6a-8e2b-9d0c1b2a3f40-${ADATUM}`;
  const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
  const READERS = '88d8e3e3-8f55-4a1e-953a-9b9898b8876b';
  const SERVICE_DESK = 'team:entra:1f0e2d3c-1111-4a5b-8c6d-7e8f9a0b1c01';
  const EXCHANGE_2025 = 'team:entra:1f0e2d3c-3333-4a5b-8c6d-7e8f9a0b1c03';
  const EMMA = 'identity:entra:d4e5f6a7-0001-4b8c-9d0e-1f2a3b4c5d01';
  const IVAN = 'identity:entra:d4e5f6a7-0003-4b8c-9d0e-1f2a3b4c5d03';
  const HUGO = 'identity:entra:d4e5f6a7-0005-4b8c-9d0e-1f2a3b4c5d05';
  const PATHS = `query($from: ID!, $to: ID!) { accessPaths(from: $from, to: $to, first: 100) { steps { to { id } access { id kind expiresAt revokedAt } } } }`;
  const RADIUS = `query($id: ID!) { blastRadius(from: $id) { tenantCount systemCount tenants { tenant { id } } } }`;
  type Step = { to: { id: string }; access: { id: string; kind: string; expiresAt: string | null; revokedAt: string | null } | null };
  const paths = async (from: string, to: string): Promise<Step[][]> => (await h.data(PATHS, { from, to })).accessPaths.map((p: { steps: Step[] }) => p.steps);
  const radius = async (id: string) => (await h.data(RADIUS, { id })).blastRadius;

  it("gives a technician's blast radius the client tenant their GDAP group's Entra roles reach (Person -> Identity -> Team -> Role -> Tenant), until the relationship's end", async () => {
    expect((await radius('person:emma-silva')).tenants.map((t: any) => t.tenant.id)).toEqual(expect.arrayContaining(['tenant:litware', 'tenant:adatum']));
    // Every path from Emma to Litware through her Entra account, as whole steps: one per role her group holds there.
    const viaEntra = (await paths('person:emma-silva', 'tenant:litware')).filter((steps) => steps[0]?.to.id === EMMA);
    const role = (r: string) => `role:gdap:${LITWARE}:${r}`;
    const end = '2028-03-01T10:00:00.000Z';
    const path = (r: string, assignment: string) => [
      { to: { id: EMMA }, access: { id: 'access:entra:uses:d4e5f6a7-0001-4b8c-9d0e-1f2a3b4c5d01', kind: 'USES', expiresAt: null, revokedAt: null } },
      { to: { id: SERVICE_DESK }, access: { id: `access:entra:member:1f0e2d3c-1111-4a5b-8c6d-7e8f9a0b1c01:d4e5f6a7-0001-4b8c-9d0e-1f2a3b4c5d01`, kind: 'MEMBER_OF', expiresAt: null, revokedAt: null } },
      { to: { id: role(r) }, access: { id: `access:gdap:${R_LITWARE}:${assignment}:${r}`, kind: 'HAS_ROLE', expiresAt: end, revokedAt: null } },
      { to: { id: 'tenant:litware' }, access: { id: `access:gdap:${R_LITWARE}:${r}`, kind: 'GRANTS', expiresAt: end, revokedAt: null } },
    ];
    const key = (steps: Step[]) => steps.map((s) => s.to.id).join(' > ');
    const assignment = 'e9a10000-0000-4000-8000-000000000001';
    expect(viaEntra.sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual([path(HELPDESK, assignment), path(READERS, assignment)].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    // The GDAP group alone reaches exactly the two clients.
    expect((await radius(SERVICE_DESK)).tenants.map((t: any) => t.tenant.id).sort()).toEqual(['tenant:adatum', 'tenant:litware']);
  });

  it('lets a terminated relationship reach nothing (its records kept, revoked) and stops at a disabled account', async () => {
    const nothing = { tenantCount: 0, systemCount: 0, tenants: [] };
    expect({ hugo: await radius(HUGO), group: await radius(EXCHANGE_2025), ivan: await radius(IVAN), emma: (await radius(EMMA)).tenantCount }).toEqual({
      hugo: nothing,
      group: nothing,
      ivan: nothing,
      emma: 2,
    });
    // No path of Hugo's (Exchange Support (2025)) or Ivan's (disabled account) to Adatum runs through their Entra accounts.
    const through = async (person: string, identity: string) => (await paths(person, 'tenant:adatum')).filter((steps) => steps.some((s) => s.to.id === identity)).length;
    expect({ hugo: await through('person:hugo-martin', HUGO), ivan: await through('person:ivan-petrov', IVAN) }).toEqual({ hugo: 0, ivan: 0 });
    const revoked = await h.data(`query($id: ID!) { access(id: $id) { revokedAt expiresAt } }`, { id: `access:gdap:${R_ADATUM_2025}:29232cdf-9323-42fd-ade2-1d097af3e4de` });
    expect(revoked.access).toEqual({ revokedAt: '2026-05-15T12:00:00.000Z', expiresAt: '2026-05-15T12:00:00.000Z' });
  });
});
