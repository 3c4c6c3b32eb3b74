/**
 * Owner views (domain.md "Owner reach"; docs/owners.md): ownerReach lists the
 * entities a person owns at asOf, each with its blast radius and gaps;
 * recertificationsDue lists the present privileged records into or out of
 * what an owner owns that fall due by an instant, with their paths. Checked
 * against a small named graph whose answers are worked out by hand below, for
 * ANALYST and for the OWNER themselves, in both reach modes.
 */
import type { Principal } from '../src/core/viewer';
import { LOCAL_ADMIN } from '../src/core/viewer';
import { DEFAULT_POLICY } from '../src/governance/policy';
import { OwnerService } from '../src/owners/service';
import { createTraverser } from '../src/reach/traverser';
import { grant, graph, identity, named, own, system, tool, T0 } from './support/fixtures';
import { failures, iso, useHarness, type Result } from './support/harness';

const h = useHarness();

/** The request's now for every answer below. */
const NOW = '2026-06-01T00:00:00Z';

const ANALYST: Principal = { id: 'analyst', role: 'ANALYST', credential: 'jwt' };
const OWNER_ANN: Principal = { id: 'owner-ann', role: 'OWNER', personId: 'person:ann', credential: 'jwt' };
const AUDITOR: Principal = { id: 'auditor', role: 'TENANT_AUDITOR', tenantId: 'tenant:a', credential: 'jwt' };

// ann owns identity:svc (SERVICE_OWNER) and tool:rmm (PLATFORM_OWNER); identity:future-id only from July;
// identity:teamowned through team:ops, of which ann is a member (which does not count). carl, departed, owns identity:legacy.
//
//   person:bob -acc:bob-svc (priv, never certified)-> identity:svc
//   identity:svc -acc:svc-sa1 (priv, certified 2026-02-21)-> system:a1          (tenant:a)
//   identity:svc -acc:svc-tb  (priv, certified 2026-04-02)-> tenant:b -contains-> system:b1
//   identity:svc -acc:svc-b1-old (priv, revoked 2026-03-01)-> system:b1
//   identity:svc -acc:svc-later (priv, granted 2026-08-01)-> system:a2
//   tool:rmm -acc:rmm-a2 (not priv)-> system:a2                                  (tenant:a)
//   identity:future-id -acc:future-a2 (priv)-> system:a2
//   person:ann -acc:ann-ops-> team:ops -acc:ops-teamowned (priv)-> identity:teamowned
//   identity:legacy -acc:legacy-a1-> system:a1
const GRAPH = graph({
  tenants: [named('tenant:a'), named('tenant:b')],
  systems: [system('system:a1', 'tenant:a'), system('system:a2', 'tenant:a'), system('system:b1', 'tenant:b')],
  people: [named('person:ann'), named('person:bob'), { ...named('person:carl'), status: 'DEPARTED', departedAt: '2026-05-01T00:00:00Z' }, named('person:dan')],
  teams: [named('team:ops')],
  identities: [identity('identity:svc', { identityKind: 'SERVICE_ACCOUNT' }), identity('identity:future-id'), identity('identity:teamowned'), identity('identity:legacy')],
  tools: [tool('tool:rmm')],
  ownerships: [
    own('person:ann', 'identity:svc'),
    { ...own('person:ann', 'tool:rmm'), role: 'PLATFORM_OWNER' },
    own('person:ann', 'identity:future-id', '2026-07-01T00:00:00Z'),
    own('team:ops', 'identity:teamowned'),
    own('person:carl', 'identity:legacy'),
  ],
  access: [
    grant('acc:bob-svc', 'USES', 'person:bob', 'identity:svc', { privileged: true }),
    grant('acc:svc-a1', 'CAN_ACCESS', 'identity:svc', 'system:a1', { privileged: true, lastCertifiedAt: '2026-02-21T00:00:00Z' }),
    grant('acc:svc-tb', 'CAN_ACCESS', 'identity:svc', 'tenant:b', { privileged: true, lastCertifiedAt: '2026-04-02T00:00:00Z' }),
    grant('acc:svc-b1-old', 'CAN_ACCESS', 'identity:svc', 'system:b1', { privileged: true, revokedAt: '2026-03-01T00:00:00Z' }),
    grant('acc:svc-later', 'CAN_ACCESS', 'identity:svc', 'system:a2', { privileged: true, grantedAt: '2026-08-01T00:00:00Z' }),
    grant('acc:rmm-a2', 'CAN_ACCESS', 'tool:rmm', 'system:a2'),
    grant('acc:future-a2', 'CAN_ACCESS', 'identity:future-id', 'system:a2', { privileged: true }),
    grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'),
    grant('acc:ops-teamowned', 'USES', 'team:ops', 'identity:teamowned', { privileged: true }),
    grant('acc:legacy-a1', 'CAN_ACCESS', 'identity:legacy', 'system:a1'),
  ],
});

