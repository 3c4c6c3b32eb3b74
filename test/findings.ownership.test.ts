/**
 * Findings about who answers for an entity, break-glass accounts and
 * credentials (docs/findings.md): owners departed, committee owners,
 * break-glass accounts without an accountable owner or with unreviewed uses,
 * and stale credentials (old, or not rotated since a user left). Break-glass
 * uses are written as the lifecycle stores them (BreakGlassUse nodes).
 */
import { grant, graph, identity, named, own, role, system, tool } from './support/fixtures';
import { findings, FINDING_FIELDS, pairs } from './support/findings';
import { iso, useHarness } from './support/harness';

const h = useHarness();

const NOW = '2026-06-01T00:00:00Z';
const daysBefore = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();

interface Use {
  id: string;
  identityId: string;
  personId: string;
  at: string;
  reviewedAt?: string;
  reviewedBy?: string;
}

/** Writes break-glass uses as the lifecycle's BreakGlassUse nodes (instants as DateTime). */
async function recordUses(uses: Use[]): Promise<void> {
  await h.driver.executeQuery(
    `UNWIND $uses AS u
     CREATE (:BreakGlassUse {id: u.id, identityId: u.identityId, personId: u.personId, at: datetime(u.at), reason: 'outage',
             reviewedAt: CASE WHEN u.reviewedAt IS NULL THEN null ELSE datetime(u.reviewedAt) END, reviewedBy: u.reviewedBy, reviewNotes: null})`,
    { uses: uses.map((u) => ({ reviewedAt: null, reviewedBy: null, ...u })) },
  );
}

