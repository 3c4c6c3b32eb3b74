/**
 * accessPaths(from:, to:): up to `first` distinct simple paths from one
 * entity to another, shortest first, each step with its access record and
 * its accountability gaps (domain.md "Reach questions", "Accountability";
 * docs/semantics.md "Access paths").
 *
 * Each test loads its own small named graph. In the drawings `-KIND[id]->`
 * is an access record, `==>` is the containment step Tenant -> System and
 * `(off)` a disabled identity. Every record is granted at T0 (2026-01-01),
 * approved and justified unless the drawing says otherwise. Paths are
 * compared whole, written the same way: `alice -u1-> adm -c1-> acme ==> acme-dc01`.
 */
import { failures, useHarness } from './support/harness';
import { grant, graph, identity, named, own, role, system, tool, unapproved } from './support/fixtures';

const h = useHarness();

/** The instant most tests ask about: well after every T0 grant. */
const AS_OF = '2026-06-01T00:00:00Z';

const PATHS = `query($from: ID!, $to: ID!, $first: Int, $maxDepth: Int, $asOf: DateTime) {
  accessPaths(from: $from, to: $to, first: $first, maxDepth: $maxDepth, asOf: $asOf) {
    length
    steps { from { id } to { id } access { id } gaps }
  }
}`;

interface Step {
  from: { id: string };
  to: { id: string };
  access: { id: string } | null;
  gaps: string[];
}
interface Path {
  length: number;
  steps: Step[];
}

async function accessPaths(from: string, to: string, vars: { first?: number; maxDepth?: number; asOf?: string } = {}): Promise<Path[]> {
  const data = await h.data<{ accessPaths: Path[] }>(PATHS, { from, to, asOf: AS_OF, ...vars });
  return data.accessPaths;
}

/**
 * A path written as `a -rec-> b ==> c`. Fails the test if the steps do not
 * chain (each starts where the previous ended) or `length` disagrees with them.
 */
function written(path: Path): string {
  expect(path.length).toBe(path.steps.length);
  let text = path.steps[0]?.from.id ?? '';
  path.steps.forEach((s, i) => {
    if (i > 0) expect(s.from.id).toBe(path.steps[i - 1].to.id);
    text += s.access ? ` -${s.access.id}-> ${s.to.id}` : ` ==> ${s.to.id}`;
  });
  return text;
}
const writtenAll = (paths: Path[]) => paths.map(written);

