/**
 * Findings about access records (docs/findings.md): standing, expired,
 * overdue for recertification, dormant, unapproved or self-approved access,
 * and departed people who still hold records. Each code has cases that
 * raise it and near misses (a day inside a limit, a revoked record, an
 * approver who left the team before the grant) that must not.
 */
import type { AccessInput } from '../src/generated/graphql';
import { grant, graph, identity, named, own, system, unapproved } from './support/fixtures';
import { findings, pairs } from './support/findings';
import { iso, useHarness } from './support/harness';

const h = useHarness();

/** The request's now in every test: 2026-06-01. */
const NOW = '2026-06-01T00:00:00Z';
const T0 = '2026-01-01T00:00:00Z';

/** Day d before NOW, at midnight UTC. */
const daysBefore = (d: number) => new Date(Date.parse(NOW) - d * 86_400_000).toISOString();

/** A privileged record that is in order at NOW: time-bound, certified and used recently. */
const tidy = (id: string, fromId: string, toId: string, extra: Partial<AccessInput> = {}): AccessInput =>
  grant(id, 'CAN_ACCESS', fromId, toId, {
    privileged: true,
    expiresAt: '2027-01-01T00:00:00Z',
    lastCertifiedAt: daysBefore(17),
    lastUsedAt: daysBefore(2),
    ...extra,
  });