const OWNER_REACH = `query($personId: ID!, $maxDepth: Int, $asOf: DateTime) {
  ownerReach(personId: $personId, maxDepth: $maxDepth, asOf: $asOf) {
    entity { id } role since gaps
    blastRadius { asOf maxDepth systemCount tenantCount tenants { tenant { id } systemCount } systems { edges { node { system { id } distance } } } }
  }
}`;

const DUE = `query($ownerId: ID!, $before: DateTime!) {
  recertificationsDue(ownerId: $ownerId, before: $before) {
    access { id lastCertifiedAt } dueAt overdue
    paths { length steps { from { id } to { id } access { id } } }
  }
}`;

/** An owned entity as compared here: blast radius as "system@distance" and "tenant:count". */
function owned(node: any) {
  const b = node.blastRadius;
  return {
    entity: node.entity.id,
    role: node.role,
    since: node.since,
    gaps: node.gaps,
    systemCount: b.systemCount,
    tenantCount: b.tenantCount,
    tenants: b.tenants.map((t: any) => `${t.tenant.id}:${t.systemCount}`),
    systems: b.systems.edges.map((e: any) => `${e.node.system.id}@${e.node.distance}`),
  };
}

/** A due record as compared here: each path as "from -record-> to" steps ("contains" for containment). */
function due(node: any) {
  return {
    access: node.access.id,
    dueAt: node.dueAt,
    overdue: node.overdue,
    paths: node.paths.map((p: any) => {
      expect(p.length).toBe(p.steps.length);
      return p.steps.map((s: any) => `${s.from.id} -${s.access?.id ?? 'contains'}-> ${s.to.id}`);
    }),
  };
}

async function ownerReach(args: Record<string, unknown>, as: Principal = ANALYST) {
  const result = await h.runAs(as, OWNER_REACH, args, NOW);
  expect(result.errors).toBeUndefined();
  return result.data.ownerReach.map(owned);
}

async function dueFor(args: Record<string, unknown>, as: Principal = ANALYST) {
  const result = await h.runAs(as, DUE, args, NOW);
  expect(result.errors).toBeUndefined();
  return result.data.recertificationsDue.map(due);
}

// Hand-worked answers.
const SVC = {
  entity: 'identity:svc', role: 'SERVICE_OWNER', since: iso(T0), gaps: [],
  systemCount: 2, tenantCount: 2, tenants: ['tenant:a:1', 'tenant:b:1'], systems: ['system:a1@1', 'system:b1@2'],
};
const RMM = {
  entity: 'tool:rmm', role: 'PLATFORM_OWNER', since: iso(T0), gaps: [],
  systemCount: 1, tenantCount: 1, tenants: ['tenant:a:1'], systems: ['system:a2@1'],
};
const BOB_SVC = 'person:bob -acc:bob-svc-> identity:svc';
const DUE_BOB_SVC = { access: 'acc:bob-svc', dueAt: iso(T0), overdue: true, paths: [[BOB_SVC], [BOB_SVC, 'identity:svc -acc:svc-a1-> system:a1']] };
const DUE_SVC_A1 = {
  access: 'acc:svc-a1', dueAt: iso('2026-05-22T00:00:00Z'), overdue: true,
  paths: [['identity:svc -acc:svc-a1-> system:a1'], [BOB_SVC, 'identity:svc -acc:svc-a1-> system:a1']],
};
const DUE_SVC_TB = {
  access: 'acc:svc-tb', dueAt: iso('2026-07-01T00:00:00Z'), overdue: false,
  paths: [['identity:svc -acc:svc-tb-> tenant:b'], [BOB_SVC, 'identity:svc -acc:svc-tb-> tenant:b', 'tenant:b -contains-> system:b1']],
};

beforeAll(() => h.resetTo(GRAPH, T0));