describe('accessPaths', () => {
  // alice -USES[u-adm]-> adm-alice -CAN_ACCESS[c-dc]-> acme-dc01
  // adm-alice -CAN_ACCESS[c-rmm]-> rmm -CAN_ACCESS[r-dc]-> acme-dc01
  // adm-alice -CAN_ACCESS[c-bkp]-> backup -CAN_ACCESS[b-dc]-> acme-dc01
  // alice -MEMBER_OF[m-team]-> a-team -USES[u-team]-> adm-alice
  // a-team -USES[u-pool]-> pooled -CAN_ACCESS[c-acme]-> acme ==> acme-dc01
  // 'a-team' sorts before 'adm-alice', so a depth-first walk in id order would
  // find the longer paths through the team first: length must come first.
  const ROUTES = graph({
    people: [named('alice')],
    teams: [named('a-team')],
    identities: [identity('adm-alice'), identity('pooled', { identityKind: 'SHARED_ADMIN' })],
    tools: [tool('rmm'), tool('backup')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u-adm', 'USES', 'alice', 'adm-alice'),
      grant('c-dc', 'CAN_ACCESS', 'adm-alice', 'acme-dc01'),
      grant('c-rmm', 'CAN_ACCESS', 'adm-alice', 'rmm'),
      grant('r-dc', 'CAN_ACCESS', 'rmm', 'acme-dc01'),
      grant('c-bkp', 'CAN_ACCESS', 'adm-alice', 'backup'),
      grant('b-dc', 'CAN_ACCESS', 'backup', 'acme-dc01'),
      grant('m-team', 'MEMBER_OF', 'alice', 'a-team'),
      grant('u-team', 'USES', 'a-team', 'adm-alice'),
      grant('u-pool', 'USES', 'a-team', 'pooled'),
      grant('c-acme', 'CAN_ACCESS', 'pooled', 'acme'),
    ],
  });
  const ALL_ROUTES = [
    'alice -u-adm-> adm-alice -c-dc-> acme-dc01',
    'alice -m-team-> a-team -u-team-> adm-alice -c-dc-> acme-dc01',
    'alice -u-adm-> adm-alice -c-bkp-> backup -b-dc-> acme-dc01',
    'alice -u-adm-> adm-alice -c-rmm-> rmm -r-dc-> acme-dc01',
    'alice -m-team-> a-team -u-team-> adm-alice -c-bkp-> backup -b-dc-> acme-dc01',
    'alice -m-team-> a-team -u-team-> adm-alice -c-rmm-> rmm -r-dc-> acme-dc01',
    'alice -m-team-> a-team -u-pool-> pooled -c-acme-> acme ==> acme-dc01',
  ];

  it('returns every distinct simple path, shortest first, then by the ids along the path', async () => {
    // Arrange
    await h.resetTo(ROUTES);

    // Act
    const paths = await accessPaths('alice', 'acme-dc01', { first: 100 });

    // Assert
    expect(writtenAll(paths)).toEqual(ALL_ROUTES);
  });

  it('returns only the first `first` paths of that order, 5 by default', async () => {
    // Arrange
    await h.resetTo(ROUTES);

    // Act
    const three = await accessPaths('alice', 'acme-dc01', { first: 3 });
    const one = await accessPaths('alice', 'acme-dc01', { first: 1 });
    const byDefault = await accessPaths('alice', 'acme-dc01');

    // Assert
    expect(writtenAll(three)).toEqual(ALL_ROUTES.slice(0, 3));
    expect(writtenAll(one)).toEqual(['alice -u-adm-> adm-alice -c-dc-> acme-dc01']);
    expect(writtenAll(byDefault)).toEqual(ALL_ROUTES.slice(0, 5));
  });

  it('keeps every path within maxDepth steps', async () => {
    // Arrange
    await h.resetTo(ROUTES);

    // Act
    const three = await accessPaths('alice', 'acme-dc01', { first: 100, maxDepth: 3 });
    const two = await accessPaths('alice', 'acme-dc01', { first: 100, maxDepth: 2 });
    const one = await accessPaths('alice', 'acme-dc01', { first: 100, maxDepth: 1 });

    // Assert
    expect(writtenAll(three)).toEqual(ALL_ROUTES.slice(0, 4));
    expect(writtenAll(two)).toEqual(ALL_ROUTES.slice(0, 1));
    expect(one).toEqual([]);
  });

  // nina -USES[u1]-> nina-adm -CAN_ACCESS[grant-b]-> acme-dc01
  //                  nina-adm -CAN_ACCESS[grant-a]-> acme-dc01      (a second record for the same pair)
  const PARALLEL = graph({
    people: [named('nina')],
    identities: [identity('nina-adm')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u1', 'USES', 'nina', 'nina-adm'),
      grant('grant-b', 'CAN_ACCESS', 'nina-adm', 'acme-dc01'),
      grant('grant-a', 'CAN_ACCESS', 'nina-adm', 'acme-dc01', { justification: 'ticket 2' }),
    ],
  });

  it('makes two paths of two parallel access records between the same entities', async () => {
    // Arrange
    await h.resetTo(PARALLEL);

    // Act
    const paths = await accessPaths('nina', 'acme-dc01');

    // Assert
    expect(writtenAll(paths)).toEqual(['nina -u1-> nina-adm -grant-a-> acme-dc01', 'nina -u1-> nina-adm -grant-b-> acme-dc01']);
  });

  // oscar -USES[u1]-> o-adm -CAN_ACCESS[c-dc]-> acme-dc01
  // o-adm -CAN_ACCESS[c-vault]-> vault -CAN_ACCESS[v-adm]-> o-adm         (cycle through the vault)
  // o-adm -CAN_ACCESS[c-svc]-> o-svc -CAN_ACCESS[s-adm]-> o-adm           (identity <-> identity cycle)
  // vault -CAN_ACCESS[v-dc]-> acme-dc01
  // o-svc -CAN_ACCESS[s-vault]-> vault
  const CYCLES = graph({
    people: [named('oscar')],
    identities: [identity('o-adm'), identity('o-svc', { identityKind: 'SERVICE_ACCOUNT' })],
    tools: [tool('vault')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u1', 'USES', 'oscar', 'o-adm'),
      grant('c-dc', 'CAN_ACCESS', 'o-adm', 'acme-dc01'),
      grant('c-vault', 'CAN_ACCESS', 'o-adm', 'vault'),
      grant('v-adm', 'CAN_ACCESS', 'vault', 'o-adm'),
      grant('c-svc', 'CAN_ACCESS', 'o-adm', 'o-svc'),
      grant('s-adm', 'CAN_ACCESS', 'o-svc', 'o-adm'),
      grant('v-dc', 'CAN_ACCESS', 'vault', 'acme-dc01'),
      grant('s-vault', 'CAN_ACCESS', 'o-svc', 'vault'),
    ],
  });

  it('never repeats an entity within a path, however many cycles the graph has', async () => {
    // Arrange
    await h.resetTo(CYCLES);

    // Act
    const paths = await accessPaths('oscar', 'acme-dc01', { first: 100, maxDepth: 16 });

    // Assert: the walks around the vault or o-svc and back through o-adm are not paths.
    expect(writtenAll(paths)).toEqual([
      'oscar -u1-> o-adm -c-dc-> acme-dc01',
      'oscar -u1-> o-adm -c-vault-> vault -v-dc-> acme-dc01',
      'oscar -u1-> o-adm -c-svc-> o-svc -s-vault-> vault -v-dc-> acme-dc01',
    ]);
  });

  it('returns no path when the target is unreachable, and none from an entity to itself, even on a cycle', async () => {
    // Arrange
    await h.resetTo(CYCLES);

    // Act
    const backwards = await accessPaths('acme-dc01', 'oscar');
    const toSelf = await accessPaths('o-adm', 'o-adm', { maxDepth: 16 });
    const personToSelf = await accessPaths('oscar', 'oscar');

    // Assert
    expect([backwards, toSelf, personToSelf]).toEqual([[], [], []]);
  });

  // pat -USES[u1]-> pat-adm -CAN_ACCESS[c-revoked, revoked 2026-04-01]-> acme-dc01
  //                 pat-adm -CAN_ACCESS[c-future, granted 2026-06-15]-> acme-dc01
  //                 pat-adm -CAN_ACCESS[c-expired, expired 2026-02-01, never revoked]-> acme-dc01
  const TIMELINE = graph({
    people: [named('pat')],
    identities: [identity('pat-adm')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u1', 'USES', 'pat', 'pat-adm'),
      grant('c-revoked', 'CAN_ACCESS', 'pat-adm', 'acme-dc01', { revokedAt: '2026-04-01T00:00:00Z' }),
      grant('c-future', 'CAN_ACCESS', 'pat-adm', 'acme-dc01', { grantedAt: '2026-06-15T00:00:00Z' }),
      grant('c-expired', 'CAN_ACCESS', 'pat-adm', 'acme-dc01', { expiresAt: '2026-02-01T00:00:00Z' }),
    ],
  });

  it('uses only records present at asOf: not those revoked by then or granted later, but expired ones yes', async () => {
    // Arrange
    await h.resetTo(TIMELINE);

    // Act
    const march = await accessPaths('pat', 'acme-dc01', { asOf: '2026-03-01T00:00:00Z' });
    const june = await accessPaths('pat', 'acme-dc01', { asOf: '2026-06-01T00:00:00Z' });
    const july = await accessPaths('pat', 'acme-dc01', { asOf: '2026-07-01T00:00:00Z' });

    // Assert
    expect(writtenAll(march)).toEqual(['pat -u1-> pat-adm -c-expired-> acme-dc01', 'pat -u1-> pat-adm -c-revoked-> acme-dc01']);
    expect(writtenAll(june)).toEqual(['pat -u1-> pat-adm -c-expired-> acme-dc01']);
    expect(writtenAll(july)).toEqual(['pat -u1-> pat-adm -c-expired-> acme-dc01', 'pat -u1-> pat-adm -c-future-> acme-dc01']);
  });

  // quinn -USES[u-old]-> old-adm (off) -CAN_ACCESS[c-old]-> acme-dc01
  // quinn -USES[u-q]-> q-adm -CAN_ACCESS[c-q]-> acme-dc01
  // q-adm -CAN_ACCESS[c-vault]-> vault -CAN_ACCESS[v-old]-> old-adm (off)
  const DISABLED = graph({
    people: [named('quinn')],
    identities: [identity('old-adm', { enabled: false }), identity('q-adm')],
    tools: [tool('vault')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    access: [
      grant('u-old', 'USES', 'quinn', 'old-adm'),
      grant('c-old', 'CAN_ACCESS', 'old-adm', 'acme-dc01'),
      grant('u-q', 'USES', 'quinn', 'q-adm'),
      grant('c-q', 'CAN_ACCESS', 'q-adm', 'acme-dc01'),
      grant('c-vault', 'CAN_ACCESS', 'q-adm', 'vault'),
      grant('v-old', 'CAN_ACCESS', 'vault', 'old-adm'),
    ],
  });

  it('does not pass through a disabled identity, though a path may end at it', async () => {
    // Arrange
    await h.resetTo(DISABLED);

    // Act
    const toSystem = await accessPaths('quinn', 'acme-dc01');
    const toDisabled = await accessPaths('quinn', 'old-adm');
    const fromDisabled = await accessPaths('old-adm', 'acme-dc01');

    // Assert
    expect(writtenAll(toSystem)).toEqual(['quinn -u-q-> q-adm -c-q-> acme-dc01']);
    expect(writtenAll(toDisabled)).toEqual(['quinn -u-old-> old-adm', 'quinn -u-q-> q-adm -c-vault-> vault -v-old-> old-adm']);
    expect(fromDisabled).toEqual([]);
  });

  // rita -USES[u-rita, no approver]-> rita-adm                      (no owner)
  // rita-adm -HAS_ROLE[hr, blank justification]-> team-role        (owned by the ops-board team only)
  // team-role -GRANTS[g-rmm, no approver, no justification]-> rmm  (owned by gone, departed 2026-02-01, and by ops-board)
  // rmm -CAN_ACCESS[c-acme]-> acme ==> acme-dc01                   (accountable step into a tenant)
  const GAPS = graph({
    people: [named('rita'), { id: 'gone', name: 'gone', departedAt: '2026-02-01T00:00:00Z' }],
    teams: [named('ops-board')],
    identities: [identity('rita-adm')],
    roles: [role('team-role', true)],
    tools: [tool('rmm')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    ownerships: [own('ops-board', 'team-role'), own('gone', 'rmm'), own('ops-board', 'rmm')],
    access: [
      unapproved(grant('u-rita', 'USES', 'rita', 'rita-adm')),
      grant('hr', 'HAS_ROLE', 'rita-adm', 'team-role', { justification: '   ' }),
      unapproved(grant('g-rmm', 'GRANTS', 'team-role', 'rmm', { justification: null })),
      grant('c-acme', 'CAN_ACCESS', 'rmm', 'acme'),
    ],
  });

  it("gives each step its access record and gaps: the record's, then those of the entity it enters, and none on containment", async () => {
    // Arrange
    await h.resetTo(GAPS);

    // Act
    const paths = await accessPaths('rita', 'acme-dc01');

    // Assert
    expect(paths).toEqual([
      {
        length: 5,
        steps: [
          { from: { id: 'rita' }, to: { id: 'rita-adm' }, access: { id: 'u-rita' }, gaps: ['NO_APPROVAL', 'NO_OWNER'] },
          { from: { id: 'rita-adm' }, to: { id: 'team-role' }, access: { id: 'hr' }, gaps: ['NO_JUSTIFICATION', 'OWNER_IS_TEAM'] },
          // a departed person owner outranks the team owner: OWNER_DEPARTED, not OWNER_IS_TEAM
          { from: { id: 'team-role' }, to: { id: 'rmm' }, access: { id: 'g-rmm' }, gaps: ['NO_APPROVAL', 'NO_JUSTIFICATION', 'OWNER_DEPARTED'] },
          { from: { id: 'rmm' }, to: { id: 'acme' }, access: { id: 'c-acme' }, gaps: [] },
          { from: { id: 'acme' }, to: { id: 'acme-dc01' }, access: null, gaps: [] },
        ],
      },
    ]);
  });

  it('evaluates entity gaps on steps at asOf: an owner who departs later still answers before', async () => {
    // Arrange
    await h.resetTo(GAPS);

    // Act: mid-January, after the T0 grants and before gone departed.
    const paths = await accessPaths('rita', 'acme-dc01', { asOf: '2026-01-15T00:00:00Z' });

    // Assert
    expect(paths.map((p) => p.steps.map((s) => [s.to.id, s.gaps]))).toEqual([
      [
        ['rita-adm', ['NO_APPROVAL', 'NO_OWNER']],
        ['team-role', ['NO_JUSTIFICATION', 'OWNER_IS_TEAM']],
        ['rmm', ['NO_APPROVAL', 'NO_JUSTIFICATION']],
        ['acme', []],
        ['acme-dc01', []],
      ],
    ]);
  });

  it('answers NOT_FOUND naming from or to for an unknown id', async () => {
    // Arrange
    await h.resetTo(PARALLEL);

    // Act
    const badFrom = await h.run(PATHS, { from: 'nobody', to: 'acme-dc01' });
    const badTo = await h.run(PATHS, { from: 'nina', to: 'nowhere' });

    // Assert
    expect([...(badFrom.errors ?? []), ...(badTo.errors ?? [])].map((e) => e.extensions)).toEqual([
      { code: 'NOT_FOUND', argument: 'from', id: 'nobody' },
      { code: 'NOT_FOUND', argument: 'to', id: 'nowhere' },
    ]);
  });

  it('rejects first outside 1..100 and maxDepth outside 1..16 as BAD_USER_INPUT naming the argument', async () => {
    // Arrange
    await h.resetTo(PARALLEL);

    // Act
    const tooMany = await h.run(PATHS, { from: 'nina', to: 'acme-dc01', first: 101 });
    const none = await h.run(PATHS, { from: 'nina', to: 'acme-dc01', first: 0 });
    const tooDeep = await h.run(PATHS, { from: 'nina', to: 'acme-dc01', maxDepth: 17 });
    const most = await accessPaths('nina', 'acme-dc01', { first: 100, maxDepth: 16 });

    // Assert
    expect([...failures(tooMany), ...failures(none), ...failures(tooDeep)]).toEqual([
      { code: 'BAD_USER_INPUT', argument: 'first' },
      { code: 'BAD_USER_INPUT', argument: 'first' },
      { code: 'BAD_USER_INPUT', argument: 'maxDepth' },
    ]);
    expect(writtenAll(most)).toEqual(['nina -u1-> nina-adm -grant-a-> acme-dc01', 'nina -u1-> nina-adm -grant-b-> acme-dc01']);
  });
});