describe('standing, expired, recertification and dormancy', () => {
  // ops -USES-> i:ops -CAN_ACCESS(one record per case)-> s:<case>, all in tenant tA.
  // i:idle, i:never, i:fresh, i:off each hold one tidy privileged record; their own lastUsedAt differs.
  const CASES = [
    tidy('acc:standing', 'i:ops', 's:standing', { expiresAt: null }),
    tidy('acc:standing-revoked', 'i:ops', 's:standing-revoked', { expiresAt: null, revokedAt: '2026-05-01T00:00:00Z' }),
    grant('acc:plain-standing', 'CAN_ACCESS', 'i:ops', 's:plain-standing'),
    tidy('acc:expired', 'i:ops', 's:expired', { expiresAt: '2026-05-01T00:00:00Z' }),
    grant('acc:expired-plain', 'CAN_ACCESS', 'i:ops', 's:expired-plain', { expiresAt: '2026-05-01T00:00:00Z' }),
    tidy('acc:expires-now', 'i:ops', 's:expires-now', { expiresAt: NOW }),
    tidy('acc:expired-revoked', 'i:ops', 's:expired-revoked', { expiresAt: '2026-05-01T00:00:00Z', revokedAt: '2026-05-01T00:00:00Z' }),
    tidy('acc:cert-never', 'i:ops', 's:cert-never', { lastCertifiedAt: null }),
    tidy('acc:cert-91', 'i:ops', 's:cert-91', { lastCertifiedAt: daysBefore(91) }),
    tidy('acc:cert-90', 'i:ops', 's:cert-90', { lastCertifiedAt: daysBefore(90) }),
    tidy('acc:cert-89', 'i:ops', 's:cert-89', { lastCertifiedAt: daysBefore(89) }),
    tidy('acc:cert-later', 'i:ops', 's:cert-later', { lastCertifiedAt: '2026-07-01T00:00:00Z' }),
    grant('acc:plain-uncertified', 'CAN_ACCESS', 'i:ops', 's:plain-uncertified'),
    tidy('acc:used-46', 'i:ops', 's:used-46', { lastUsedAt: daysBefore(46) }),
    tidy('acc:used-45', 'i:ops', 's:used-45', { lastUsedAt: daysBefore(45) }),
    tidy('acc:never-used-old', 'i:ops', 's:never-used-old', { lastUsedAt: null }),
    tidy('acc:never-used-new', 'i:ops', 's:never-used-new', { lastUsedAt: null, grantedAt: daysBefore(12) }),
  ];
  const HOLDERS = [
    tidy('acc:idle-s', 'i:idle', 's:held'),
    tidy('acc:never-s', 'i:never', 's:held'),
    tidy('acc:fresh-s', 'i:fresh', 's:held', { grantedAt: daysBefore(12) }),
    tidy('acc:off-s', 'i:off', 's:held'),
  ];
  const systems = [...CASES, ...HOLDERS].map((a) => a.toId);
  const LIFETIME = graph({
    people: [named('ops'), named('owner')],
    tenants: [named('tA')],
    systems: [...new Set(systems)].map((s) => system(s, 'tA')),
    identities: [
      identity('i:ops', { lastUsedAt: daysBefore(2) }),
      identity('i:idle', { lastUsedAt: daysBefore(61) }),
      identity('i:never'),
      identity('i:fresh'),
      identity('i:off', { enabled: false, lastUsedAt: '2025-06-01T00:00:00Z' }),
    ],
    ownerships: ['i:ops', 'i:idle', 'i:never', 'i:fresh', 'i:off'].map((i) => own('owner', i)),
    access: [grant('acc:ops-uses', 'USES', 'ops', 'i:ops'), ...CASES, ...HOLDERS],
  });

  beforeAll(() => h.resetTo(LIFETIME));

  it('raises STANDING_PRIVILEGED_ACCESS for a present privileged record without expiresAt, not for a revoked or unprivileged one', async () => {
    expect(await pairs(h, { codes: ['STANDING_PRIVILEGED_ACCESS'] }, NOW)).toEqual(['STANDING_PRIVILEGED_ACCESS acc:standing']);
  });

  it('describes a standing record whole: subject, tenant, frameworks, the record as evidence and its grant as since', async () => {
    expect(await findings(h, { codes: ['STANDING_PRIVILEGED_ACCESS'] }, NOW)).toEqual([
      {
        id: 'STANDING_PRIVILEGED_ACCESS:acc:standing',
        code: 'STANDING_PRIVILEGED_ACCESS',
        title: 'Standing privileged access',
        severity: 'MEDIUM',
        entity: null,
        access: 'acc:standing',
        tenant: 'tA',
        tenants: ['tA'],
        frameworks: [
          { framework: 'NIST CSF 2.0', control: 'PR.AA-05' },
          { framework: 'NIST SP 800-53 Rev. 5', control: 'AC-6' },
        ],
        evidence: [['i:ops -acc:standing-> s:standing']],
        records: ['acc:standing'],
        detail: 'Privileged access granted 2026-01-01T00:00:00.000Z with no expiry date.',
        observedAt: iso(NOW),
        since: iso(T0),
      },
    ]);
  });

  it('evaluates presence at asOf: before its revocation the revoked standing record is standing too', async () => {
    expect(await pairs(h, { codes: ['STANDING_PRIVILEGED_ACCESS'], asOf: '2026-03-01T00:00:00Z' }, NOW)).toEqual([
      'STANDING_PRIVILEGED_ACCESS acc:standing',
      'STANDING_PRIVILEGED_ACCESS acc:standing-revoked',
    ]);
  });

  it('raises EXPIRED_ACCESS_NOT_REMOVED for any present record whose expiresAt is at or before asOf, privileged or not', async () => {
    expect(await pairs(h, { codes: ['EXPIRED_ACCESS_NOT_REMOVED'] }, NOW)).toEqual([
      'EXPIRED_ACCESS_NOT_REMOVED acc:expired',
      'EXPIRED_ACCESS_NOT_REMOVED acc:expired-plain',
      'EXPIRED_ACCESS_NOT_REMOVED acc:expires-now',
    ]);
    // A second before the expiry instant it is not expired yet.
    expect(await pairs(h, { codes: ['EXPIRED_ACCESS_NOT_REMOVED'], asOf: '2026-05-31T23:59:59Z' }, NOW)).toEqual([
      'EXPIRED_ACCESS_NOT_REMOVED acc:expired',
      'EXPIRED_ACCESS_NOT_REMOVED acc:expired-plain',
    ]);
  });

  it('dates an expired record from its expiry and says how long ago it was', async () => {
    const [expired] = await findings(h, { codes: ['EXPIRED_ACCESS_NOT_REMOVED'] }, NOW);
    expect({ since: expired.since, detail: expired.detail, severity: expired.severity }).toEqual({
      since: iso('2026-05-01T00:00:00Z'),
      detail: 'Expired 2026-05-01T00:00:00.000Z (31 days before observedAt) and still present.',
      severity: 'HIGH',
    });
  });

  it('raises RECERTIFICATION_OVERDUE for privileged records never certified, certified over 90 days ago, or certified only after asOf', async () => {
    expect(await pairs(h, { codes: ['RECERTIFICATION_OVERDUE'] }, NOW)).toEqual([
      'RECERTIFICATION_OVERDUE acc:cert-91',
      'RECERTIFICATION_OVERDUE acc:cert-later',
      'RECERTIFICATION_OVERDUE acc:cert-never',
    ]);
  });

  it('dates an overdue recertification from the last one plus the interval, or from the grant when never certified', async () => {
    const due = await findings(h, { codes: ['RECERTIFICATION_OVERDUE'] }, NOW);
    expect(due.map((f) => ({ access: f.access, since: f.since, detail: f.detail }))).toEqual([
      { access: 'acc:cert-91', since: daysBefore(1), detail: `Privileged access last certified ${daysBefore(91)}; due every 90 days.` },
      { access: 'acc:cert-later', since: iso(T0), detail: 'Privileged access never certified since its grant on 2026-01-01T00:00:00.000Z.' },
      { access: 'acc:cert-never', since: iso(T0), detail: 'Privileged access never certified since its grant on 2026-01-01T00:00:00.000Z.' },
    ]);
  });

  it('raises DORMANT_PRIVILEGED_ACCESS for records unused over 45 days (counting from the grant when never used) and enabled identities holding one', async () => {
    expect(await pairs(h, { codes: ['DORMANT_PRIVILEGED_ACCESS'] }, NOW)).toEqual([
      'DORMANT_PRIVILEGED_ACCESS acc:never-used-old',
      'DORMANT_PRIVILEGED_ACCESS acc:used-46',
      'DORMANT_PRIVILEGED_ACCESS i:idle',
      'DORMANT_PRIVILEGED_ACCESS i:never',
    ]);
  });

  it('gives a dormant identity its privileged records as evidence', async () => {
    const idle = (await findings(h, { codes: ['DORMANT_PRIVILEGED_ACCESS'], entityId: 'i:idle' }, NOW))[0];
    expect(idle).toEqual(
      expect.objectContaining({
        id: 'DORMANT_PRIVILEGED_ACCESS:i:idle',
        entity: 'i:idle',
        access: null,
        tenants: ['tA'],
        frameworks: [
          { framework: 'NIST SP 800-53 Rev. 5', control: 'AC-2(3)(d)' },
          { framework: 'CIS Controls v8', control: '5.3' },
        ],
        evidence: [['i:idle -acc:idle-s-> s:held']],
        records: ['acc:idle-s'],
        detail: `Identity last used ${daysBefore(61)}, holding 1 privileged access record.`,
        since: daysBefore(16),
      }),
    );
  });
});

