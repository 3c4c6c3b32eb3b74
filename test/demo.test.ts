/**
 * The demo MSP that `npm start` loads: it must ingest cleanly and show what
 * the issue promises an analyst will find in it.
 */
import { demoCallers, demoExamples, demoGraph } from '../src/demo/demo-graph';
import type { IngestInput } from '../src/generated/graphql';
import { useHarness } from './support/harness';

const h = useHarness();
beforeAll(() => h.resetTo(demoGraph as IngestInput));

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
