/**
 * Findings inside a narrowed scope (docs/findings.md, Scope): a tenant
 * auditor's findings are computed on the graph they may see, so they hold
 * no other client's id, name or count, and facts about other clients
 * (cross-tenant reuse, pooled accounts, a blast radius over many tenants)
 * are not findings for them at all.
 */
import type { Principal } from '../src/core/viewer';
import { grant, graph, identity, named, own, system, tool, unapproved } from './support/fixtures';
import { FINDING_FIELDS, pairs } from './support/findings';
import { failures, useHarness } from './support/harness';

const h = useHarness();

const NOW = '2026-06-01T00:00:00Z';
const AUDITOR: Principal = { id: 'auditor', role: 'TENANT_AUDITOR', tenantId: 'tenant:acme', credential: 'jwt' };
const OWNER: Principal = { id: 'owner-token', role: 'OWNER', personId: 'owner', credential: 'jwt' };
const OTHERS = Array.from({ length: 9 }, (_, i) => `tenant:other-0${i + 1}`);

// ann -USES-> i:svc (SERVICE_ACCOUNT) -CAN_ACCESS-> system:acme-dc, system:beta-dc
// team:noc (bob, carl) -USES-> i:pool -CAN_ACCESS-> tenant:acme, tenant:beta
// leaver (departed) -USES-> i:b-only -CAN_ACCESS-> system:beta-dc        (nothing of it reaches Acme)
// i:home-b (homed at Beta, rotated long ago) -CAN_ACCESS(acc:homeb-a1: no approver)-> system:acme-dc
// tool:rmm -CAN_ACCESS-> tenant:acme, tenant:beta, tenant:other-01..09     (11 tenants)
// i:bg-acme (owned by owner) -CAN_ACCESS-> tenant:acme; i:bg-beta (no owner) -CAN_ACCESS-> tenant:beta
// Beta's contract ended 2026-03-01. Break-glass uses: i:bg-acme by outsider, i:bg-beta by leaver, neither reviewed.
const SCOPED = graph({
  people: [...['ann', 'bob', 'carl', 'owner', 'outsider'].map(named), { id: 'leaver', name: 'Leaver', departedAt: '2026-03-01T00:00:00Z' }],
  teams: [named('team:noc')],
  tenants: [
    { id: 'tenant:acme', name: 'Acme' },
    { id: 'tenant:beta', name: 'Beta Bank', contractStatus: 'TERMINATED', contractEndedAt: '2026-03-01T00:00:00Z' },
    ...OTHERS.map((id, i) => ({ id, name: `Other 0${i + 1}` })),
  ],
  systems: [
    { id: 'system:acme-dc', name: 'Acme DC', tenantId: 'tenant:acme' },
    { id: 'system:beta-dc', name: 'Beta DC', tenantId: 'tenant:beta' },
    ...OTHERS.map((t) => system(`system:${t.slice(7)}`, t)),
  ],
  tools: [tool('tool:rmm')],
  identities: [
    identity('i:svc', { identityKind: 'SERVICE_ACCOUNT' }),
    identity('i:pool', { identityKind: 'SHARED_ADMIN' }),
    identity('i:b-only', { tenantId: 'tenant:beta' }),
    identity('i:home-b', { identityKind: 'SERVICE_ACCOUNT', tenantId: 'tenant:beta', credentialRotatedAt: '2025-01-01T00:00:00Z' }),
    identity('i:bg-acme', { identityKind: 'BREAK_GLASS', tenantId: 'tenant:acme' }),
    identity('i:bg-beta', { identityKind: 'BREAK_GLASS', tenantId: 'tenant:beta' }),
  ],
  ownerships: [own('owner', 'i:bg-acme'), own('owner', 'i:svc'), own('owner', 'i:pool'), own('owner', 'i:home-b'), own('owner', 'tool:rmm')],
  access: [
    grant('acc:ann-svc', 'USES', 'ann', 'i:svc'),
    grant('acc:svc-acme', 'CAN_ACCESS', 'i:svc', 'system:acme-dc'),
    grant('acc:svc-beta', 'CAN_ACCESS', 'i:svc', 'system:beta-dc'),
    grant('acc:bob-noc', 'MEMBER_OF', 'bob', 'team:noc'),
    grant('acc:carl-noc', 'MEMBER_OF', 'carl', 'team:noc'),
    grant('acc:noc-pool', 'USES', 'team:noc', 'i:pool'),
    grant('acc:pool-acme', 'CAN_ACCESS', 'i:pool', 'tenant:acme'),
    grant('acc:pool-beta', 'CAN_ACCESS', 'i:pool', 'tenant:beta'),
    grant('acc:leaver-b', 'USES', 'leaver', 'i:b-only'),
    grant('acc:b-only-beta', 'CAN_ACCESS', 'i:b-only', 'system:beta-dc'),
    unapproved(grant('acc:homeb-a1', 'CAN_ACCESS', 'i:home-b', 'system:acme-dc')),
    ...['tenant:acme', 'tenant:beta', ...OTHERS].map((t) => grant(`acc:rmm-${t.slice(7)}`, 'CAN_ACCESS', 'tool:rmm', t)),
    grant('acc:bg-acme', 'CAN_ACCESS', 'i:bg-acme', 'tenant:acme'),
    grant('acc:bg-beta', 'CAN_ACCESS', 'i:bg-beta', 'tenant:beta'),
  ],
});