describe('approval', () => {
  // ann -USES-> i:ann; pod -USES-> i:pool; bob -MEMBER_OF-> pod; carol left pod before T0;
  // dave -USES-> i:dave until 2026-03-01. Each case record leads to its own system in tA.
  const APPROVAL = graph({
    people: ['ann', 'bob', 'carol', 'dave'].map(named),
    teams: [named('pod'), named('other')],
    tenants: [named('tA')],
    systems: ['s1', 's2', 's3', 's4', 's5', 's6', 's7'].map((s) => system(s, 'tA')),
    identities: [identity('i:ann'), identity('i:pool', { identityKind: 'SHARED_ADMIN' }), identity('i:dave')],
    access: [
      grant('acc:ann-uses', 'USES', 'ann', 'i:ann'),
      grant('acc:pod-uses', 'USES', 'pod', 'i:pool'),
      grant('acc:bob-pod', 'MEMBER_OF', 'bob', 'pod'),
      grant('acc:carol-pod', 'MEMBER_OF', 'carol', 'pod', { grantedAt: '2025-06-01T00:00:00Z', revokedAt: '2025-12-15T00:00:00Z' }),
      grant('acc:dave-uses', 'USES', 'dave', 'i:dave', { revokedAt: '2026-03-01T00:00:00Z' }),
      unapproved(grant('acc:no-approver', 'CAN_ACCESS', 'i:ann', 's1')),
      grant('acc:self-member', 'MEMBER_OF', 'ann', 'other', { approvedById: 'ann' }),
      grant('acc:self-direct', 'CAN_ACCESS', 'i:ann', 's2', { approvedById: 'ann' }),
      grant('acc:self-team', 'CAN_ACCESS', 'i:pool', 's3', { approvedById: 'bob' }),
      grant('acc:self-at-grant', 'CAN_ACCESS', 'i:dave', 's4', { approvedById: 'dave' }),
      grant('acc:other-approver', 'CAN_ACCESS', 'i:ann', 's5', { approvedById: 'bob' }),
      grant('acc:ex-member', 'CAN_ACCESS', 'i:pool', 's6', { approvedById: 'carol' }),
      grant('acc:unjustified', 'CAN_ACCESS', 'i:ann', 's7', { justification: null }),
    ],
  });

  beforeAll(() => h.resetTo(APPROVAL));

  it('raises UNAPPROVED_ACCESS without an approver, or when the approver is the holder, uses the identity directly or through a team, or did when it was granted', async () => {
    expect(await pairs(h, { codes: ['UNAPPROVED_ACCESS'] }, NOW)).toEqual([
      'UNAPPROVED_ACCESS acc:no-approver',
      'UNAPPROVED_ACCESS acc:self-at-grant',
      'UNAPPROVED_ACCESS acc:self-direct',
      'UNAPPROVED_ACCESS acc:self-member',
      'UNAPPROVED_ACCESS acc:self-team',
    ]);
  });

  it('shows a self-approval through a team with the approver\'s membership and the team\'s use as evidence', async () => {
    const [selfTeam] = await findings(h, { codes: ['UNAPPROVED_ACCESS'], entityId: 's3' }, NOW);
    expect(selfTeam).toEqual({
      id: 'UNAPPROVED_ACCESS:acc:self-team',
      code: 'UNAPPROVED_ACCESS',
      title: 'Unapproved or self-approved access',
      severity: 'HIGH',
      entity: null,
      access: 'acc:self-team',
      tenant: 'tA',
      tenants: ['tA'],
      frameworks: [
        { framework: 'NIST CSF 2.0', control: 'PR.AA-05' },
        { framework: 'NIST SP 800-53 Rev. 5', control: 'AC-2(e)' },
        { framework: 'NIST SP 800-53 Rev. 5', control: 'AC-5' },
      ],
      evidence: [['i:pool -acc:self-team-> s3'], ['bob -acc:bob-pod-> pod', 'pod -acc:pod-uses-> i:pool']],
      records: ['acc:bob-pod', 'acc:pod-uses', 'acc:self-team'],
      detail: 'Self-approved: bob approved access for i:pool, which they use through pod.',
      observedAt: iso(NOW),
      since: iso(T0),
    });
  });
});