describe('ownerReach', () => {
  it('lists the entities the person owns at asOf, by id, each with its role, blast radius and gaps; not those owned through a team', async () => {
    expect(await ownerReach({ personId: 'person:ann' })).toEqual([SVC, RMM]);
  });

  it('evaluates owner links, records and the blast radius at asOf, with maxDepth', async () => {
    const july = await ownerReach({ personId: 'person:ann', asOf: '2026-07-15T00:00:00Z' });
    const shallow = await ownerReach({ personId: 'person:ann', maxDepth: 1 });
    expect({ july, shallow }).toEqual({
      july: [
        { entity: 'identity:future-id', role: 'SERVICE_OWNER', since: iso('2026-07-01T00:00:00Z'), gaps: [], systemCount: 1, tenantCount: 1, tenants: ['tenant:a:1'], systems: ['system:a2@1'] },
        SVC,
        RMM,
      ],
      // tenant:b is reached at distance 1, its system beyond maxDepth: a tenant with no system counted.
      shallow: [{ ...SVC, systemCount: 1, tenantCount: 2, tenants: ['tenant:a:1', 'tenant:b:0'], systems: ['system:a1@1'] }, RMM],
    });
  });

  it('carries the asOf and maxDepth of the question into each blast radius', async () => {
    const result = await h.data(OWNER_REACH, { personId: 'person:ann', maxDepth: 3, asOf: '2026-05-01T00:00:00Z' }, NOW);
    expect(result.ownerReach.map((o: any) => [o.blastRadius.asOf, o.blastRadius.maxDepth])).toEqual([
      [iso('2026-05-01T00:00:00Z'), 3],
      [iso('2026-05-01T00:00:00Z'), 3],
    ]);
  });

  it('shows the gap of an entity whose person owners have all departed, and nothing for a person who owns nothing', async () => {
    expect({ carl: await ownerReach({ personId: 'person:carl' }), dan: await ownerReach({ personId: 'person:dan' }) }).toEqual({
      carl: [{ entity: 'identity:legacy', role: 'SERVICE_OWNER', since: iso(T0), gaps: ['OWNER_DEPARTED'], systemCount: 1, tenantCount: 1, tenants: ['tenant:a:1'], systems: ['system:a1@1'] }],
      dan: [],
    });
  });

  it('refuses an unknown person (NOT_FOUND), another kind, a blank id and bad maxDepth or asOf (BAD_USER_INPUT), naming the argument', async () => {
    const answers = await Promise.all(
      [{ personId: 'person:nobody' }, { personId: 'tool:rmm' }, { personId: ' ' }, { personId: 'person:ann', maxDepth: 17 }, { personId: 'person:ann', asOf: 'soon' }].map(async (args) =>
        failures(await h.run(OWNER_REACH, args, NOW)),
      ),
    );
    expect(answers).toEqual([
      [{ code: 'NOT_FOUND', argument: 'personId' }],
      [{ code: 'BAD_USER_INPUT', argument: 'personId' }],
      [{ code: 'BAD_USER_INPUT', argument: 'personId' }],
      [{ code: 'BAD_USER_INPUT', argument: 'maxDepth' }],
      [{ code: 'BAD_USER_INPUT', argument: 'asOf' }],
    ]);
  });
});

describe('recertificationsDue', () => {
  it('lists the present privileged records into or out of what the owner owns now, due by `before`, earliest first, with their paths', async () => {
    expect(await dueFor({ ownerId: 'person:ann', before: NOW })).toEqual([DUE_BOB_SVC, DUE_SVC_A1]);
  });

  it('includes a record due exactly at `before`, and not one due a second later', async () => {
    expect({
      atDue: await dueFor({ ownerId: 'person:ann', before: '2026-07-01T00:00:00Z' }),
      justBefore: await dueFor({ ownerId: 'person:ann', before: '2026-06-30T23:59:59Z' }),
    }).toEqual({ atDue: [DUE_BOB_SVC, DUE_SVC_A1, DUE_SVC_TB], justBefore: [DUE_BOB_SVC, DUE_SVC_A1] });
  });

  it('lists nothing for records of entities owned only through a team, or from a later date', async () => {
    // team:ops owns identity:teamowned; ann owns identity:future-id from July: neither is hers now.
    expect(await dueFor({ ownerId: 'person:dan', before: '2027-01-01T00:00:00Z' })).toEqual([]);
    expect((await dueFor({ ownerId: 'person:ann', before: '2027-01-01T00:00:00Z' })).map((d: any) => d.access)).toEqual(['acc:bob-svc', 'acc:svc-a1', 'acc:svc-tb']);
  });

  it('uses the policy’s recertification interval', async () => {
    const service = new OwnerService(createTraverser(h.exec, LOCAL_ADMIN), LOCAL_ADMIN, iso(NOW), { ...DEFAULT_POLICY, recertificationDays: 30 });
    const answer = await service.recertificationsDue('person:ann', NOW);
    expect(answer.map((d) => [d.accessId, d.dueAt, d.overdue])).toEqual([
      ['acc:bob-svc', iso(T0), true],
      ['acc:svc-a1', iso('2026-03-23T00:00:00Z'), true],
      ['acc:svc-tb', iso('2026-05-02T00:00:00Z'), true],
    ]);
  });

  it('refuses an unknown owner (NOT_FOUND), another kind and a bad `before` (BAD_USER_INPUT), naming the argument', async () => {
    const answers = await Promise.all(
      [
        { ownerId: 'person:nobody', before: NOW },
        { ownerId: 'system:a1', before: NOW },
        { ownerId: 'person:ann', before: '2026-13-01T00:00:00Z' },
      ].map(async (args) => failures(await h.run(DUE, args, NOW))),
    );
    expect(answers).toEqual([
      [{ code: 'NOT_FOUND', argument: 'ownerId' }],
      [{ code: 'BAD_USER_INPUT', argument: 'ownerId' }],
      [{ code: 'BAD_USER_INPUT', argument: 'before' }],
    ]);
  });
});