/** Everything of another client that must never reach Acme's auditor: ids, names, the leaver. */
const FOREIGN = ['tenant:beta', 'Beta Bank', 'system:beta', 'Beta DC', 'tenant:other', 'Other 0', 'leaver', 'Leaver', 'i:b-only', 'i:bg-beta', 'outsider'];

/** All a client can ask of findings, every name and id included. */
const EVERYTHING = `query($tenantId: ID) {
  all: findings(first: 10) { totalCount edges { cursor node {
    ${FINDING_FIELDS}
    tenants { id name } tenant { id name }
    entity { id name ... on Identity { tenant { id name } owners { owner { id name } } } }
    records { id from { id name } to { id name } approvedBy { id } }
    evidence { steps { from { id name } to { id name } } }
    breakGlassUse { id person { id name } reviewedBy { id } reason }
  } } }
  acme: findings(tenantId: $tenantId, first: 10) { totalCount edges { node { id detail } } }
  findingSummary { total byCode { code count } bySeverity { severity count } byTenant { tenant { id name } count } }
}`;

beforeAll(async () => {
  await h.resetTo(SCOPED);
  await h.driver.executeQuery(
    `UNWIND $uses AS u CREATE (:BreakGlassUse {id: u.id, identityId: u.identityId, personId: u.personId, at: datetime(u.at), reason: 'outage', reviewedAt: null, reviewedBy: null, reviewNotes: null})`,
    {
      uses: [
        { id: 'use-acme', identityId: 'i:bg-acme', personId: 'outsider', at: '2026-05-01T00:00:00Z' },
        { id: 'use-beta', identityId: 'i:bg-beta', personId: 'leaver', at: '2026-05-01T00:00:00Z' },
      ],
    },
  );
});

it('raises, for an analyst, findings about every client, including facts that span clients', async () => {
  expect(await pairs(h, {}, NOW)).toEqual([
    'DEPARTED_PERSON_ACCESS leaver',
    'POOLED_ADMIN_ACCOUNT i:pool',
    'TERMINATED_TENANT_REACHABLE tenant:beta',
    'BREAK_GLASS_NO_OWNER i:bg-beta',
    'BREAK_GLASS_UNREVIEWED i:bg-acme',
    'BREAK_GLASS_UNREVIEWED i:bg-beta',
    'EXCESSIVE_BLAST_RADIUS tool:rmm',
    'HUMAN_USE_OF_NHI i:svc',
    'NHI_CROSS_TENANT_REUSE i:svc',
    'UNAPPROVED_ACCESS acc:homeb-a1',
    // The leaver's own account, still enabled and never rotated since they left.
    'STALE_CREDENTIAL i:b-only',
    'STALE_CREDENTIAL i:home-b',
  ]);
});