describe('departed people', () => {
  // leaver (departed 2026-03-01) -MEMBER_OF-> pod -USES-> i:pool -CAN_ACCESS-> tA; leaver -USES-> i:leaver -CAN_ACCESS-> sB1 (tB);
  // leaver's USES of i:pool itself was revoked before. ghost: DEPARTED with no date. notice: leaves 2026-12-01.
  // offboarded: departed 2026-03-01, records revoked that day.
  const DEPARTED = graph({
    people: [
      { id: 'leaver', name: 'leaver', departedAt: '2026-03-01T00:00:00Z' },
      { id: 'ghost', name: 'ghost', status: 'DEPARTED' },
      { id: 'notice', name: 'notice', departedAt: '2026-12-01T00:00:00Z' },
      { id: 'offboarded', name: 'offboarded', departedAt: '2026-03-01T00:00:00Z' },
    ],
    teams: [named('pod')],
    tenants: [named('tA'), named('tB')],
    systems: [system('sA1', 'tA'), system('sB1', 'tB')],
    identities: [identity('i:pool', { identityKind: 'SHARED_ADMIN' }), identity('i:leaver')],
    access: [
      grant('acc:leaver-pod', 'MEMBER_OF', 'leaver', 'pod'),
      grant('acc:leaver-uses', 'USES', 'leaver', 'i:leaver'),
      grant('acc:leaver-old', 'USES', 'leaver', 'i:pool', { revokedAt: '2026-02-01T00:00:00Z' }),
      grant('acc:pod-pool', 'USES', 'pod', 'i:pool'),
      grant('acc:pool-tA', 'CAN_ACCESS', 'i:pool', 'tA'),
      grant('acc:leaver-sB1', 'CAN_ACCESS', 'i:leaver', 'sB1'),
      grant('acc:ghost-uses', 'USES', 'ghost', 'i:pool'),
      grant('acc:notice-uses', 'USES', 'notice', 'i:pool'),
      grant('acc:offboarded-pod', 'MEMBER_OF', 'offboarded', 'pod', { revokedAt: '2026-03-01T00:00:00Z' }),
    ],
  });

  beforeAll(() => h.resetTo(DEPARTED));

  it('raises DEPARTED_PERSON_ACCESS for departed people with a present MEMBER_OF or USES record, not for those offboarded or still serving notice', async () => {
    expect(await pairs(h, { codes: ['DEPARTED_PERSON_ACCESS'] }, NOW)).toEqual(['DEPARTED_PERSON_ACCESS ghost', 'DEPARTED_PERSON_ACCESS leaver']);
    // Once the notice period ends, the person who served it is a leaver with access too.
    expect(await pairs(h, { codes: ['DEPARTED_PERSON_ACCESS'], asOf: '2026-12-01T00:00:00Z' }, NOW)).toEqual([
      'DEPARTED_PERSON_ACCESS ghost',
      'DEPARTED_PERSON_ACCESS leaver',
      'DEPARTED_PERSON_ACCESS notice',
    ]);
    // Before the departures only the person recorded as departed without a date has left.
    expect(await pairs(h, { codes: ['DEPARTED_PERSON_ACCESS'], asOf: '2026-02-15T00:00:00Z' }, NOW)).toEqual(['DEPARTED_PERSON_ACCESS ghost']);
  });

  it('describes a leaver whole: one finding with every record still held, and the tenants they lead to', async () => {
    const leaver = await findings(h, { codes: ['DEPARTED_PERSON_ACCESS'], entityId: 'leaver' }, NOW);
    expect(leaver).toEqual([
      {
        id: 'DEPARTED_PERSON_ACCESS:leaver',
        code: 'DEPARTED_PERSON_ACCESS',
        title: 'Departed person still has access',
        severity: 'CRITICAL',
        entity: 'leaver',
        access: null,
        tenant: null,
        tenants: ['tA', 'tB'],
        frameworks: [
          { framework: 'NIST CSF 2.0', control: 'GV.RR-04' },
          { framework: 'NIST CSF 2.0', control: 'PR.AA-05' },
          { framework: 'NIST SP 800-53 Rev. 5', control: 'PS-4' },
          { framework: 'NIST SP 800-53 Rev. 5', control: 'AC-2(3)' },
          { framework: 'CIS Controls v8', control: '6.2' },
        ],
        evidence: [['leaver -acc:leaver-pod-> pod'], ['leaver -acc:leaver-uses-> i:leaver']],
        records: ['acc:leaver-pod', 'acc:leaver-uses'],
        detail: 'Departed 2026-03-01T00:00:00.000Z and still holds 2 access records: MEMBER_OF pod, USES i:leaver.',
        observedAt: iso(NOW),
        since: iso('2026-03-01T00:00:00Z'),
      },
    ]);
  });
});