describe('who may ask', () => {
  /** An answer as compared here: data (null when absent) and each error's code, argument and message. */
  const answer = (r: Result) => ({ data: r.data ?? null, errors: (r.errors ?? []).map((e) => ({ code: e.extensions?.code, argument: e.extensions?.argument, message: e.message })) });

  it('answers an OWNER about themselves exactly as an ANALYST', async () => {
    const args = { personId: 'person:ann' };
    expect({ reach: await ownerReach(args, OWNER_ANN), due: await dueFor({ ownerId: 'person:ann', before: '2026-07-01T00:00:00Z' }, OWNER_ANN) }).toEqual({
      reach: [SVC, RMM],
      due: [DUE_BOB_SVC, DUE_SVC_A1, DUE_SVC_TB],
    });
  });

  it('refuses an OWNER asking about anyone else with FORBIDDEN, the same whether that person exists or not', async () => {
    const refused = (argument: string) => ({ data: null, errors: [{ code: 'FORBIDDEN', argument, message: `${argument}: an OWNER may ask only about themselves ("person:ann")` }] });
    expect([
      answer(await h.runAs(OWNER_ANN, OWNER_REACH, { personId: 'person:bob' }, NOW)),
      answer(await h.runAs(OWNER_ANN, OWNER_REACH, { personId: 'person:nobody' }, NOW)),
      answer(await h.runAs(OWNER_ANN, DUE, { ownerId: 'person:carl', before: NOW }, NOW)),
      answer(await h.runAs(OWNER_ANN, DUE, { ownerId: 'person:nobody', before: NOW }, NOW)),
    ]).toEqual([refused('personId'), refused('personId'), refused('ownerId'), refused('ownerId')]);
  });

  it('refuses a TENANT_AUDITOR before anything runs', async () => {
    const results = [await h.runAs(AUDITOR, OWNER_REACH, { personId: 'person:ann' }, NOW), await h.runAs(AUDITOR, DUE, { ownerId: 'person:ann', before: NOW }, NOW)];
    expect(results.map((r) => [r.data ?? null, failures(r).map((f) => f.code)])).toEqual([
      [null, ['FORBIDDEN']],
      [null, ['FORBIDDEN']],
    ]);
  });
});

describe('in the Neo4j reach mode', () => {
  afterEach(() => {
    delete process.env.PATHWARDEN_REACH;
  });

  it('answers both views exactly as with the reach index, for an ANALYST and for the OWNER', async () => {
    process.env.PATHWARDEN_REACH = 'neo4j';
    const answers = {
      reach: await ownerReach({ personId: 'person:ann' }),
      ownerReach: await ownerReach({ personId: 'person:ann' }, OWNER_ANN),
      due: await dueFor({ ownerId: 'person:ann', before: '2026-07-01T00:00:00Z' }),
      ownerDue: await dueFor({ ownerId: 'person:ann', before: '2026-07-01T00:00:00Z' }, OWNER_ANN),
    };
    expect(answers).toEqual({ reach: [SVC, RMM], ownerReach: [SVC, RMM], due: [DUE_BOB_SVC, DUE_SVC_A1, DUE_SVC_TB], ownerDue: [DUE_BOB_SVC, DUE_SVC_A1, DUE_SVC_TB] });
  });
});
