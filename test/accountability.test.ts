/**
 * Accountability (domain.md "Accountability"; docs/semantics.md
 * "Accountability"): the one gap of an Identity, Tool or Role by precedence,
 * the gaps of access records, and the unaccountable-paths report, whose
 * numbers are computed by hand below for each named fixture.
 */
import { argumentProblem, useHarness, type Result } from './support/harness';
import { grant, graph, own } from './support/fixtures';
import { walkPages } from './support/pages';

const h = useHarness();

/** The instants the tests evaluate at. */
const A1 = '2026-03-01T00:00:00Z';
const EDGE = '2026-06-01T00:00:00Z';
const A2 = '2026-07-01T00:00:00Z';

const REPORT = `query($asOf: DateTime, $tenantId: ID, $maxDepth: Int, $first: Int, $after: String) {
  unaccountablePaths(asOf: $asOf, tenantId: $tenantId, maxDepth: $maxDepth, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      entity { id } access { id } reason peopleExposed systemsExposed
      example { length steps { from { id } to { id } access { id } } }
    } }
  }
}`;

interface Gap {
  entity: string | null;
  access: string | null;
  reason: string;
  peopleExposed: number;
  systemsExposed: number;
  /** The example path, one "from -record-> to" per step ("contains" for containment). */
  example: string[];
}

/** An expected gap: `subject` is an entity id, or an access record id when it starts with "acc:". */
function gap(subject: string, reason: string, peopleExposed: number, systemsExposed: number, example: string[]): Gap {
  const onRecord = subject.startsWith('acc:');
  return { entity: onRecord ? null : subject, access: onRecord ? subject : null, reason, peopleExposed, systemsExposed, example };
}

function compact(node: any): Gap {
  expect(node.example.length).toBe(node.example.steps.length);
  return {
    entity: node.entity?.id ?? null,
    access: node.access?.id ?? null,
    reason: node.reason,
    peopleExposed: node.peopleExposed,
    systemsExposed: node.systemsExposed,
    example: node.example.steps.map((s: any) => `${s.from.id} -${s.access?.id ?? 'contains'}-> ${s.to.id}`),
  };
}

/** The whole report (one page of up to 100): every gap, in order, and totalCount. */
async function report(args: Record<string, unknown>, now = A1): Promise<{ totalCount: number; gaps: Gap[] }> {
  const { unaccountablePaths: r } = await h.data(REPORT, args, now);
  expect(r.pageInfo.hasNextPage).toBe(false);
  return { totalCount: r.totalCount, gaps: r.edges.map((e: any) => compact(e.node)) };
}

/** An answer as its data (null when there is none) and each error's extensions. */
const answer = (r: Result) => ({ data: r.data ?? null, errors: r.errors?.map((e) => e.extensions) });

/** The one gap an Identity, Tool or Role has at `now`, read through its own `gaps` field. */
async function entityGaps(ids: string[], now: string): Promise<Record<string, string[]>> {
  const query = `{ ${ids.map((id, i) => `e${i}: entity(id: "${id}") { id ... on Identity { gaps } ... on Tool { gaps } ... on Role { gaps } }`).join('\n')} }`;
  const data = await h.data(query, {}, now);
  return Object.fromEntries(Object.values(data).map((e: any) => [e.id, e.gaps]));
}

