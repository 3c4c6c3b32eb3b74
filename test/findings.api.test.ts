/**
 * The findings queries as a client uses them (docs/findings.md): the
 * catalog against domain.md's table, report order, filters, pages, asOf,
 * findingSummary's counts, and the arguments they refuse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CHECKS } from '../src/findings/checks';
import { frameworksOf } from '../src/findings/catalog';
import { grant, graph, identity, named, own, system, unapproved } from './support/fixtures';
import { FINDINGS, pairs, SUMMARY } from './support/findings';
import { failures, iso, useHarness, type Result } from './support/harness';
import { badPageRequests, walkPages } from './support/pages';

const h = useHarness();

const NOW = '2026-06-01T00:00:00Z';
const DOMAIN = path.resolve(__dirname, '..', '..', 'shared', 'spec', 'domain.md');

describe('the catalog', () => {
  /** Rows of domain.md's Findings table: code, severity, "maps to". */
  const table = () => {
    const text = fs.readFileSync(DOMAIN, 'utf8');
    const section = text.slice(text.indexOf('## Findings'), text.indexOf('Framework references'));
    return section
      .split('\n')
      .filter((line) => /^\| [A-Z_]+ \|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .map(([, code, , severity, maps]) => ({ code, severity, maps }));
  };

  it('has one check per row of domain.md\'s Findings table, with its severity and "maps to" cell verbatim', () => {
    const rows = table();
    expect(rows).toHaveLength(18);
    const checks = CHECKS.map((c) => ({ code: c.code, severity: c.severity, maps: c.maps }));
    const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : 1);
    expect([...checks].sort(byCode)).toEqual([...rows].sort(byCode));
  });

  it('expands a "maps to" cell into one framework reference per control, in the cell\'s order', () => {
    expect(frameworksOf('OWASP NHI1; CSF GV.RR-02, PR.AA-01; 800-53 AC-2; CIS 6.2')).toEqual([
      { framework: 'OWASP NHI Top 10 (2025)', control: 'NHI1' },
      { framework: 'NIST CSF 2.0', control: 'GV.RR-02' },
      { framework: 'NIST CSF 2.0', control: 'PR.AA-01' },
      { framework: 'NIST SP 800-53 Rev. 5', control: 'AC-2' },
      { framework: 'CIS Controls v8', control: '6.2' },
    ]);
    expect(() => frameworksOf('ISO 27001 A.9')).toThrow('unknown framework "ISO"');
  });
});