describe('owners and break-glass accounts', () => {
  // Owners: owner (active), gone (departed 2026-02-01), leaving (departs 2026-12-01), team:cab (a committee).
  const OWNERS = graph({
    people: [
      named('owner'),
      named('user'),
      { id: 'gone', name: 'gone', departedAt: '2026-02-01T00:00:00Z' },
      { id: 'leaving', name: 'leaving', departedAt: '2026-12-01T00:00:00Z' },
    ],
    teams: [named('team:cab')],
    tenants: [named('tA')],
    systems: [system('sA1', 'tA')],
    tools: [tool('tool:mixed')],
    roles: [role('role:leaving')],
    identities: [
      identity('i:gone-owned'),
      identity('i:gone-and-team'),
      identity('i:cab-owned'),
      identity('i:cab-and-owner'),
      identity('i:nobody'),
      identity('i:bg-none', { identityKind: 'BREAK_GLASS', enabled: false, tenantId: 'tA' }),
      identity('i:bg-team', { identityKind: 'BREAK_GLASS', tenantId: 'tA' }),
      identity('i:bg-gone', { identityKind: 'BREAK_GLASS', tenantId: 'tA' }),
      identity('i:bg-owned', { identityKind: 'BREAK_GLASS', tenantId: 'tA' }),
      identity('i:notbg'),
    ],
    ownerships: [
      own('gone', 'i:gone-owned'),
      own('gone', 'i:gone-and-team'),
      own('team:cab', 'i:gone-and-team'),
      own('gone', 'tool:mixed'),
      own('owner', 'tool:mixed'),
      own('leaving', 'role:leaving'),
      own('team:cab', 'i:cab-owned'),
      own('team:cab', 'i:cab-and-owner'),
      own('owner', 'i:cab-and-owner'),
      own('team:cab', 'i:bg-team'),
      own('gone', 'i:bg-gone'),
      own('owner', 'i:bg-owned'),
      own('owner', 'i:notbg'),
    ],
    access: [grant('acc:gone-owned-sA1', 'CAN_ACCESS', 'i:gone-owned', 'sA1'), grant('acc:bg-owned-tA', 'CAN_ACCESS', 'i:bg-owned', 'tA')],
  });

  beforeAll(async () => {
    await h.resetTo(OWNERS);
    await recordUses([
      { id: 'u1', identityId: 'i:bg-owned', personId: 'user', at: '2026-05-01T00:00:00Z' },
      { id: 'u2', identityId: 'i:bg-owned', personId: 'user', at: '2026-05-10T00:00:00Z', reviewedAt: '2026-05-10T20:00:00Z', reviewedBy: 'owner' },
      { id: 'u3', identityId: 'i:bg-owned', personId: 'user', at: '2026-05-15T00:00:00Z', reviewedAt: '2026-05-17T00:00:00Z', reviewedBy: 'owner' },
      { id: 'u4', identityId: 'i:bg-owned', personId: 'user', at: '2026-05-31T12:00:00Z' },
      { id: 'u5', identityId: 'i:notbg', personId: 'user', at: '2026-05-01T00:00:00Z' },
      { id: 'u6', identityId: 'i:bg-owned', personId: 'user', at: '2026-05-01T06:00:00Z', reviewedAt: '2026-07-01T00:00:00Z', reviewedBy: 'owner' },
      { id: 'u7', identityId: 'i:bg-owned', personId: 'user', at: '2026-05-20T00:00:00Z', reviewedAt: '2026-05-21T00:00:00Z', reviewedBy: 'owner' },
    ]);
  });

  it('raises OWNER_DEPARTED when every person owner has departed, team owners or not, and not while one is still active or serving notice', async () => {
    expect(await pairs(h, { codes: ['OWNER_DEPARTED'] }, NOW)).toEqual([
      'OWNER_DEPARTED i:bg-gone',
      'OWNER_DEPARTED i:gone-and-team',
      'OWNER_DEPARTED i:gone-owned',
    ]);
    expect(await pairs(h, { codes: ['OWNER_DEPARTED'], asOf: '2027-01-01T00:00:00Z' }, NOW)).toEqual([
      'OWNER_DEPARTED i:bg-gone',
      'OWNER_DEPARTED i:gone-and-team',
      'OWNER_DEPARTED i:gone-owned',
      'OWNER_DEPARTED role:leaving',
    ]);
  });

  it('describes an entity whose owner left whole: no path as evidence, the departure as since', async () => {
    expect(await findings(h, { codes: ['OWNER_DEPARTED'], entityId: 'i:gone-owned' }, NOW)).toEqual([
      {
        id: 'OWNER_DEPARTED:i:gone-owned',
        code: 'OWNER_DEPARTED',
        title: 'Every owner has departed',
        severity: 'HIGH',
        entity: 'i:gone-owned',
        access: null,
        tenant: 'tA',
        tenants: ['tA'],
        frameworks: [
          { framework: 'OWASP NHI Top 10 (2025)', control: 'NHI1' },
          { framework: 'NIST CSF 2.0', control: 'GV.RR-04' },
        ],
        evidence: [],
        records: [],
        detail: 'Every person who owns it has departed, the last on 2026-02-01T00:00:00.000Z; team owners, if any, do not count.',
        observedAt: iso(NOW),
        since: iso('2026-02-01T00:00:00Z'),
      },
    ]);
  });

  it('raises COMMITTEE_OWNER for entities owned only by teams, not those a person also owns or nobody owns', async () => {
    expect(await pairs(h, { codes: ['COMMITTEE_OWNER'] }, NOW)).toEqual(['COMMITTEE_OWNER i:bg-team', 'COMMITTEE_OWNER i:cab-owned']);
  });

  it('raises BREAK_GLASS_NO_OWNER for break-glass accounts with any accountability gap, disabled ones included, under their home tenant', async () => {
    expect(await pairs(h, { codes: ['BREAK_GLASS_NO_OWNER'] }, NOW)).toEqual([
      'BREAK_GLASS_NO_OWNER i:bg-gone',
      'BREAK_GLASS_NO_OWNER i:bg-none',
      'BREAK_GLASS_NO_OWNER i:bg-team',
    ]);
    const [none] = await findings(h, { codes: ['BREAK_GLASS_NO_OWNER'], entityId: 'i:bg-none' }, NOW);
    expect({ tenant: none.tenant, tenants: none.tenants, detail: none.detail, frameworks: none.frameworks, severity: none.severity }).toEqual({
      tenant: 'tA',
      tenants: ['tA'],
      detail: 'A break-glass account without an accountable owner: nobody owns it (NO_OWNER).',
      frameworks: [
        { framework: 'NIST CSF 2.0', control: 'PR.AA-03' },
        { framework: 'NIST CSF 2.0', control: 'GV.RR-02' },
      ],
      severity: 'HIGH',
    });
  });

  const UNREVIEWED = `query($asOf: DateTime) {
    findings(codes: ["BREAK_GLASS_UNREVIEWED"], asOf: $asOf) { totalCount edges { node {
      ${FINDING_FIELDS}
      breakGlassUse { id person { id } at reason reviewedAt reviewedBy { id } reviewDueAt }
    } } }
  }`;

  it('raises BREAK_GLASS_UNREVIEWED per use of a break-glass account whose 24-hour window closed without a review in it', async () => {
    const data = await h.data(UNREVIEWED, {}, NOW);
    expect(data.findings.edges.map(({ node }: any) => ({ id: node.id, entity: node.entity.id, since: node.since, use: node.breakGlassUse }))).toEqual([
      {
        id: 'BREAK_GLASS_UNREVIEWED:i:bg-owned:u1',
        entity: 'i:bg-owned',
        since: iso('2026-05-02T00:00:00Z'),
        use: { id: 'u1', person: { id: 'user' }, at: iso('2026-05-01T00:00:00Z'), reason: 'outage', reviewedAt: null, reviewedBy: null, reviewDueAt: iso('2026-05-02T00:00:00Z') },
      },
      {
        id: 'BREAK_GLASS_UNREVIEWED:i:bg-owned:u3',
        entity: 'i:bg-owned',
        since: iso('2026-05-16T00:00:00Z'),
        use: {
          id: 'u3',
          person: { id: 'user' },
          at: iso('2026-05-15T00:00:00Z'),
          reason: 'outage',
          reviewedAt: iso('2026-05-17T00:00:00Z'),
          reviewedBy: { id: 'owner' },
          reviewDueAt: iso('2026-05-16T00:00:00Z'),
        },
      },
      {
        // Reviewed only after the finding's observedAt: not reviewed as of then.
        id: 'BREAK_GLASS_UNREVIEWED:i:bg-owned:u6',
        entity: 'i:bg-owned',
        since: iso('2026-05-02T06:00:00Z'),
        use: { id: 'u6', person: { id: 'user' }, at: iso('2026-05-01T06:00:00Z'), reason: 'outage', reviewedAt: null, reviewedBy: null, reviewDueAt: iso('2026-05-02T06:00:00Z') },
      },
    ]);
    expect(data.findings.edges.map(({ node }: any) => node.detail)).toEqual([
      'Used by user 2026-05-01T00:00:00.000Z; not reviewed (due within 24 hours, by 2026-05-02T00:00:00.000Z).',
      'Used by user 2026-05-15T00:00:00.000Z; reviewed late, 2026-05-17T00:00:00.000Z (due within 24 hours, by 2026-05-16T00:00:00.000Z).',
      'Used by user 2026-05-01T06:00:00.000Z; not reviewed (due within 24 hours, by 2026-05-02T06:00:00.000Z).',
    ]);
  });

  it('raises a use whose window was still open once the window has closed, and keeps a late review as late', async () => {
    const later = await h.data(UNREVIEWED, { asOf: '2026-07-02T00:00:00Z' }, NOW);
    expect(later.findings.edges.map(({ node }: any) => [node.id, node.breakGlassUse.reviewedAt])).toEqual([
      ['BREAK_GLASS_UNREVIEWED:i:bg-owned:u1', null],
      ['BREAK_GLASS_UNREVIEWED:i:bg-owned:u3', iso('2026-05-17T00:00:00Z')],
      ['BREAK_GLASS_UNREVIEWED:i:bg-owned:u4', null],
      ['BREAK_GLASS_UNREVIEWED:i:bg-owned:u6', iso('2026-07-01T00:00:00Z')],
    ]);
    // Before any use, nothing.
    expect((await h.data(UNREVIEWED, { asOf: '2026-04-01T00:00:00Z' }, NOW)).findings.totalCount).toBe(0);
  });

  it('reads the uses the lifecycle mutations record, and drops one once it is reviewed in time', async () => {
    const listed = async () => (await h.data(UNREVIEWED, {}, NOW)).findings.edges.map(({ node }: any) => node.id);
    const used = await h.data(
      `mutation { recordBreakGlassUse(identityId: "i:bg-owned", personId: "user", at: "2026-05-30T00:00:00Z", reason: "storage outage") { use { id } } }`,
      {},
      '2026-05-30T01:00:00Z',
    );
    const id = used.recordBreakGlassUse.use.id;
    const before = ['u1', 'u3', 'u6'].map((u) => `BREAK_GLASS_UNREVIEWED:i:bg-owned:${u}`);
    // By NOW its window (until 2026-05-31) has closed unreviewed; use ids sort as strings.
    expect(await listed()).toEqual([...before, `BREAK_GLASS_UNREVIEWED:i:bg-owned:${id}`].sort());
    await h.data(`mutation($id: ID!) { reviewBreakGlassUse(useId: $id, reviewerId: "owner", notes: "checked") { use { reviewedAt } } }`, { id }, '2026-05-30T12:00:00Z');
    expect(await listed()).toEqual(before);
  });
});