describe('entity gaps and their precedence', () => {
  // person:user -USES-> identity:none     -CAN_ACCESS-> system:s1   no owner at all
  // person:user -USES-> identity:team     -CAN_ACCESS-> system:s1   owned by team:cab only
  // person:user -USES-> identity:departed -CAN_ACCESS-> system:s1   owned by person:gone (departed) and team:cab
  // person:user -USES-> identity:mixed    -CAN_ACCESS-> system:s1   owned by person:gone (departed) and person:owner (active)
  // person:user -USES-> identity:ok -HAS_ROLE-> role:late -GRANTS-> system:s1
  //                     identity:ok -CAN_ACCESS-> tool:leaving -CAN_ACCESS-> system:s1
  // tenant:t -contains-> system:s1
  // identity:ok <- person:owner; role:late <- person:owner only from EDGE on;
  // tool:leaving <- person:leaver, who departs at EDGE
  const PRECEDENCE = graph({
    people: [
      { id: 'person:user', name: 'User' },
      { id: 'person:owner', name: 'Owner' },
      { id: 'person:gone', name: 'Gone', departedAt: '2025-12-01T00:00:00Z' },
      { id: 'person:leaver', name: 'Leaver', departedAt: EDGE },
    ],
    teams: [{ id: 'team:cab', name: 'Change Advisory Board' }],
    tenants: [{ id: 'tenant:t', name: 'T' }],
    systems: [{ id: 'system:s1', name: 'S1', tenantId: 'tenant:t' }],
    identities: ['none', 'team', 'departed', 'mixed', 'ok'].map((n) => ({ id: `identity:${n}`, name: n, identityKind: 'SHARED_ADMIN' as const })),
    tools: [{ id: 'tool:leaving', name: 'Leaving' }],
    roles: [{ id: 'role:late', name: 'Late' }],
    ownerships: [
      own('team:cab', 'identity:team'),
      own('person:gone', 'identity:departed'),
      own('team:cab', 'identity:departed'),
      own('person:gone', 'identity:mixed'),
      own('person:owner', 'identity:mixed'),
      own('person:owner', 'identity:ok'),
      own('person:owner', 'role:late', EDGE),
      own('person:leaver', 'tool:leaving'),
    ],
    access: [
      ...['none', 'team', 'departed', 'mixed'].flatMap((n) => [
        grant(`acc:user-${n}`, 'USES', 'person:user', `identity:${n}`),
        grant(`acc:${n}-s1`, 'CAN_ACCESS', `identity:${n}`, 'system:s1'),
      ]),
      grant('acc:user-ok', 'USES', 'person:user', 'identity:ok'),
      grant('acc:ok-late', 'HAS_ROLE', 'identity:ok', 'role:late'),
      grant('acc:late-s1', 'GRANTS', 'role:late', 'system:s1'),
      grant('acc:ok-leaving', 'CAN_ACCESS', 'identity:ok', 'tool:leaving'),
      grant('acc:leaving-s1', 'CAN_ACCESS', 'tool:leaving', 'system:s1'),
    ],
  });
  const OWNED = ['identity:none', 'identity:team', 'identity:departed', 'identity:mixed', 'identity:ok', 'role:late', 'tool:leaving'];

  /** The gap of each of OWNED at A1. */
  const GAPS_AT_A1 = {
    'identity:none': ['NO_OWNER'],
    'identity:team': ['OWNER_IS_TEAM'],
    // Team owners do not save an entity whose person owners have all departed.
    'identity:departed': ['OWNER_DEPARTED'],
    // One active person owner is enough, whoever else has left.
    'identity:mixed': [],
    'identity:ok': [],
    // The owner link's since is after A1: at A1 it has no owner.
    'role:late': ['NO_OWNER'],
    // The owner departs after A1: at A1 they are still active.
    'tool:leaving': [],
  };

  beforeAll(() => h.resetTo(PRECEDENCE));

  it('gives each Identity, Tool and Role exactly one gap by precedence OWNER_DEPARTED, OWNER_IS_TEAM, NO_OWNER, and none when one active person owns it', async () => {
    expect(await entityGaps(OWNED, A1)).toEqual(GAPS_AT_A1);
  });

  it('counts an owner link from its since on, and an owner as departed from departedAt on (both inclusive)', async () => {
    // From EDGE on, role:late's owner link holds and tool:leaving's owner has departed.
    const expected = { ...GAPS_AT_A1, 'role:late': [], 'tool:leaving': ['OWNER_DEPARTED'] };
    expect({ atEdge: await entityGaps(OWNED, EDGE), after: await entityGaps(OWNED, A2) }).toEqual({ atEdge: expected, after: expected });
  });

  it('reports the same entity gaps in unaccountablePaths, as of asOf', async () => {
    const user = (n: string) => [`person:user -acc:user-${n}-> identity:${n}`, `identity:${n} -acc:${n}-s1-> system:s1`];
    // Every gap: 1 person (person:user) upstream, 1 system (system:s1) downstream; ties ordered by id.
    const throughout = [
      gap('identity:departed', 'OWNER_DEPARTED', 1, 1, user('departed')),
      gap('identity:none', 'NO_OWNER', 1, 1, user('none')),
      gap('identity:team', 'OWNER_IS_TEAM', 1, 1, user('team')),
    ];
    expect(await report({ asOf: A1 })).toEqual({
      totalCount: 4,
      gaps: [
        ...throughout,
        gap('role:late', 'NO_OWNER', 1, 1, ['person:user -acc:user-ok-> identity:ok', 'identity:ok -acc:ok-late-> role:late', 'role:late -acc:late-s1-> system:s1']),
      ],
    });
    expect(await report({ asOf: A2 })).toEqual({
      totalCount: 4,
      gaps: [
        ...throughout,
        gap('tool:leaving', 'OWNER_DEPARTED', 1, 1, ['person:user -acc:user-ok-> identity:ok', 'identity:ok -acc:ok-leaving-> tool:leaving', 'tool:leaving -acc:leaving-s1-> system:s1']),
      ],
    });
  });
});