describe('on one graph', () => {
  // ann -USES-> i:ann [owned] -CAN_ACCESS(acc:ann-a1: privileged, standing, recently certified and used)-> sA1 (tA)
  // leaver (departed 2026-03-01) -USES-> i:svc [SERVICE_ACCOUNT, no owner, rotated 2026-02-01]
  //   i:svc -CAN_ACCESS-> sA1; i:svc -CAN_ACCESS(acc:svc-b1: no approver)-> sB1 (tB, terminated 2026-03-01)
  const MIXED = graph({
    people: [named('ann'), named('owner'), { id: 'leaver', name: 'leaver', departedAt: '2026-03-01T00:00:00Z' }],
    tenants: [named('tA'), { id: 'tB', name: 'tB', contractStatus: 'TERMINATED', contractEndedAt: '2026-03-01T00:00:00Z' }],
    systems: [system('sA1', 'tA'), system('sB1', 'tB')],
    identities: [
      identity('i:ann', { lastUsedAt: '2026-05-30T00:00:00Z', credentialRotatedAt: '2026-05-01T00:00:00Z' }),
      identity('i:svc', { identityKind: 'SERVICE_ACCOUNT', lastUsedAt: '2026-05-30T00:00:00Z', credentialRotatedAt: '2026-02-01T00:00:00Z' }),
    ],
    ownerships: [own('owner', 'i:ann')],
    access: [
      grant('acc:ann-uses', 'USES', 'ann', 'i:ann'),
      grant('acc:ann-a1', 'CAN_ACCESS', 'i:ann', 'sA1', { privileged: true, lastCertifiedAt: '2026-05-15T00:00:00Z', lastUsedAt: '2026-05-30T00:00:00Z' }),
      grant('acc:leaver-svc', 'USES', 'leaver', 'i:svc'),
      grant('acc:svc-a1', 'CAN_ACCESS', 'i:svc', 'sA1'),
      unapproved(grant('acc:svc-b1', 'CAN_ACCESS', 'i:svc', 'sB1')),
    ],
  });

  /** Every finding at NOW, in report order: severity, code, subject. */
  const ALL = [
    'DEPARTED_PERSON_ACCESS leaver',
    'TERMINATED_TENANT_REACHABLE tB',
    'HUMAN_USE_OF_NHI i:svc',
    'NHI_CROSS_TENANT_REUSE i:svc',
    'UNAPPROVED_ACCESS acc:svc-b1',
    'STALE_CREDENTIAL i:svc',
    'STANDING_PRIVILEGED_ACCESS acc:ann-a1',
  ];
  const only = (...keep: string[]) => ALL.filter((p) => keep.includes(p));

  beforeAll(() => h.resetTo(MIXED));

  it('lists every finding most severe first, then by code and subject', async () => {
    expect(await pairs(h, {}, NOW)).toEqual(ALL);
  });

  it('filters by code, by severity, and by both', async () => {
    expect({
      codes: await pairs(h, { codes: ['UNAPPROVED_ACCESS', 'STANDING_PRIVILEGED_ACCESS'] }, NOW),
      severities: await pairs(h, { severities: ['CRITICAL', 'MEDIUM'] }, NOW),
      both: await pairs(h, { codes: ['UNAPPROVED_ACCESS', 'STANDING_PRIVILEGED_ACCESS'], severities: ['HIGH'] }, NOW),
      none: await pairs(h, { codes: [] }, NOW),
    }).toEqual({
      codes: only('UNAPPROVED_ACCESS acc:svc-b1', 'STANDING_PRIVILEGED_ACCESS acc:ann-a1'),
      severities: only('DEPARTED_PERSON_ACCESS leaver', 'TERMINATED_TENANT_REACHABLE tB', 'STALE_CREDENTIAL i:svc', 'STANDING_PRIVILEGED_ACCESS acc:ann-a1'),
      both: only('UNAPPROVED_ACCESS acc:svc-b1'),
      none: [],
    });
  });

  it('filters by tenant: the findings whose tenants include it', async () => {
    expect({ tA: await pairs(h, { tenantId: 'tA' }, NOW), tB: await pairs(h, { tenantId: 'tB' }, NOW) }).toEqual({
      // Through i:svc the leaver, the NHI and its credential concern both tenants.
      tA: only('DEPARTED_PERSON_ACCESS leaver', 'HUMAN_USE_OF_NHI i:svc', 'NHI_CROSS_TENANT_REUSE i:svc', 'STALE_CREDENTIAL i:svc', 'STANDING_PRIVILEGED_ACCESS acc:ann-a1'),
      tB: only('DEPARTED_PERSON_ACCESS leaver', 'TERMINATED_TENANT_REACHABLE tB', 'HUMAN_USE_OF_NHI i:svc', 'NHI_CROSS_TENANT_REUSE i:svc', 'UNAPPROVED_ACCESS acc:svc-b1', 'STALE_CREDENTIAL i:svc'),
    });
  });

  it('filters by entity: findings about it, or about an access record from or to it', async () => {
    expect({
      svc: await pairs(h, { entityId: 'i:svc' }, NOW),
      sA1: await pairs(h, { entityId: 'sA1' }, NOW),
      leaver: await pairs(h, { entityId: 'leaver' }, NOW),
      ann: await pairs(h, { entityId: 'ann' }, NOW),
    }).toEqual({
      svc: only('HUMAN_USE_OF_NHI i:svc', 'NHI_CROSS_TENANT_REUSE i:svc', 'UNAPPROVED_ACCESS acc:svc-b1', 'STALE_CREDENTIAL i:svc'),
      sA1: only('STANDING_PRIVILEGED_ACCESS acc:ann-a1'),
      leaver: only('DEPARTED_PERSON_ACCESS leaver'),
      ann: [],
    });
  });

  it('evaluates at asOf: before the departure and the termination, neither they nor the stale credential are findings', async () => {
    expect(await pairs(h, { asOf: '2026-02-14T00:00:00Z' }, NOW)).toEqual([
      'HUMAN_USE_OF_NHI i:svc',
      'NHI_CROSS_TENANT_REUSE i:svc',
      'UNAPPROVED_ACCESS acc:svc-b1',
      // Its certification (2026-05-15) had not happened yet: as of then it was never certified.
      'RECERTIFICATION_OVERDUE acc:ann-a1',
      'STANDING_PRIVILEGED_ACCESS acc:ann-a1',
    ]);
    const [first] = (await h.data(`{ findings(asOf: "2026-02-14T00:00:00Z", first: 1) { edges { node { observedAt } } } }`, {}, NOW)).findings.edges;
    expect(first.node.observedAt).toBe(iso('2026-02-14T00:00:00Z'));
  });

  it('walks every finding two at a time, in the same order, each page with the exact totalCount', async () => {
    const page = async (after: string | null) =>
      (await h.data(`query($after: String) { findings(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code entity { id } access { id } } } } }`, { after }, NOW))
        .findings;
    const { nodes, pages } = await walkPages<any>(page);
    expect(nodes.map((n) => `${n.code} ${n.entity?.id ?? n.access?.id}`)).toEqual(ALL);
    expect(pages).toEqual([
      { totalCount: 7, hasNextPage: true, size: 2 },
      { totalCount: 7, hasNextPage: true, size: 2 },
      { totalCount: 7, hasNextPage: true, size: 2 },
      { totalCount: 7, hasNextPage: false, size: 1 },
    ]);
    // A cursor is a position, not a page number: asking again after it gives the same next page.
    const second = await page((await page(null)).pageInfo.endCursor);
    const again = await page((await page(null)).edges[1].cursor);
    expect(again).toEqual(second);
  });

  it('gives every finding a stable id: CODE:subject', async () => {
    const ids = async () => (await h.data(`{ findings(first: 100) { edges { node { id } } } }`, {}, NOW)).findings.edges.map((e: any) => e.node.id);
    const first = await ids();
    expect(first).toEqual(ALL.map((p) => p.replace(' ', ':')));
    expect(await ids()).toEqual(first);
  });

  it('counts by code, severity and tenant in findingSummary, the same findings findings lists', async () => {
    const { findingSummary } = await h.data(SUMMARY, {}, NOW);
    const counted = Object.fromEntries(findingSummary.byCode.filter((c: any) => c.count > 0).map((c: any) => [c.code, c.count]));
    expect({ ...findingSummary, byCode: counted }).toEqual({
      observedAt: iso(NOW),
      total: 7,
      byCode: {
        DEPARTED_PERSON_ACCESS: 1,
        TERMINATED_TENANT_REACHABLE: 1,
        HUMAN_USE_OF_NHI: 1,
        NHI_CROSS_TENANT_REUSE: 1,
        UNAPPROVED_ACCESS: 1,
        STALE_CREDENTIAL: 1,
        STANDING_PRIVILEGED_ACCESS: 1,
      },
      bySeverity: [
        { severity: 'CRITICAL', count: 2 },
        { severity: 'HIGH', count: 3 },
        { severity: 'MEDIUM', count: 2 },
        { severity: 'LOW', count: 0 },
      ],
      byTenant: [
        {
          tenant: { id: 'tB' },
          count: 6,
          bySeverity: [
            { severity: 'CRITICAL', count: 2 },
            { severity: 'HIGH', count: 3 },
            { severity: 'MEDIUM', count: 1 },
            { severity: 'LOW', count: 0 },
          ],
        },
        {
          tenant: { id: 'tA' },
          count: 5,
          bySeverity: [
            { severity: 'CRITICAL', count: 1 },
            { severity: 'HIGH', count: 2 },
            { severity: 'MEDIUM', count: 2 },
            { severity: 'LOW', count: 0 },
          ],
        },
      ],
    });
    // Every code has a row, zero or not, in report order, with its title and severity.
    expect(findingSummary.byCode.map((c: any) => [c.code, c.severity, c.title])).toEqual(CHECKS.map((c) => [c.code, c.severity, c.title]));
  });

  it('restricts findingSummary to one tenant\'s findings, and agrees with findings(tenantId:)', async () => {
    const { findingSummary } = await h.data(SUMMARY, { tenantId: 'tA' }, NOW);
    const listed = await h.data(`{ findings(tenantId: "tA") { totalCount } }`, {}, NOW);
    expect({ total: findingSummary.total, byTenant: findingSummary.byTenant.map((t: any) => [t.tenant.id, t.count]), listed: listed.findings.totalCount }).toEqual({
      total: 5,
      byTenant: [['tA', 5]],
      listed: 5,
    });
  });

  it('refuses bad arguments, naming each', async () => {
    const ask = (args: Record<string, unknown>) => h.run(FINDINGS, { first: 10, ...args }, NOW);
    const summary = (args: Record<string, unknown>) => h.run(SUMMARY, args, NOW);
    const answers: [string, Result][] = [
      ['unknown code', await ask({ codes: ['STANDING_PRIVILEGED_ACCESS', 'NOPE'] })],
      ['unknown tenant', await ask({ tenantId: 'nope' })],
      ['a system as tenant', await ask({ tenantId: 'sA1' })],
      ['unknown entity', await ask({ entityId: 'nope' })],
      ['bad asOf', await ask({ asOf: 'yesterday' })],
      ['unknown severity', await ask({ severities: ['URGENT'] })],
      ['summary: unknown tenant', await summary({ tenantId: 'nope' })],
      ['summary: a system as tenant', await summary({ tenantId: 'sA1' })],
      ['summary: bad asOf', await summary({ asOf: '2026-02-30T00:00:00Z' })],
    ];
    expect(answers.map(([what, r]) => [what, r.data ?? null, failures(r)])).toEqual([
      ['unknown code', null, [{ code: 'BAD_USER_INPUT', argument: 'codes' }]],
      ['unknown tenant', null, [{ code: 'NOT_FOUND', argument: 'tenantId' }]],
      ['a system as tenant', null, [{ code: 'BAD_USER_INPUT', argument: 'tenantId' }]],
      ['unknown entity', null, [{ code: 'NOT_FOUND', argument: 'entityId' }]],
      ['bad asOf', null, [{ code: 'BAD_USER_INPUT', argument: 'asOf' }]],
      ['unknown severity', null, [{ code: 'BAD_USER_INPUT', argument: undefined }]],
      ['summary: unknown tenant', null, [{ code: 'NOT_FOUND', argument: 'tenantId' }]],
      ['summary: a system as tenant', null, [{ code: 'BAD_USER_INPUT', argument: 'tenantId' }]],
      ['summary: bad asOf', null, [{ code: 'BAD_USER_INPUT', argument: 'asOf' }]],
    ]);
    expect(answers[0][1].errors![0].message).toBe(
      `codes: unknown finding code "NOPE"; the codes are ${CHECKS.map((c) => c.code).join(', ')}`,
    );
  });

  it('refuses pages it cannot serve: a foreign cursor, first 0, first 1001', async () => {
    const page = `query($first: Int, $after: String) { findings(first: $first, after: $after) { totalCount } }`;
    const [foreign, zero, tooMany] = await badPageRequests((args) => h.run(page, args, NOW), 'bm90LW91cnM');
    expect([failures(foreign), failures(zero), failures(tooMany)]).toEqual([
      [{ code: 'BAD_USER_INPUT', argument: 'after' }],
      [{ code: 'BAD_USER_INPUT', argument: 'first' }],
      [{ code: 'BAD_USER_INPUT', argument: 'first' }],
    ]);
  });
});