describe('stale credentials', () => {
  // quit departs 2026-05-15 (its USES revoked then); quit2 departs 2026-05-20 (its team membership revoked then).
  const STALE = graph({
    people: [
      named('active'),
      { id: 'quit', name: 'quit', departedAt: '2026-05-15T00:00:00Z' },
      { id: 'quit2', name: 'quit2', departedAt: '2026-05-20T00:00:00Z' },
    ],
    teams: [named('team:ops')],
    identities: [
      identity('i:old', { credentialRotatedAt: '2026-03-01T00:00:00Z' }),
      identity('i:exact', { credentialRotatedAt: daysBefore(90) }),
      identity('i:ok', { credentialRotatedAt: daysBefore(89) }),
      identity('i:unknown'),
      identity('i:disabled-old', { enabled: false, credentialRotatedAt: '2025-01-01T00:00:00Z' }),
      identity('i:left', { identityKind: 'SHARED_ADMIN', credentialRotatedAt: '2026-05-01T00:00:00Z' }),
      identity('i:left-rotated', { identityKind: 'SHARED_ADMIN', credentialRotatedAt: '2026-05-20T00:00:00Z' }),
      identity('i:team-left', { identityKind: 'SHARED_ADMIN', credentialRotatedAt: '2026-05-01T00:00:00Z' }),
      identity('i:never-rotated', { identityKind: 'SHARED_ADMIN' }),
      identity('i:both', { identityKind: 'SHARED_ADMIN', credentialRotatedAt: '2026-01-15T00:00:00Z' }),
      identity('i:active-user', { identityKind: 'SHARED_ADMIN', credentialRotatedAt: '2026-05-01T00:00:00Z' }),
    ],
    access: [
      ...['i:left', 'i:left-rotated', 'i:never-rotated', 'i:both'].map((i) => grant(`acc:quit-${i.slice(2)}`, 'USES', 'quit', i, { revokedAt: '2026-05-15T00:00:00Z' })),
      grant('acc:ops-team-left', 'USES', 'team:ops', 'i:team-left'),
      grant('acc:quit2-ops', 'MEMBER_OF', 'quit2', 'team:ops', { revokedAt: '2026-05-20T00:00:00Z' }),
      grant('acc:active-uses', 'USES', 'active', 'i:active-user'),
    ],
  });

  beforeAll(() => h.resetTo(STALE));

  it('raises STALE_CREDENTIAL when rotated over 90 days ago or before a user (direct or through a team) departed, not at exactly 90 days', async () => {
    expect(await pairs(h, { codes: ['STALE_CREDENTIAL'] }, NOW)).toEqual([
      'STALE_CREDENTIAL i:both',
      'STALE_CREDENTIAL i:left',
      'STALE_CREDENTIAL i:never-rotated',
      'STALE_CREDENTIAL i:old',
      'STALE_CREDENTIAL i:team-left',
    ]);
  });

  it('names each branch that applies, dates it from the earliest, and lists the departed users\' records', async () => {
    const stale = await findings(h, { codes: ['STALE_CREDENTIAL'] }, NOW);
    expect(stale.map((f) => ({ entity: f.entity, since: f.since, detail: f.detail, records: f.records, evidence: f.evidence }))).toEqual([
      {
        entity: 'i:both',
        since: iso('2026-04-15T00:00:00Z'),
        detail: 'Credential rotated 2026-01-15T00:00:00.000Z, more than 90 days ago; not rotated since quit departed.',
        records: ['acc:quit-both'],
        evidence: [['quit -acc:quit-both-> i:both']],
      },
      {
        entity: 'i:left',
        since: iso('2026-05-15T00:00:00Z'),
        detail: 'Credential not rotated since quit departed.',
        records: ['acc:quit-left'],
        evidence: [['quit -acc:quit-left-> i:left']],
      },
      {
        entity: 'i:never-rotated',
        since: iso('2026-05-15T00:00:00Z'),
        detail: 'Credential never rotated since quit departed.',
        records: ['acc:quit-never-rotated'],
        evidence: [['quit -acc:quit-never-rotated-> i:never-rotated']],
      },
      { entity: 'i:old', since: iso('2026-05-30T00:00:00Z'), detail: 'Credential rotated 2026-03-01T00:00:00.000Z, more than 90 days ago.', records: [], evidence: [] },
      {
        entity: 'i:team-left',
        since: iso('2026-05-20T00:00:00Z'),
        detail: 'Credential not rotated since quit2 departed.',
        records: ['acc:ops-team-left', 'acc:quit2-ops'],
        evidence: [['team:ops -acc:ops-team-left-> i:team-left'], ['quit2 -acc:quit2-ops-> team:ops']],
      },
    ]);
  });

  it('measures age and departures as of asOf: before the departures only the oldest rotation is stale', async () => {
    // On 2026-05-10 i:old was rotated 70 days before, and nobody had left yet.
    expect(await pairs(h, { codes: ['STALE_CREDENTIAL'], asOf: '2026-05-10T00:00:00Z' }, NOW)).toEqual(['STALE_CREDENTIAL i:both']);
  });
});
