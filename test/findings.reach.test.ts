/**
 * Findings that rest on reach (docs/findings.md): pooled admin accounts,
 * non-human identities reused across tenants or used by people, terminated
 * tenants still reachable, environment mixing, excessive blast radius and
 * accountability gaps on privileged paths. Each has cases that raise it and
 * near misses (an identity reached by exactly one person, a tenant reached
 * only by identities, exactly the tenant limit) that must not.
 */
import { grant, graph, identity, named, own, role, system, tool, unapproved } from './support/fixtures';
import { findings, pairs } from './support/findings';
import { iso, useHarness } from './support/harness';

const h = useHarness();

const NOW = '2026-06-01T00:00:00Z';

describe('identities that many people or many tenants share', () => {
  // team:noc (p1, p2) -USES-> i:shared -CAN_ACCESS-> tA, tB             pooled: 2 people, 2 tenants
  // p3 -USES-> i:solo -CAN_ACCESS-> tA, tB                              one person only
  // team:noc -USES-> i:one-client -CAN_ACCESS-> tA                      one tenant only
  // p4 -USES-> i:p4 -CAN_ACCESS-> tool:vault; p5 -USES-> i:p5 -CAN_ACCESS-> tool:vault
  //   tool:vault -CAN_ACCESS-> i:vaulted -CAN_ACCESS-> sA1, sB1         pooled through the vault
  // i:svc (SERVICE_ACCOUNT) -CAN_ACCESS-> sA1, sB1; p6 -USES-> i:svc     reused across tenants, used by a person
  // i:key (API_KEY) -CAN_ACCESS-> sA1, sA2; team:ci (p7) -USES-> i:key    one tenant; used through a team
  // i:robot (AUTOMATION) -CAN_ACCESS-> sA1, sB1, disabled; team:empty (no members) -USES-> i:robot
  // i:retired (SERVICE_ACCOUNT) -CAN_ACCESS-> sA1; p8 -USES-> i:retired, revoked
  const SHARED = graph({
    people: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'].map(named),
    teams: ['team:noc', 'team:ci', 'team:empty'].map(named),
    tenants: [named('tA'), named('tB')],
    systems: [system('sA1', 'tA'), system('sA2', 'tA'), system('sB1', 'tB')],
    tools: [tool('tool:vault', 'VAULT')],
    identities: [
      identity('i:shared', { identityKind: 'SHARED_ADMIN' }),
      identity('i:solo', { identityKind: 'SHARED_ADMIN' }),
      identity('i:one-client', { identityKind: 'SHARED_ADMIN' }),
      identity('i:p4'),
      identity('i:p5'),
      identity('i:vaulted', { identityKind: 'SHARED_ADMIN' }),
      identity('i:svc', { identityKind: 'SERVICE_ACCOUNT' }),
      identity('i:key', { identityKind: 'API_KEY' }),
      identity('i:robot', { identityKind: 'AUTOMATION', enabled: false }),
      identity('i:retired', { identityKind: 'SERVICE_ACCOUNT' }),
    ],
    access: [
      grant('acc:p1-noc', 'MEMBER_OF', 'p1', 'team:noc'),
      grant('acc:p2-noc', 'MEMBER_OF', 'p2', 'team:noc'),
      grant('acc:noc-shared', 'USES', 'team:noc', 'i:shared'),
      grant('acc:shared-tA', 'CAN_ACCESS', 'i:shared', 'tA'),
      grant('acc:shared-tB', 'CAN_ACCESS', 'i:shared', 'tB'),
      grant('acc:p3-solo', 'USES', 'p3', 'i:solo'),
      grant('acc:solo-tA', 'CAN_ACCESS', 'i:solo', 'tA'),
      grant('acc:solo-tB', 'CAN_ACCESS', 'i:solo', 'tB'),
      grant('acc:noc-one', 'USES', 'team:noc', 'i:one-client'),
      grant('acc:one-tA', 'CAN_ACCESS', 'i:one-client', 'tA'),
      grant('acc:p4-uses', 'USES', 'p4', 'i:p4'),
      grant('acc:p5-uses', 'USES', 'p5', 'i:p5'),
      grant('acc:p4-vault', 'CAN_ACCESS', 'i:p4', 'tool:vault'),
      grant('acc:p5-vault', 'CAN_ACCESS', 'i:p5', 'tool:vault'),
      grant('acc:vault-vaulted', 'CAN_ACCESS', 'tool:vault', 'i:vaulted'),
      grant('acc:vaulted-sA1', 'CAN_ACCESS', 'i:vaulted', 'sA1'),
      grant('acc:vaulted-sB1', 'CAN_ACCESS', 'i:vaulted', 'sB1'),
      grant('acc:svc-sA1', 'CAN_ACCESS', 'i:svc', 'sA1'),
      grant('acc:svc-sB1', 'CAN_ACCESS', 'i:svc', 'sB1'),
      grant('acc:p6-svc', 'USES', 'p6', 'i:svc'),
      grant('acc:key-sA1', 'CAN_ACCESS', 'i:key', 'sA1'),
      grant('acc:key-sA2', 'CAN_ACCESS', 'i:key', 'sA2'),
      grant('acc:p7-ci', 'MEMBER_OF', 'p7', 'team:ci'),
      grant('acc:ci-key', 'USES', 'team:ci', 'i:key'),
      grant('acc:robot-sA1', 'CAN_ACCESS', 'i:robot', 'sA1'),
      grant('acc:robot-sB1', 'CAN_ACCESS', 'i:robot', 'sB1'),
      grant('acc:empty-robot', 'USES', 'team:empty', 'i:robot'),
      grant('acc:retired-sA1', 'CAN_ACCESS', 'i:retired', 'sA1'),
      grant('acc:p8-retired', 'USES', 'p8', 'i:retired', { revokedAt: '2026-04-01T00:00:00Z' }),
    ],
  });

  beforeAll(() => h.resetTo(SHARED));

  it('raises POOLED_ADMIN_ACCOUNT for identities two or more people can act as (through a team, or a vault holding the credential) that reach two or more tenants', async () => {
    expect(await pairs(h, { codes: ['POOLED_ADMIN_ACCOUNT'] }, NOW)).toEqual(['POOLED_ADMIN_ACCOUNT i:shared', 'POOLED_ADMIN_ACCOUNT i:vaulted']);
  });

  it('proves a pooled account with the two nearest people and the two nearest tenants', async () => {
    const [vaulted] = await findings(h, { codes: ['POOLED_ADMIN_ACCOUNT'], entityId: 'i:vaulted' }, NOW);
    expect(vaulted).toEqual({
      id: 'POOLED_ADMIN_ACCOUNT:i:vaulted',
      code: 'POOLED_ADMIN_ACCOUNT',
      title: 'Pooled admin account across clients',
      severity: 'CRITICAL',
      entity: 'i:vaulted',
      access: null,
      tenant: null,
      tenants: ['tA', 'tB'],
      frameworks: [
        { framework: 'OWASP NHI Top 10 (2025)', control: 'NHI9' },
        { framework: 'OWASP NHI Top 10 (2025)', control: 'NHI10' },
        { framework: 'NIST CSF 2.0', control: 'PR.AA-02' },
        { framework: 'NIST SP 800-53 Rev. 5', control: 'AC-2(9)' },
        { framework: 'NIST SP 800-53 Rev. 5', control: 'IA-4' },
      ],
      evidence: [
        ['p4 -acc:p4-uses-> i:p4', 'i:p4 -acc:p4-vault-> tool:vault', 'tool:vault -acc:vault-vaulted-> i:vaulted'],
        ['p5 -acc:p5-uses-> i:p5', 'i:p5 -acc:p5-vault-> tool:vault', 'tool:vault -acc:vault-vaulted-> i:vaulted'],
        ['i:vaulted -acc:vaulted-sA1-> sA1'],
        ['i:vaulted -acc:vaulted-sB1-> sB1'],
      ],
      records: [],
      detail: '2 people can act as it, and it reaches systems in 2 tenants.',
      observedAt: iso(NOW),
      since: null,
    });
  });

  it('raises NHI_CROSS_TENANT_REUSE for enabled non-human identities reaching systems of two or more tenants', async () => {
    expect(await pairs(h, { codes: ['NHI_CROSS_TENANT_REUSE'] }, NOW)).toEqual(['NHI_CROSS_TENANT_REUSE i:svc']);
  });

  it('raises HUMAN_USE_OF_NHI when a person uses a non-human identity directly or through a team with members', async () => {
    expect(await pairs(h, { codes: ['HUMAN_USE_OF_NHI'] }, NOW)).toEqual(['HUMAN_USE_OF_NHI i:key', 'HUMAN_USE_OF_NHI i:svc']);
    // Before p8's use was revoked, it was a human use too.
    expect(await pairs(h, { codes: ['HUMAN_USE_OF_NHI'], asOf: '2026-03-01T00:00:00Z' }, NOW)).toEqual([
      'HUMAN_USE_OF_NHI i:key',
      'HUMAN_USE_OF_NHI i:retired',
      'HUMAN_USE_OF_NHI i:svc',
    ]);
  });

  it('shows human use through a team as the member\'s path through it', async () => {
    const [key] = await findings(h, { codes: ['HUMAN_USE_OF_NHI'], entityId: 'i:key' }, NOW);
    expect({ tenant: key.tenant, evidence: key.evidence, records: key.records, detail: key.detail, since: key.since }).toEqual({
      tenant: 'tA',
      evidence: [['p7 -acc:p7-ci-> team:ci', 'team:ci -acc:ci-key-> i:key']],
      records: ['acc:ci-key'],
      detail: 'API_KEY identity used by 1 person (0 directly, 1 only through a team).',
      since: iso('2026-01-01T00:00:00Z'),
    });
  });
});

