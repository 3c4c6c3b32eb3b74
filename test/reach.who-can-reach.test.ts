/**
 * whoCanReach(target:): the People and Identities from which the target is
 * reachable within maxDepth, each at its shortest distance (domain.md "Reach
 * questions", exposure; docs/semantics.md "Exposure (whoCanReach)").
 *
 * Each test loads its own small named graph. In the drawings `-KIND->` is an
 * access record, `==>` is the containment step Tenant -> System and `(off)`
 * a disabled identity. Every record is granted at T0 (2026-01-01), approved
 * and justified unless the drawing says otherwise.
 */
import { failures, useHarness } from './support/harness';
import { grant, graph, identity, named, role, system, tool } from './support/fixtures';
import { badPageRequests, walkPages, type Page } from './support/pages';

const h = useHarness();

/** The instant most tests ask about: well after every T0 grant. */
const AS_OF = '2026-06-01T00:00:00Z';
/** The category of every tool in these fixtures, rmm included: the category plays no part in reach. */
const CATEGORY = 'VAULT';

const WHO = `query($target: ID!, $maxDepth: Int, $asOf: DateTime) {
  whoCanReach(target: $target, maxDepth: $maxDepth, asOf: $asOf) {
    target { id }
    asOf
    maxDepth
    peopleCount
    identityCount
    people(first: 1000) { totalCount edges { node { entity { id } distance } } }
    identities(first: 1000) { totalCount edges { node { entity { id } distance } } }
  }
}`;

interface Reachers {
  totalCount: number;
  edges: { node: { entity: { id: string }; distance: number } }[];
}
interface Exposure {
  target: { id: string };
  asOf: string;
  maxDepth: number;
  peopleCount: number;
  identityCount: number;
  people: Reachers;
  identities: Reachers;
}

async function whoCanReach(target: string, vars: { maxDepth?: number; asOf?: string } = {}): Promise<Exposure> {
  const data = await h.data<{ whoCanReach: Exposure }>(WHO, { target, asOf: AS_OF, ...vars });
  return data.whoCanReach;
}

/** [id, distance] in the order the API returns them (nearest first, then id). */
const list = (c: Reachers) => c.edges.map((e) => [e.node.entity.id, e.node.distance]);
/** Both lists and both counts of an answer, so one assertion covers the whole of it. */
const whole = (x: Exposure) => ({
  people: list(x.people),
  identities: list(x.identities),
  counts: [x.peopleCount, x.people.totalCount, x.identityCount, x.identities.totalCount],
});