describe('record gaps', () => {
  // person:ann -USES(acc:ann-adm: no approver)-> identity:adm -CAN_ACCESS(acc:adm-s1: justification '  ')-> system:s1
  //                                             identity:adm -HAS_ROLE(acc:adm-role: neither)-> role:r -GRANTS(acc:role-s2)-> system:s2
  // tenant:t -contains-> system:s1, system:s2; identity:adm and role:r owned by person:owner
  const RECORDS = graph({
    people: [
      { id: 'person:ann', name: 'Ann' },
      { id: 'person:owner', name: 'Owner' },
    ],
    tenants: [{ id: 'tenant:t', name: 'T' }],
    systems: [
      { id: 'system:s1', name: 'S1', tenantId: 'tenant:t' },
      { id: 'system:s2', name: 'S2', tenantId: 'tenant:t' },
    ],
    identities: [{ id: 'identity:adm', name: 'adm', identityKind: 'HUMAN_ACCOUNT' }],
    roles: [{ id: 'role:r', name: 'R' }],
    ownerships: [own('person:owner', 'identity:adm'), own('person:owner', 'role:r')],
    access: [
      grant('acc:ann-adm', 'USES', 'person:ann', 'identity:adm', { approvedById: null }),
      grant('acc:adm-s1', 'CAN_ACCESS', 'identity:adm', 'system:s1', { justification: '  ' }),
      grant('acc:adm-role', 'HAS_ROLE', 'identity:adm', 'role:r', { approvedById: null, justification: null }),
      grant('acc:role-s2', 'GRANTS', 'role:r', 'system:s2'),
    ],
  });

  beforeAll(() => h.resetTo(RECORDS));

  it('gives a record NO_APPROVAL without an approver and NO_JUSTIFICATION with a missing or blank justification, or both', async () => {
    const data = await h.data(`{
      a: access(id: "acc:ann-adm") { gaps } b: access(id: "acc:adm-s1") { gaps }
      c: access(id: "acc:adm-role") { gaps } d: access(id: "acc:role-s2") { gaps }
    }`);
    expect(data).toEqual({ a: { gaps: ['NO_APPROVAL'] }, b: { gaps: ['NO_JUSTIFICATION'] }, c: { gaps: ['NO_APPROVAL', 'NO_JUSTIFICATION'] }, d: { gaps: [] } });
  });

  it('reports each record gap once per reason, a Person FROM counting itself and a System TO counting itself', async () => {
    expect(await report({ asOf: A1 })).toEqual({
      totalCount: 4,
      gaps: [
        // person:ann is the FROM; from identity:adm, system:s1 (1 step) and system:s2 (2 steps).
        gap('acc:ann-adm', 'NO_APPROVAL', 1, 2, ['person:ann -acc:ann-adm-> identity:adm', 'identity:adm -acc:adm-s1-> system:s1']),
        // Both reasons of one record, listed twice, NO_APPROVAL first; 'acc:adm-role' < 'acc:adm-s1'.
        gap('acc:adm-role', 'NO_APPROVAL', 1, 1, ['person:ann -acc:ann-adm-> identity:adm', 'identity:adm -acc:adm-role-> role:r', 'role:r -acc:role-s2-> system:s2']),
        gap('acc:adm-role', 'NO_JUSTIFICATION', 1, 1, ['person:ann -acc:ann-adm-> identity:adm', 'identity:adm -acc:adm-role-> role:r', 'role:r -acc:role-s2-> system:s2']),
        // system:s1 is the TO and counts itself; the example ends with the record.
        gap('acc:adm-s1', 'NO_JUSTIFICATION', 1, 1, ['person:ann -acc:ann-adm-> identity:adm', 'identity:adm -acc:adm-s1-> system:s1']),
      ],
    });
  });
});