describe('terminated tenants and environments', () => {
  // p9 -USES-> i:p9 -CAN_ACCESS-> sC1 (tC, terminated 2026-03-01), sD1 (tD, terminating 2026-12-01), sA1 (tA, active)
  // i:orphan (nobody uses it) -CAN_ACCESS-> tE (terminated, no end date)
  // p10 -USES-> i:mixed -CAN_ACCESS-> sN-prod, sN-dev (NON_PRODUCTION); p10 -USES-> i:prod-only -CAN_ACCESS-> sN-prod
  const TENANTS = graph({
    people: [named('p9'), named('p10')],
    tenants: [
      named('tA'),
      { id: 'tC', name: 'tC', contractStatus: 'TERMINATED', contractEndedAt: '2026-03-01T00:00:00Z' },
      { id: 'tD', name: 'tD', contractStatus: 'TERMINATED', contractEndedAt: '2026-12-01T00:00:00Z' },
      { id: 'tE', name: 'tE', contractStatus: 'TERMINATED' },
      named('tN'),
    ],
    systems: [
      system('sA1', 'tA'),
      system('sC1', 'tC'),
      system('sD1', 'tD'),
      system('sE1', 'tE'),
      system('sN-prod', 'tN'),
      { ...system('sN-dev', 'tN'), environment: 'NON_PRODUCTION' },
    ],
    identities: [identity('i:p9'), identity('i:orphan', { identityKind: 'SERVICE_ACCOUNT' }), identity('i:mixed'), identity('i:prod-only')],
    access: [
      grant('acc:p9-uses', 'USES', 'p9', 'i:p9'),
      grant('acc:p9-sC1', 'CAN_ACCESS', 'i:p9', 'sC1'),
      grant('acc:p9-sD1', 'CAN_ACCESS', 'i:p9', 'sD1'),
      grant('acc:p9-sA1', 'CAN_ACCESS', 'i:p9', 'sA1'),
      grant('acc:orphan-tE', 'CAN_ACCESS', 'i:orphan', 'tE'),
      grant('acc:p10-mixed', 'USES', 'p10', 'i:mixed'),
      grant('acc:mixed-prod', 'CAN_ACCESS', 'i:mixed', 'sN-prod'),
      grant('acc:mixed-dev', 'CAN_ACCESS', 'i:mixed', 'sN-dev'),
      grant('acc:p10-prod', 'USES', 'p10', 'i:prod-only'),
      grant('acc:prod-only', 'CAN_ACCESS', 'i:prod-only', 'sN-prod'),
    ],
  });

  beforeAll(() => h.resetTo(TENANTS));

  it('raises TERMINATED_TENANT_REACHABLE for a terminated tenant a person reaches, not one still in its notice period or reached only by identities', async () => {
    expect(await pairs(h, { codes: ['TERMINATED_TENANT_REACHABLE'] }, NOW)).toEqual(['TERMINATED_TENANT_REACHABLE tC']);
    expect(await pairs(h, { codes: ['TERMINATED_TENANT_REACHABLE'], asOf: '2026-12-01T00:00:00Z' }, NOW)).toEqual([
      'TERMINATED_TENANT_REACHABLE tC',
      'TERMINATED_TENANT_REACHABLE tD',
    ]);
  });

  it('describes a reachable terminated tenant whole, with the nearest person\'s path', async () => {
    expect(await findings(h, { codes: ['TERMINATED_TENANT_REACHABLE'] }, NOW)).toEqual([
      {
        id: 'TERMINATED_TENANT_REACHABLE:tC',
        code: 'TERMINATED_TENANT_REACHABLE',
        title: 'Terminated client still reachable',
        severity: 'CRITICAL',
        entity: 'tC',
        access: null,
        tenant: 'tC',
        tenants: ['tC'],
        frameworks: [
          { framework: 'OWASP NHI Top 10 (2025)', control: 'NHI1' },
          { framework: 'NIST CSF 2.0', control: 'GV.SC-10' },
          { framework: 'NIST SP 800-53 Rev. 5', control: 'PS-7' },
        ],
        evidence: [['p9 -acc:p9-uses-> i:p9', 'i:p9 -acc:p9-sC1-> sC1']],
        records: [],
        detail: 'Contract terminated 2026-03-01T00:00:00.000Z; 1 person can still reach it or its systems.',
        observedAt: iso(NOW),
        since: iso('2026-03-01T00:00:00Z'),
      },
    ]);
  });

  it('raises ENVIRONMENT_MIXING for an identity reaching both PRODUCTION and NON_PRODUCTION systems, with a path to each', async () => {
    const mixed = await findings(h, { codes: ['ENVIRONMENT_MIXING'] }, NOW);
    expect(mixed.map((f) => ({ entity: f.entity, tenant: f.tenant, evidence: f.evidence, frameworks: f.frameworks }))).toEqual([
      {
        entity: 'i:mixed',
        tenant: 'tN',
        evidence: [['i:mixed -acc:mixed-prod-> sN-prod'], ['i:mixed -acc:mixed-dev-> sN-dev']],
        frameworks: [{ framework: 'OWASP NHI Top 10 (2025)', control: 'NHI8' }],
      },
    ]);
  });
});