describe('whoCanReach', () => {
  // alice -USES-> adm-alice -CAN_ACCESS-> acme-dc01
  // adm-alice -CAN_ACCESS-> vault -CAN_ACCESS-> adm-alice          (the vault holds adm-alice's credential)
  // alice -MEMBER_OF-> helpdesk                                    (a longer way for alice)
  // bob -MEMBER_OF-> helpdesk -USES-> pooled -HAS_ROLE-> ga-acme -GRANTS-> acme ==> acme-dc01
  // rmm-key -CAN_ACCESS-> rmm -CAN_ACCESS-> acme-dc01
  // carol -USES-> carol-adm -CAN_ACCESS-> globex-dc01               (reaches another system only)
  const EXPOSURE = graph({
    people: [named('alice'), named('bob'), named('carol')],
    teams: [named('helpdesk')],
    identities: [identity('adm-alice'), identity('pooled', { identityKind: 'SHARED_ADMIN' }), identity('rmm-key', { identityKind: 'API_KEY' }), identity('carol-adm')],
    tools: [tool('vault', CATEGORY), tool('rmm', CATEGORY)],
    roles: [role('ga-acme', true)],
    tenants: [named('acme'), named('globex')],
    systems: [system('acme-dc01', 'acme'), system('globex-dc01', 'globex')],
    access: [
      grant('u-alice', 'USES', 'alice', 'adm-alice'),
      grant('c-dc', 'CAN_ACCESS', 'adm-alice', 'acme-dc01'),
      grant('c-vault', 'CAN_ACCESS', 'adm-alice', 'vault'),
      grant('v-alice', 'CAN_ACCESS', 'vault', 'adm-alice'),
      grant('m-alice', 'MEMBER_OF', 'alice', 'helpdesk'),
      grant('m-bob', 'MEMBER_OF', 'bob', 'helpdesk'),
      grant('u-pool', 'USES', 'helpdesk', 'pooled'),
      grant('r-ga', 'HAS_ROLE', 'pooled', 'ga-acme'),
      grant('g-acme', 'GRANTS', 'ga-acme', 'acme'),
      grant('c-rmm', 'CAN_ACCESS', 'rmm-key', 'rmm'),
      grant('r-dc', 'CAN_ACCESS', 'rmm', 'acme-dc01'),
      grant('u-carol', 'USES', 'carol', 'carol-adm'),
      grant('c-carol', 'CAN_ACCESS', 'carol-adm', 'globex-dc01'),
    ],
  });

  it('lists the people and identities that can reach a system at their shortest distances, nearest first then by id', async () => {
    // Arrange
    await h.resetTo(EXPOSURE);

    // Act
    const x = await whoCanReach('acme-dc01');

    // Assert: alice at 2 (her own account), not 5 (through the helpdesk); bob only through the tenant.
    expect(x.target.id).toBe('acme-dc01');
    expect(whole(x)).toEqual({
      people: [
        ['alice', 2],
        ['bob', 5],
      ],
      identities: [
        ['adm-alice', 1],
        ['rmm-key', 2],
        ['pooled', 3],
      ],
      counts: [2, 2, 3, 3],
    });
  });

  it('does not list the target as reaching itself, even around a cycle back to it', async () => {
    // Arrange
    await h.resetTo(EXPOSURE);

    // Act: adm-alice -> vault -> adm-alice is a cycle of length 2 back to the target.
    const x = await whoCanReach('adm-alice');

    // Assert
    expect(whole(x)).toEqual({ people: [['alice', 1]], identities: [], counts: [1, 1, 0, 0] });
  });

  it('leaves out reachers farther than maxDepth', async () => {
    // Arrange
    await h.resetTo(EXPOSURE);

    // Act
    const three = await whoCanReach('acme-dc01', { maxDepth: 3 });
    const two = await whoCanReach('acme-dc01', { maxDepth: 2 });
    const one = await whoCanReach('acme-dc01', { maxDepth: 1 });

    // Assert
    expect([three.maxDepth, whole(three)]).toEqual([3, { people: [['alice', 2]], identities: [['adm-alice', 1], ['rmm-key', 2], ['pooled', 3]], counts: [1, 1, 3, 3] }]);
    expect(whole(two)).toEqual({ people: [['alice', 2]], identities: [['adm-alice', 1], ['rmm-key', 2]], counts: [1, 1, 2, 2] });
    expect(whole(one)).toEqual({ people: [], identities: [['adm-alice', 1]], counts: [0, 0, 1, 1] });
  });

  it('rejects a maxDepth outside 1..16 as BAD_USER_INPUT naming maxDepth', async () => {
    // Arrange
    await h.resetTo(EXPOSURE);

    // Act
    const over = await h.run(WHO, { target: 'acme-dc01', maxDepth: 17 });
    const under = await h.run(WHO, { target: 'acme-dc01', maxDepth: 0 });

    // Assert
    expect([...failures(over), ...failures(under)]).toEqual([
      { code: 'BAD_USER_INPUT', argument: 'maxDepth' },
      { code: 'BAD_USER_INPUT', argument: 'maxDepth' },
    ]);
  });

  // dan -MEMBER_OF-> ops -USES-> dan-adm -CAN_ACCESS-> acme-fs01             (one system of acme only)
  // erin -USES-> erin-adm -CAN_ACCESS-> acme                                 (the tenant itself)
  // gina -USES-> gina-adm -CAN_ACCESS-> acme-dc01                            (1 from gina-adm ...)
  //              gina-adm -CAN_ACCESS-> rmm -CAN_ACCESS-> acme               (... though 2 to the tenant)
  // frank -USES-> frank-adm -CAN_ACCESS-> globex-dc01                        (another tenant)
  const TENANT = graph({
    people: [named('dan'), named('erin'), named('gina'), named('frank')],
    teams: [named('ops')],
    identities: [identity('dan-adm'), identity('erin-adm'), identity('gina-adm'), identity('frank-adm')],
    tools: [tool('rmm', CATEGORY)],
    tenants: [named('acme'), named('globex')],
    systems: [system('acme-dc01', 'acme'), system('acme-fs01', 'acme'), system('globex-dc01', 'globex')],
    access: [
      grant('m-dan', 'MEMBER_OF', 'dan', 'ops'),
      grant('u-ops', 'USES', 'ops', 'dan-adm'),
      grant('c-dan', 'CAN_ACCESS', 'dan-adm', 'acme-fs01'),
      grant('u-erin', 'USES', 'erin', 'erin-adm'),
      grant('c-erin', 'CAN_ACCESS', 'erin-adm', 'acme'),
      grant('u-gina', 'USES', 'gina', 'gina-adm'),
      grant('c-gina', 'CAN_ACCESS', 'gina-adm', 'acme-dc01'),
      grant('c-gina-rmm', 'CAN_ACCESS', 'gina-adm', 'rmm'),
      grant('c-rmm', 'CAN_ACCESS', 'rmm', 'acme'),
      grant('u-frank', 'USES', 'frank', 'frank-adm'),
      grant('c-frank', 'CAN_ACCESS', 'frank-adm', 'globex-dc01'),
    ],
  });

  it('counts reaching the Tenant itself or any one of its systems as reaching a Tenant, at the distance to the nearest', async () => {
    // Arrange
    await h.resetTo(TENANT);

    // Act
    const x = await whoCanReach('acme');

    // Assert
    expect(whole(x)).toEqual({
      people: [
        ['erin', 2],
        ['gina', 2],
        ['dan', 3],
      ],
      identities: [
        ['dan-adm', 1],
        ['erin-adm', 1],
        ['gina-adm', 1],
      ],
      counts: [3, 3, 3, 3],
    });
  });

  it('counts whoever reaches a tenant as reaching each of its systems, one step further', async () => {
    // Arrange
    await h.resetTo(TENANT);

    // Act
    const x = await whoCanReach('acme-fs01');

    // Assert: erin through the tenant (3); gina through rmm and the tenant (4); dan directly (3).
    expect(whole(x)).toEqual({
      people: [
        ['dan', 3],
        ['erin', 3],
        ['gina', 4],
      ],
      identities: [
        ['dan-adm', 1],
        ['erin-adm', 2],
        ['gina-adm', 3],
      ],
      counts: [3, 3, 3, 3],
    });
  });

  // hank -USES-> old-adm (off) -CAN_ACCESS-> acme-dc01
  // ivy -USES-> ivy-adm -CAN_ACCESS-> acme-dc01
  // ivy-adm -CAN_ACCESS-> vault -CAN_ACCESS-> old-adm (off)
  const DISABLED = graph({
    people: [named('hank'), named('ivy')],
    identities: [identity('old-adm', { enabled: false }), identity('ivy-adm')],
    tools: [tool('vault', CATEGORY)],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u-hank', 'USES', 'hank', 'old-adm'),
      grant('c-old', 'CAN_ACCESS', 'old-adm', 'acme-dc01'),
      grant('u-ivy', 'USES', 'ivy', 'ivy-adm'),
      grant('c-ivy', 'CAN_ACCESS', 'ivy-adm', 'acme-dc01'),
      grant('c-vault', 'CAN_ACCESS', 'ivy-adm', 'vault'),
      grant('v-old', 'CAN_ACCESS', 'vault', 'old-adm'),
    ],
  });

  it('never counts a disabled identity as reaching, nor the people who reach only through it', async () => {
    // Arrange
    await h.resetTo(DISABLED);

    // Act
    const x = await whoCanReach('acme-dc01');

    // Assert
    expect(whole(x)).toEqual({ people: [['ivy', 2]], identities: [['ivy-adm', 1]], counts: [1, 1, 1, 1] });
  });

  it('lists who can reach a disabled identity when it is the target', async () => {
    // Arrange
    await h.resetTo(DISABLED);

    // Act
    const x = await whoCanReach('old-adm');

    // Assert
    expect(whole(x)).toEqual({ people: [['hank', 1], ['ivy', 3]], identities: [['ivy-adm', 2]], counts: [2, 2, 1, 1] });
  });

  // jo  -USES-> jo-adm  -CAN_ACCESS[granted 2026-03-01]-> acme-dc01
  // kim -USES-> kim-adm -CAN_ACCESS[revoked 2026-04-01]-> acme-dc01
  // lee -USES-> lee-adm -CAN_ACCESS[expired 2026-02-01, never revoked]-> acme-dc01
  const TIMELINE = graph({
    people: [named('jo'), named('kim'), named('lee')],
    identities: [identity('jo-adm'), identity('kim-adm'), identity('lee-adm')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u-jo', 'USES', 'jo', 'jo-adm'),
      grant('c-jo', 'CAN_ACCESS', 'jo-adm', 'acme-dc01', { grantedAt: '2026-03-01T00:00:00Z' }),
      grant('u-kim', 'USES', 'kim', 'kim-adm'),
      grant('c-kim', 'CAN_ACCESS', 'kim-adm', 'acme-dc01', { revokedAt: '2026-04-01T00:00:00Z' }),
      grant('u-lee', 'USES', 'lee', 'lee-adm'),
      grant('c-lee', 'CAN_ACCESS', 'lee-adm', 'acme-dc01', { expiresAt: '2026-02-01T00:00:00Z' }),
    ],
  });

  it('counts only records present at asOf: granted by then and not revoked by then, however long expired', async () => {
    // Arrange
    await h.resetTo(TIMELINE);

    // Act
    const feb = await whoCanReach('acme-dc01', { asOf: '2026-02-15T00:00:00Z' });
    const revokedAtThatInstant = await whoCanReach('acme-dc01', { asOf: '2026-04-01T00:00:00Z' });
    const march = await whoCanReach('acme-dc01', { asOf: '2026-03-15T00:00:00Z' });

    // Assert
    expect(whole(feb)).toEqual({ people: [['kim', 2], ['lee', 2]], identities: [['kim-adm', 1], ['lee-adm', 1]], counts: [2, 2, 2, 2] });
    expect(whole(march)).toEqual({
      people: [['jo', 2], ['kim', 2], ['lee', 2]],
      identities: [['jo-adm', 1], ['kim-adm', 1], ['lee-adm', 1]],
      counts: [3, 3, 3, 3],
    });
    expect(whole(revokedAtThatInstant)).toEqual({ people: [['jo', 2], ['lee', 2]], identities: [['jo-adm', 1], ['lee-adm', 1]], counts: [2, 2, 2, 2] });
  });

  // leaver (departed 2026-03-01) -USES-> leaver-adm -CAN_ACCESS-> acme-dc01        (USES never revoked)
  // mover  (departed 2026-03-01) -USES[revoked 2026-03-01]-> mover-adm -CAN_ACCESS-> acme-dc01
  // ghost  (status DEPARTED, no date) -USES-> ghost-adm -CAN_ACCESS-> acme-dc01
  const LEAVERS = graph({
    people: [
      { id: 'leaver', name: 'leaver', departedAt: '2026-03-01T00:00:00Z' },
      { id: 'mover', name: 'mover', departedAt: '2026-03-01T00:00:00Z' },
      { id: 'ghost', name: 'ghost', status: 'DEPARTED' },
    ],
    identities: [identity('leaver-adm'), identity('mover-adm'), identity('ghost-adm')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u-leaver', 'USES', 'leaver', 'leaver-adm'),
      grant('c-leaver', 'CAN_ACCESS', 'leaver-adm', 'acme-dc01'),
      grant('u-mover', 'USES', 'mover', 'mover-adm', { revokedAt: '2026-03-01T00:00:00Z' }),
      grant('c-mover', 'CAN_ACCESS', 'mover-adm', 'acme-dc01'),
      grant('u-ghost', 'USES', 'ghost', 'ghost-adm'),
      grant('c-ghost', 'CAN_ACCESS', 'ghost-adm', 'acme-dc01'),
    ],
  });

  it('lists a departed person who still holds present access, with status DEPARTED at asOf', async () => {
    // Arrange
    await h.resetTo(LEAVERS);
    const query = `query($asOf: DateTime) { whoCanReach(target: "acme-dc01", asOf: $asOf) {
      people { edges { node { distance entity { id ... on Person { status } } } } }
    } }`;
    const peopleAt = async (asOf: string) =>
      (await h.data(query, { asOf })).whoCanReach.people.edges.map((e: any) => [e.node.entity.id, e.node.distance, e.node.entity.status]);

    // Act
    const before = await peopleAt('2026-02-01T00:00:00Z');
    const after = await peopleAt('2026-05-01T00:00:00Z');

    // Assert: departure alone removes nothing; only mover's revoked record does.
    expect(before).toEqual([
      ['ghost', 2, 'DEPARTED'],
      ['leaver', 2, 'ACTIVE'],
      ['mover', 2, 'ACTIVE'],
    ]);
    expect(after).toEqual([
      ['ghost', 2, 'DEPARTED'],
      ['leaver', 2, 'DEPARTED'],
    ]);
  });

  it('answers NOT_FOUND naming target for an unknown id', async () => {
    // Arrange
    await h.resetTo(TIMELINE);

    // Act
    const r = await h.run(WHO, { target: 'nobody' });

    // Assert
    expect(r.errors?.map((e) => e.extensions)).toEqual([{ code: 'NOT_FOUND', argument: 'target', id: 'nobody' }]);
  });

  // p-a, p-z -USES-> adm-z -CAN_ACCESS-> acme-dc01                      (2)
  // p-b, p-m -MEMBER_OF-> crew -USES-> adm-z                            (3)
  // p-y -USES-> adm-y -CAN_ACCESS-> rmm -CAN_ACCESS-> acme-dc01         (3)
  // p-c -MEMBER_OF-> crew2 -USES-> adm-y                                (4)
  const CROWD = graph({
    people: ['p-a', 'p-z', 'p-b', 'p-m', 'p-y', 'p-c'].map(named),
    teams: [named('crew'), named('crew2')],
    identities: [identity('adm-z'), identity('adm-y')],
    tools: [tool('rmm', CATEGORY)],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u-a', 'USES', 'p-a', 'adm-z'),
      grant('u-z', 'USES', 'p-z', 'adm-z'),
      grant('c-z', 'CAN_ACCESS', 'adm-z', 'acme-dc01'),
      grant('m-b', 'MEMBER_OF', 'p-b', 'crew'),
      grant('m-m', 'MEMBER_OF', 'p-m', 'crew'),
      grant('u-crew', 'USES', 'crew', 'adm-z'),
      grant('u-y', 'USES', 'p-y', 'adm-y'),
      grant('c-y', 'CAN_ACCESS', 'adm-y', 'rmm'),
      grant('r-dc', 'CAN_ACCESS', 'rmm', 'acme-dc01'),
      grant('m-c', 'MEMBER_OF', 'p-c', 'crew2'),
      grant('u-crew2', 'USES', 'crew2', 'adm-y'),
    ],
  });
  const PAGE = `query($after: String, $first: Int, $asOf: DateTime) { whoCanReach(target: "acme-dc01", asOf: $asOf) {
    people(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { entity { id } distance } } }
  } }`;
  type PagedPeople = { whoCanReach: { people: Page<{ entity: { id: string }; distance: number }> } };

  it('pages through people by endCursor until hasNextPage is false, getting the whole ordered list exactly once', async () => {
    // Arrange
    await h.resetTo(CROWD);
    const everyone = list((await whoCanReach('acme-dc01')).people);

    // Act
    const { nodes, pages } = await walkPages(async (after) => (await h.data<PagedPeople>(PAGE, { first: 2, after, asOf: AS_OF })).whoCanReach.people);
    const collected = nodes.map((n) => [n.entity.id, n.distance]);

    // Assert
    expect(everyone).toEqual([
      ['p-a', 2],
      ['p-z', 2],
      ['p-b', 3],
      ['p-m', 3],
      ['p-y', 3],
      ['p-c', 4],
    ]);
    expect(collected).toEqual(everyone);
    expect(pages).toEqual([
      { totalCount: 6, hasNextPage: true, size: 2 },
      { totalCount: 6, hasNextPage: true, size: 2 },
      { totalCount: 6, hasNextPage: false, size: 2 },
    ]);
  });

  it('rejects a cursor that is not one of ours, and a page size outside 1..1000, as BAD_USER_INPUT', async () => {
    // Arrange
    await h.resetTo(CROWD);

    // Act
    const [badCursor, zero, tooMany] = await badPageRequests((args) => h.run(PAGE, { ...args, asOf: AS_OF }), 'bm90LWEtY3Vyc29y');

    // Assert
    expect([...failures(badCursor), ...failures(zero), ...failures(tooMany)]).toEqual([
      { code: 'BAD_USER_INPUT', argument: 'after' },
      { code: 'BAD_USER_INPUT', argument: 'first' },
      { code: 'BAD_USER_INPUT', argument: 'first' },
    ]);
  });
});
