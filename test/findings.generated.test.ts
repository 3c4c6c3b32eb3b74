/**
 * The reach findings on the synthetic MSP (small scale), checked against the
 * reach queries themselves: the report runs its own searches (one pass per
 * check on a reused workspace), so every identity and tool is asked
 * blastRadius and whoCanReach one by one, and the two must agree on who is
 * pooled, reused across tenants, mixing environments or over the tenant limit.
 */
import { SYSTEM_VIEWER } from '../src/core/viewer';
import { bulkLoad } from '../src/bench/bulk';
import { GENERATOR_EPOCH, generate } from '../src/bench/generate';
import { useHarness } from './support/harness';

const h = useHarness();
const small = generate('small', 1);
const AS_OF = GENERATOR_EPOCH;
const NON_HUMAN = new Set(['SERVICE_ACCOUNT', 'API_KEY', 'AUTOMATION']);

const REACH = `query($id: ID!, $asOf: DateTime) {
  blastRadius(from: $id, asOf: $asOf) { tenantCount tenants { tenant { id } systemCount } systems(first: 1000) { totalCount edges { node { system { environment } } } } }
  whoCanReach(target: $id, asOf: $asOf) { peopleCount }
}`;

/** Finding subjects of some codes, as "CODE subject", sorted. */
async function subjects(codes: string[]): Promise<string[]> {
  const data = await h.data(`query($codes: [String!], $asOf: DateTime) { findings(codes: $codes, asOf: $asOf, first: 1000) { totalCount edges { node { code entity { id } access { id } } } } }`, {
    codes,
    asOf: AS_OF,
  });
  expect(data.findings.totalCount).toBe(data.findings.edges.length);
  return data.findings.edges.map(({ node }: any) => `${node.code} ${node.entity?.id ?? node.access?.id}`).sort();
}

beforeAll(async () => {
  await h.reset();
  await bulkLoad(h.exec, SYSTEM_VIEWER, small, { now: '2026-11-27T12:00:00Z', batchSize: 3_000 });
}, 300_000);

it('agrees with blastRadius and whoCanReach on every identity and tool', async () => {
  const expected: string[] = [];
  const candidates = [...small.identities!.map((i) => ({ id: i.id, kind: i.identityKind as string })), ...small.tools!.map((t) => ({ id: t.id, kind: 'TOOL' }))];
  for (const { id, kind } of candidates) {
    const { blastRadius, whoCanReach } = await h.data(REACH, { id, asOf: AS_OF });
    expect(blastRadius.systems.totalCount).toBe(blastRadius.systems.edges.length);
    const systemTenants = blastRadius.tenants.filter((t: any) => t.systemCount > 0).length;
    const environments = new Set(blastRadius.systems.edges.map((e: any) => e.node.system.environment));
    if (blastRadius.tenantCount > 10) expected.push(`EXCESSIVE_BLAST_RADIUS ${id}`);
    if (kind === 'TOOL') continue;
    if (whoCanReach.peopleCount >= 2 && systemTenants >= 2) expected.push(`POOLED_ADMIN_ACCOUNT ${id}`);
    if (NON_HUMAN.has(kind) && systemTenants >= 2) expected.push(`NHI_CROSS_TENANT_REUSE ${id}`);
    if (environments.size === 2) expected.push(`ENVIRONMENT_MIXING ${id}`);
  }
  const found = await subjects(['EXCESSIVE_BLAST_RADIUS', 'POOLED_ADMIN_ACCOUNT', 'NHI_CROSS_TENANT_REUSE', 'ENVIRONMENT_MIXING']);
  expect(found).toEqual(expected.sort());
  // Not vacuous: the small MSP has each of them.
  expect(new Set(found.map((f) => f.split(' ')[0])).size).toBe(4);
}, 120_000);

it('agrees with whoCanReach on which terminated tenants people still reach', async () => {
  const expected: string[] = [];
  for (const t of small.tenants!.filter((t) => t.contractStatus === 'TERMINATED')) {
    const { whoCanReach } = await h.data(`query($id: ID!, $asOf: DateTime) { whoCanReach(target: $id, asOf: $asOf) { peopleCount } }`, { id: t.id, asOf: AS_OF });
    const ended = t.contractEndedAt ? Date.parse(t.contractEndedAt) : -Infinity;
    if (whoCanReach.peopleCount > 0 && ended <= Date.parse(AS_OF)) expected.push(`TERMINATED_TENANT_REACHABLE ${t.id}`);
  }
  expect(expected.length).toBeGreaterThan(0);
  expect(await subjects(['TERMINATED_TENANT_REACHABLE'])).toEqual(expected.sort());
});

it('raises UNOWNED_PRIVILEGED_PATH only on gaps unaccountablePaths lists', async () => {
  const report = await h.data(`query($asOf: DateTime) { unaccountablePaths(asOf: $asOf, first: 1000) { totalCount edges { node { entity { id } access { id } } } } }`, { asOf: AS_OF });
  expect(report.unaccountablePaths.totalCount).toBeLessThanOrEqual(1000);
  const gaps = new Set(report.unaccountablePaths.edges.map(({ node }: any) => node.entity?.id ?? node.access?.id));
  const unowned = (await subjects(['UNOWNED_PRIVILEGED_PATH'])).map((s) => s.split(' ')[1]);
  expect(unowned.length).toBeGreaterThan(0);
  expect(unowned.filter((s) => !gaps.has(s))).toEqual([]);
});

it('counts in findingSummary exactly the findings findings lists, per code and per tenant', async () => {
  const { findingSummary: summary } = await h.data(
    `query($asOf: DateTime) { findingSummary(asOf: $asOf) { total byCode { code count } bySeverity { count } byTenant { tenant { id } count } } }`,
    { asOf: AS_OF },
  );
  const byCode: Record<string, number> = {};
  for (const { code, count } of summary.byCode) byCode[code] = (await h.data(`query($c: [String!], $asOf: DateTime) { findings(codes: $c, asOf: $asOf, first: 1) { totalCount } }`, { c: [code], asOf: AS_OF })).findings.totalCount - count;
  const t3 = summary.byTenant.find((t: any) => t.tenant.id === 't3');
  const t3Listed = (await h.data(`query($asOf: DateTime) { findings(tenantId: "t3", asOf: $asOf, first: 1) { totalCount } }`, { asOf: AS_OF })).findings.totalCount;
  expect({
    differences: Object.values(byCode).filter((d) => d !== 0),
    sums: [summary.byCode.reduce((s: number, c: any) => s + c.count, 0), summary.bySeverity.reduce((s: number, c: any) => s + c.count, 0)],
    t3: t3.count,
  }).toEqual({ differences: [], sums: [summary.total, summary.total], t3: t3Listed });
  expect(summary.total).toBeGreaterThan(1000);
});