describe('blast radius over the tenant limit', () => {
  // tool:rmm -CAN_ACCESS-> tx01..tx11 (one system each); i:rmm-admin -HAS_ROLE-> role:rmm -GRANTS-> tool:rmm
  // i:ten -CAN_ACCESS-> tx01..tx10: exactly the limit.
  const TENANTS = Array.from({ length: 11 }, (_, i) => `tx${String(i + 1).padStart(2, '0')}`);
  const WIDE = graph({
    tenants: TENANTS.map(named),
    systems: TENANTS.map((t) => system(`s-${t}`, t)),
    tools: [tool('tool:rmm')],
    roles: [role('role:rmm', true)],
    identities: [identity('i:rmm-admin'), identity('i:ten', { identityKind: 'SERVICE_ACCOUNT' })],
    access: [
      ...TENANTS.map((t) => grant(`acc:rmm-${t}`, 'CAN_ACCESS', 'tool:rmm', t)),
      grant('acc:admin-role', 'HAS_ROLE', 'i:rmm-admin', 'role:rmm'),
      grant('acc:role-rmm', 'GRANTS', 'role:rmm', 'tool:rmm'),
      ...TENANTS.slice(0, 10).map((t) => grant(`acc:ten-${t}`, 'CAN_ACCESS', 'i:ten', t)),
    ],
  });

  beforeAll(() => h.resetTo(WIDE));

  it('raises EXCESSIVE_BLAST_RADIUS for identities and tools over 10 tenants, not at exactly 10', async () => {
    expect(await pairs(h, { codes: ['EXCESSIVE_BLAST_RADIUS'] }, NOW)).toEqual(['EXCESSIVE_BLAST_RADIUS i:rmm-admin', 'EXCESSIVE_BLAST_RADIUS tool:rmm']);
  });

  it('proves an excessive blast radius with a path into each of the 11 nearest tenants', async () => {
    const [, rmm] = await findings(h, { codes: ['EXCESSIVE_BLAST_RADIUS'] }, NOW);
    expect({ entity: rmm.entity, tenants: rmm.tenants, evidence: rmm.evidence, detail: rmm.detail }).toEqual({
      entity: 'tool:rmm',
      tenants: TENANTS,
      evidence: TENANTS.map((t) => [`tool:rmm -acc:rmm-${t}-> ${t}`, `${t} -contains-> s-${t}`]),
      detail: 'Its blast radius covers 11 tenants; the limit is 10.',
    });
  });
});