describe('unaccountablePaths on a computed graph', () => {
  // person:p1 -MEMBER_OF(acc:p1-noc)-> team:noc -USES(acc:noc-shared)-> identity:shared [no owner] -CAN_ACCESS(acc:shared-rmm)-> tool:rmm [team:noc owns it, nobody else]
  // person:p2 -MEMBER_OF(acc:p2-noc)-> team:noc
  // person:p3 -USES(acc:p3-adm)-> identity:adm-p3 -CAN_ACCESS(acc:p3-rmm: no approver)-> tool:rmm
  //                               identity:adm-p3 -HAS_ROLE(acc:p3-ga)-> role:ga-b -GRANTS(acc:ga-b)-> tenant:b
  // tool:rmm -CAN_ACCESS(acc:rmm-a: no approver)-> tenant:a -contains-> system:a1, system:a2
  // tool:rmm -CAN_ACCESS(acc:rmm-b1: no justification, revoked at EDGE)-> system:b1 <-contains- tenant:b
  // Off every Person -> System path:
  // person:p4 -USES(acc:p4-lonely)-> identity:lonely [no owner, leads nowhere]
  // person:p4 -USES(acc:p4-disabled)-> identity:disabled [disabled, no owner] -CAN_ACCESS(acc:disabled-b1: no approver)-> system:b1
  // identity:orphan [no owner, nobody reaches it] -CAN_ACCESS(acc:orphan-a1)-> system:a1
  // identity:adm-p3 and role:ga-b are owned by person:owner.
  const HAND = graph({
    people: ['p1', 'p2', 'p3', 'p4', 'owner'].map((p) => ({ id: `person:${p}`, name: p })),
    teams: [{ id: 'team:noc', name: 'NOC' }],
    tenants: [
      { id: 'tenant:a', name: 'A' },
      { id: 'tenant:b', name: 'B' },
    ],
    systems: [
      { id: 'system:a1', name: 'A1', tenantId: 'tenant:a' },
      { id: 'system:a2', name: 'A2', tenantId: 'tenant:a' },
      { id: 'system:b1', name: 'B1', tenantId: 'tenant:b' },
    ],
    identities: [
      { id: 'identity:shared', name: 'shared', identityKind: 'SHARED_ADMIN' },
      { id: 'identity:adm-p3', name: 'adm-p3', identityKind: 'HUMAN_ACCOUNT' },
      { id: 'identity:lonely', name: 'lonely', identityKind: 'SERVICE_ACCOUNT' },
      { id: 'identity:disabled', name: 'disabled', identityKind: 'API_KEY', enabled: false },
      { id: 'identity:orphan', name: 'orphan', identityKind: 'AUTOMATION' },
    ],
    tools: [{ id: 'tool:rmm', name: 'RMM', category: 'RMM', pooled: true }],
    roles: [{ id: 'role:ga-b', name: 'GA at B', privileged: true, tenantId: 'tenant:b' }],
    ownerships: [own('team:noc', 'tool:rmm'), own('person:owner', 'identity:adm-p3'), own('person:owner', 'role:ga-b')],
    access: [
      grant('acc:p1-noc', 'MEMBER_OF', 'person:p1', 'team:noc'),
      grant('acc:p2-noc', 'MEMBER_OF', 'person:p2', 'team:noc'),
      grant('acc:noc-shared', 'USES', 'team:noc', 'identity:shared'),
      grant('acc:shared-rmm', 'CAN_ACCESS', 'identity:shared', 'tool:rmm'),
      grant('acc:p3-adm', 'USES', 'person:p3', 'identity:adm-p3'),
      grant('acc:p3-rmm', 'CAN_ACCESS', 'identity:adm-p3', 'tool:rmm', { approvedById: null }),
      grant('acc:p3-ga', 'HAS_ROLE', 'identity:adm-p3', 'role:ga-b'),
      grant('acc:ga-b', 'GRANTS', 'role:ga-b', 'tenant:b'),
      grant('acc:rmm-a', 'CAN_ACCESS', 'tool:rmm', 'tenant:a', { approvedById: null }),
      grant('acc:rmm-b1', 'CAN_ACCESS', 'tool:rmm', 'system:b1', { justification: null, revokedAt: EDGE }),
      grant('acc:p4-lonely', 'USES', 'person:p4', 'identity:lonely'),
      grant('acc:p4-disabled', 'USES', 'person:p4', 'identity:disabled'),
      grant('acc:disabled-b1', 'CAN_ACCESS', 'identity:disabled', 'system:b1', { approvedById: null }),
      grant('acc:orphan-a1', 'CAN_ACCESS', 'identity:orphan', 'system:a1'),
    ],
  });

  // Path pieces used by the examples.
  const P1_TO_SHARED = ['person:p1 -acc:p1-noc-> team:noc', 'team:noc -acc:noc-shared-> identity:shared'];
  const P3_TO_ADM = ['person:p3 -acc:p3-adm-> identity:adm-p3'];
  const P3_TO_RMM = [...P3_TO_ADM, 'identity:adm-p3 -acc:p3-rmm-> tool:rmm'];
  const SHARED_TO_RMM = ['identity:shared -acc:shared-rmm-> tool:rmm'];
  const RMM_TO_B1 = ['tool:rmm -acc:rmm-b1-> system:b1'];
  const RMM_TO_A1 = ['tool:rmm -acc:rmm-a-> tenant:a', 'tenant:a -contains-> system:a1'];

  /**
   * At A1, maxDepth 8 (distances: p3 reaches tool:rmm in 2, p1/p2 in 3;
   * from tool:rmm, system:b1 is 1 step, system:a1/a2 2 through tenant:a):
   * - tool:rmm OWNER_IS_TEAM: people p1, p2, p3 = 3; systems a1, a2, b1 = 3.
   * - identity:shared NO_OWNER: people p1, p2 = 2; systems a1, a2, b1 = 3.
   * - acc:p3-rmm NO_APPROVAL: people reaching identity:adm-p3 = p3 = 1; systems from tool:rmm = 3.
   * - acc:rmm-a NO_APPROVAL: people reaching tool:rmm = 3; systems from tenant:a = a1, a2 = 2.
   * - acc:rmm-b1 NO_JUSTIFICATION: people reaching tool:rmm = 3; system:b1 itself = 1.
   * Examples: nearest person (p3 before p1/p2; p1 before p2), nearest system (b1 before a1).
   */
  const AT_A1 = [
    gap('tool:rmm', 'OWNER_IS_TEAM', 3, 3, [...P3_TO_RMM, ...RMM_TO_B1]),
    gap('identity:shared', 'NO_OWNER', 2, 3, [...P1_TO_SHARED, ...SHARED_TO_RMM, ...RMM_TO_B1]),
    gap('acc:p3-rmm', 'NO_APPROVAL', 1, 3, [...P3_TO_RMM, ...RMM_TO_B1]),
    gap('acc:rmm-a', 'NO_APPROVAL', 3, 2, [...P3_TO_RMM, ...RMM_TO_A1]),
    gap('acc:rmm-b1', 'NO_JUSTIFICATION', 3, 1, [...P3_TO_RMM, ...RMM_TO_B1]),
  ];
  /**
   * What reaches tenant:a's systems (a1, a2) at A1, and all there is at A2 once acc:rmm-b1 is revoked:
   * the gaps upstream of tool:rmm, and acc:rmm-a; examples end in tenant:a's systems.
   */
  const TO_TENANT_A = [
    gap('acc:rmm-a', 'NO_APPROVAL', 3, 2, [...P3_TO_RMM, ...RMM_TO_A1]),
    gap('tool:rmm', 'OWNER_IS_TEAM', 3, 2, [...P3_TO_RMM, ...RMM_TO_A1]),
    gap('identity:shared', 'NO_OWNER', 2, 2, [...P1_TO_SHARED, ...SHARED_TO_RMM, ...RMM_TO_A1]),
    gap('acc:p3-rmm', 'NO_APPROVAL', 1, 2, [...P3_TO_RMM, ...RMM_TO_A1]),
  ];

  beforeAll(() => h.resetTo(HAND));

  it('lists every gap on a Person -> System path with people and systems exposed and an example, most systems first', async () => {
    expect(await report({ asOf: A1 })).toEqual({ totalCount: 5, gaps: AT_A1 });
  });

  it('evaluates at the request now when asOf is left out', async () => {
    expect(await report({}, A1)).toEqual({ totalCount: 5, gaps: AT_A1 });
  });

  it('lists no gap that lies on no Person -> System path, though those records and entities have gaps', async () => {
    // The gaps exist...
    expect(await entityGaps(['identity:lonely', 'identity:disabled', 'identity:orphan'], A1)).toEqual({
      'identity:lonely': ['NO_OWNER'],
      'identity:disabled': ['NO_OWNER'],
      'identity:orphan': ['NO_OWNER'],
    });
    expect((await h.data(`{ access(id: "acc:disabled-b1") { gaps } }`, {}, A1)).access).toEqual({ gaps: ['NO_APPROVAL'] });
    // ...but a gap reaching no system (identity:lonely; identity:disabled, which cannot act),
    // reached by no person (identity:orphan), or leaving a disabled identity (acc:disabled-b1) is not listed.
    const { gaps } = await report({ asOf: A1 });
    expect(gaps.map((g) => `${g.entity ?? g.access} ${g.reason}`)).toEqual([
      'tool:rmm OWNER_IS_TEAM',
      'identity:shared NO_OWNER',
      'acc:p3-rmm NO_APPROVAL',
      'acc:rmm-a NO_APPROVAL',
      'acc:rmm-b1 NO_JUSTIFICATION',
    ]);
  });

  it("counts only the filtered tenant's systems and drops gaps that lead to none of them", async () => {
    // tenant:b: only system:b1 counts; acc:rmm-a leads only to tenant:a and is dropped.
    expect(await report({ asOf: A1, tenantId: 'tenant:b' })).toEqual({
      totalCount: 4,
      gaps: [
        gap('acc:rmm-b1', 'NO_JUSTIFICATION', 3, 1, [...P3_TO_RMM, ...RMM_TO_B1]),
        gap('tool:rmm', 'OWNER_IS_TEAM', 3, 1, [...P3_TO_RMM, ...RMM_TO_B1]),
        gap('identity:shared', 'NO_OWNER', 2, 1, [...P1_TO_SHARED, ...SHARED_TO_RMM, ...RMM_TO_B1]),
        gap('acc:p3-rmm', 'NO_APPROVAL', 1, 1, [...P3_TO_RMM, ...RMM_TO_B1]),
      ],
    });
    // tenant:a: system:a1 and system:a2 count, and examples end in tenant:a's systems; acc:rmm-b1 is dropped.
    expect(await report({ asOf: A1, tenantId: 'tenant:a' })).toEqual({ totalCount: 4, gaps: TO_TENANT_A });
  });

  it('answers NOT_FOUND for an unknown tenantId and BAD_USER_INPUT for a tenantId that names another kind', async () => {
    const unknown = await h.run(REPORT, { tenantId: 'tenant:ghost' }, A1);
    expect(answer(unknown)).toEqual({
      data: null,
      errors: [{ code: 'NOT_FOUND', argument: 'tenantId', id: 'tenant:ghost' }],
    });
    const system = await h.run(REPORT, { tenantId: 'system:b1' }, A1);
    expect(answer(system)).toEqual({
      data: null,
      errors: [{ code: 'BAD_USER_INPUT', problems: [argumentProblem('tenantId', '"system:b1" is a SYSTEM, not a TENANT')] }],
    });
  });

  it('counts people and systems only within maxDepth, so a gap whose people are all farther away disappears', async () => {
    // maxDepth 2: tool:rmm is reached by p3 only (p1/p2 are 3 away) and reaches a1, a2, b1;
    // identity:shared reaches only b1 (a1/a2 are 3 away); acc:p3-rmm reaches b1 within 1 step of tool:rmm.
    // The records leaving tool:rmm need a person within 1 step of it: there is none, so both disappear.
    expect(await report({ asOf: A1, maxDepth: 2 })).toEqual({
      totalCount: 3,
      gaps: [
        gap('tool:rmm', 'OWNER_IS_TEAM', 1, 3, [...P3_TO_RMM, ...RMM_TO_B1]),
        gap('identity:shared', 'NO_OWNER', 2, 1, [...P1_TO_SHARED, ...SHARED_TO_RMM, ...RMM_TO_B1]),
        gap('acc:p3-rmm', 'NO_APPROVAL', 1, 1, [...P3_TO_RMM, ...RMM_TO_B1]),
      ],
    });
    // maxDepth 1: no person is next to a gap that is next to a system.
    expect(await report({ asOf: A1, maxDepth: 1 })).toEqual({ totalCount: 0, gaps: [] });
  });

  it.each([0, 17])('refuses maxDepth %i as BAD_USER_INPUT naming maxDepth', async (maxDepth) => {
    const result = await h.run(REPORT, { maxDepth }, A1);
    expect(answer(result)).toEqual({
      data: null,
      errors: [{ code: 'BAD_USER_INPUT', problems: [argumentProblem('maxDepth', 'must be between 1 and 16')] }],
    });
  });

  it('follows asOf: once acc:rmm-b1 is revoked its gap disappears and system:b1 no longer counts', async () => {
    // At A2 tool:rmm reaches only a1 and a2 (through tenant:a); b1 is reachable only through role:ga-b, which has no gap.
    const atA2 = { totalCount: 4, gaps: TO_TENANT_A };
    expect({ justBefore: await report({ asOf: '2026-05-31T23:59:59Z' }), atRevocation: await report({ asOf: EDGE }), after: await report({ asOf: A2 }) }).toEqual({
      justBefore: { totalCount: 5, gaps: AT_A1 },
      atRevocation: atA2,
      after: atA2,
    });
  });

  it('pages through the report one gap at a time, and the pages together are the whole report', async () => {
    const { nodes, pages } = await walkPages(async (after) => {
      const { unaccountablePaths: r } = await h.data(REPORT, { asOf: A1, first: 1, ...(after ? { after } : {}) }, A1);
      expect(r.edges).toHaveLength(1);
      expect(r.pageInfo.endCursor).toBe(r.edges[0].cursor);
      return r;
    });
    expect(nodes.map(compact)).toEqual(AT_A1);
    expect(pages).toEqual(AT_A1.map((_, i) => ({ totalCount: 5, hasNextPage: i < AT_A1.length - 1, size: 1 })));
    const bad = await h.run(REPORT, { asOf: A1, after: 'not-a-cursor' }, A1);
    expect(bad.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', problems: [argumentProblem('after', 'not a cursor from this list')] }]);
  });
});