it('raises, for a tenant auditor, only findings computed inside their tenant: no cross-tenant reuse, pooling or many-tenant blast radius', async () => {
  expect(await pairs(h, {}, NOW, AUDITOR)).toEqual([
    'BREAK_GLASS_UNREVIEWED i:bg-acme',
    'HUMAN_USE_OF_NHI i:svc',
    'UNAPPROVED_ACCESS acc:homeb-a1',
    'STALE_CREDENTIAL i:home-b',
  ]);
});

it('shows a tenant auditor no other tenant\'s id, name or count anywhere in findings or findingSummary', async () => {
  const answer = await h.runAs(AUDITOR, EVERYTHING, { tenantId: 'tenant:acme' }, NOW);
  expect(answer.errors).toBeUndefined();
  const text = JSON.stringify(answer.data);
  expect(FOREIGN.filter((word) => text.includes(word))).toEqual([]);
  const { all, acme, findingSummary } = answer.data;
  // Every tenant named is Acme, every count counts Acme's findings alone.
  expect({
    tenants: [...new Set(all.edges.flatMap((e: any) => e.node.tenants.map((t: any) => t.id)))],
    homeTenants: all.edges.map((e: any) => e.node.entity?.tenant?.id ?? null),
    totals: [all.totalCount, acme.totalCount],
    summary: { ...findingSummary, byCode: findingSummary.byCode.filter((c: any) => c.count > 0) },
  }).toEqual({
    tenants: ['tenant:acme'],
    // i:home-b is homed at Beta, which is out of scope: its tenant reads null, like no tenant at all.
    homeTenants: ['tenant:acme', null, null, null],
    totals: [4, 4],
    summary: {
      total: 4,
      byCode: [
        { code: 'BREAK_GLASS_UNREVIEWED', count: 1 },
        { code: 'HUMAN_USE_OF_NHI', count: 1 },
        { code: 'UNAPPROVED_ACCESS', count: 1 },
        { code: 'STALE_CREDENTIAL', count: 1 },
      ],
      bySeverity: [
        { severity: 'CRITICAL', count: 0 },
        { severity: 'HIGH', count: 3 },
        { severity: 'MEDIUM', count: 1 },
        { severity: 'LOW', count: 0 },
      ],
      byTenant: [{ tenant: { id: 'tenant:acme', name: 'Acme' }, count: 4 }],
    },
  });
  // The break-glass use is evidence without its user, who is outside Acme's scope.
  const use = all.edges.find((e: any) => e.node.code === 'BREAK_GLASS_UNREVIEWED').node;
  expect({ person: use.breakGlassUse.person, detail: use.detail }).toEqual({
    person: null,
    detail: 'Used 2026-05-01T00:00:00.000Z; not reviewed (due within 24 hours, by 2026-05-02T00:00:00.000Z).',
  });
});

it('refuses another tenant as tenantId for an auditor exactly as an id that does not exist', async () => {
  const ask = (tenantId: string) => h.runAs(AUDITOR, `query($t: ID) { findings(tenantId: $t) { totalCount } findingSummary(tenantId: $t) { total } }`, { t: tenantId }, NOW);
  const [hidden, missing] = [await ask('tenant:beta'), await ask('tenant:nope')];
  expect({ hidden: failures(hidden), messages: hidden.errors!.map((e) => e.message.replace('tenant:beta', 'X')) }).toEqual({
    hidden: failures(missing),
    messages: missing.errors!.map((e) => e.message.replace('tenant:nope', 'X')),
  });
});

it('raises, for an owner, the findings about what they own and what reaches it', async () => {
  // owner owns i:svc, i:pool, i:home-b, i:bg-acme and tool:rmm: their reach and exposure are in scope, the leaver's account is not.
  expect(await pairs(h, {}, NOW, OWNER)).toEqual([
    'POOLED_ADMIN_ACCOUNT i:pool',
    'TERMINATED_TENANT_REACHABLE tenant:beta',
    'BREAK_GLASS_UNREVIEWED i:bg-acme',
    'EXCESSIVE_BLAST_RADIUS tool:rmm',
    'HUMAN_USE_OF_NHI i:svc',
    'NHI_CROSS_TENANT_REUSE i:svc',
    'UNAPPROVED_ACCESS acc:homeb-a1',
    'STALE_CREDENTIAL i:home-b',
  ]);
});