describe('accountability gaps on privileged paths', () => {
  // pu -USES-> i:a [no owner] -CAN_ACCESS(privileged)-> s1                        raised: gap, privileged downstream
  // pu -USES-> i:b [owned] -CAN_ACCESS(acc:b-s1: no approver)-> s1                 a gap, but no privilege on the path
  //            i:b -HAS_ROLE-> role:ga [privileged, owned] -GRANTS(acc:ga-t: no approver)-> tT -contains-> sT1
  //                                                                                raised: privileged role upstream
  // pu -USES(acc:pu-c: privileged, no justification)-> i:c [owned] -CAN_ACCESS-> s1   raised: the gap is privileged
  // i:d [no owner, nobody reaches it] -CAN_ACCESS(privileged)-> s1                 no person
  // pu -USES-> i:e [no owner] (reaches nothing)                                    no system
  // pu -USES-> i:f [only team:cab owns it] -CAN_ACCESS-> s1                        a gap, no privilege
  const GAPS = graph({
    people: [named('pu'), named('owner')],
    teams: [named('team:cab')],
    tenants: [named('tS'), named('tT')],
    systems: [system('s1', 'tS'), system('sT1', 'tT')],
    roles: [role('role:ga', true)],
    identities: ['i:a', 'i:b', 'i:c', 'i:d', 'i:e', 'i:f'].map((i) => identity(i)),
    ownerships: [own('owner', 'i:b'), own('owner', 'i:c'), own('owner', 'role:ga'), own('team:cab', 'i:f')],
    access: [
      grant('acc:pu-a', 'USES', 'pu', 'i:a'),
      grant('acc:a-s1', 'CAN_ACCESS', 'i:a', 's1', { privileged: true }),
      grant('acc:pu-b', 'USES', 'pu', 'i:b'),
      unapproved(grant('acc:b-s1', 'CAN_ACCESS', 'i:b', 's1')),
      grant('acc:b-ga', 'HAS_ROLE', 'i:b', 'role:ga'),
      unapproved(grant('acc:ga-t', 'GRANTS', 'role:ga', 'tT')),
      grant('acc:pu-c', 'USES', 'pu', 'i:c', { privileged: true, justification: null }),
      grant('acc:c-s1', 'CAN_ACCESS', 'i:c', 's1'),
      grant('acc:d-s1', 'CAN_ACCESS', 'i:d', 's1', { privileged: true }),
      grant('acc:pu-e', 'USES', 'pu', 'i:e'),
      grant('acc:pu-f', 'USES', 'pu', 'i:f'),
      grant('acc:f-s1', 'CAN_ACCESS', 'i:f', 's1'),
    ],
  });

  beforeAll(() => h.resetTo(GAPS));

  it('raises UNOWNED_PRIVILEGED_PATH for gaps a person can walk through to a system along privileged access, wherever the privilege lies', async () => {
    expect(await pairs(h, { codes: ['UNOWNED_PRIVILEGED_PATH'] }, NOW)).toEqual([
      'UNOWNED_PRIVILEGED_PATH acc:ga-t',
      'UNOWNED_PRIVILEGED_PATH acc:pu-c',
      'UNOWNED_PRIVILEGED_PATH i:a',
    ]);
  });

  it('raises it only for gaps unaccountablePaths lists, leaving out those on unprivileged paths', async () => {
    const report = await h.data(`{ unaccountablePaths(first: 100) { edges { node { entity { id } access { id } } } } }`, {}, NOW);
    const gaps = [...new Set(report.unaccountablePaths.edges.map(({ node }: any) => node.entity?.id ?? node.access?.id))].sort();
    expect(gaps).toEqual(['acc:b-s1', 'acc:ga-t', 'acc:pu-c', 'i:a', 'i:f']);
  });

  it('shows the privileged path through a record gap, from the person through the privileged role to the system', async () => {
    const [gaTenant] = await findings(h, { codes: ['UNOWNED_PRIVILEGED_PATH'], entityId: 'tT' }, NOW);
    expect(gaTenant).toEqual({
      id: 'UNOWNED_PRIVILEGED_PATH:acc:ga-t',
      code: 'UNOWNED_PRIVILEGED_PATH',
      title: 'Accountability gap on a privileged path',
      severity: 'HIGH',
      entity: null,
      access: 'acc:ga-t',
      tenant: 'tT',
      tenants: ['tT'],
      frameworks: [
        { framework: 'OWASP NHI Top 10 (2025)', control: 'NHI1' },
        { framework: 'NIST CSF 2.0', control: 'GV.RR-02' },
        { framework: 'NIST CSF 2.0', control: 'PR.AA-01' },
        { framework: 'NIST SP 800-53 Rev. 5', control: 'AC-2' },
      ],
      evidence: [['pu -acc:pu-b-> i:b', 'i:b -acc:b-ga-> role:ga', 'role:ga -acc:ga-t-> tT', 'tT -contains-> sT1']],
      records: ['acc:ga-t'],
      detail: 'Accountability gap: it has no approver (NO_APPROVAL); it lies on a privileged path from a person to 1 system.',
      observedAt: iso(NOW),
      since: null,
    });
  });
});
