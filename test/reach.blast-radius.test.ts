/**
 * blastRadius(from:): the Systems reachable from an entity within maxDepth,
 * each with its shortest distance, privileged flag and one shortest witness
 * path, and the tenants they belong to (domain.md "Traversal" and "Reach
 * questions"; docs/semantics.md "Traversal", "Blast radius", "Pagination").
 *
 * Each test loads its own small named graph. In the drawings `-KIND->` is an
 * access record (its id in brackets where the test names it), `==>` is the
 * containment step Tenant -> System, `(off)` a disabled identity and `*` a
 * privileged record or Role. Every record is granted at T0 (2026-01-01),
 * approved and justified unless the drawing says otherwise.
 */
import { failures, useHarness } from './support/harness';
import { APPROVER, grant, graph, identity, named, own, role, system, tool, unapproved } from './support/fixtures';
import { badPageRequests, walkPages, type Page } from './support/pages';

const h = useHarness();

/** The instant most tests ask about: well after every T0 grant. */
const AS_OF = '2026-06-01T00:00:00Z';

/** Owner links from the (active) approver since T0, so these entities have no gap. */
const ownedByApprover = (...entityIds: string[]) => entityIds.map((entityId) => own(APPROVER, entityId));

const BLAST = `query($from: ID!, $maxDepth: Int, $asOf: DateTime) {
  blastRadius(from: $from, maxDepth: $maxDepth, asOf: $asOf) {
    from { id }
    asOf
    maxDepth
    systemCount
    tenantCount
    tenants { tenant { id } systemCount }
    systems(first: 1000) { totalCount edges { node { system { id } distance privileged } } }
  }
}`;

interface Blast {
  from: { id: string };
  asOf: string;
  maxDepth: number;
  systemCount: number;
  tenantCount: number;
  tenants: { tenant: { id: string }; systemCount: number }[];
  systems: { totalCount: number; edges: { node: { system: { id: string }; distance: number; privileged: boolean } }[] };
}

async function blastRadius(from: string, vars: { maxDepth?: number; asOf?: string } = {}, now?: string): Promise<Blast> {
  const data = await h.data<{ blastRadius: Blast }>(BLAST, { from, asOf: AS_OF, ...vars }, now);
  return data.blastRadius;
}

/** [system id, distance] in the order the API returns them (nearest first, then id). */
const reached = (b: Blast) => b.systems.edges.map((e) => [e.node.system.id, e.node.distance]);
/** [system id, distance, privileged] in API order. */
const reachedPrivileged = (b: Blast) => b.systems.edges.map((e) => [e.node.system.id, e.node.distance, e.node.privileged]);
/** [tenant id, systemCount] in API order. */
const tenantCounts = (b: Blast) => b.tenants.map((t) => [t.tenant.id, t.systemCount]);

describe('blastRadius', () => {
  // alice -USES-> adm-alice -CAN_ACCESS-> acme-dc01                                      (2)
  //               adm-alice -CAN_ACCESS-> globex-dc01                                    (2; also 4 through its tenant)
  //               adm-alice -HAS_ROLE-> dba -GRANTS-> initech-sql                         (3)
  //                                     dba -GRANTS-> globex ==> globex-dc01, globex-fs01 (globex-fs01: 4)
  // acme-fs01 shares acme-dc01's tenant, but nothing reaches it or acme itself.
  const DISTANCES = graph({
    people: [named('alice')],
    identities: [identity('adm-alice')],
    roles: [role('dba')],
    tenants: [named('acme'), named('globex'), named('initech')],
    systems: [system('acme-dc01', 'acme'), system('acme-fs01', 'acme'), system('globex-dc01', 'globex'), system('globex-fs01', 'globex'), system('initech-sql', 'initech')],
    access: [
      grant('u1', 'USES', 'alice', 'adm-alice'),
      grant('c1', 'CAN_ACCESS', 'adm-alice', 'acme-dc01'),
      grant('c2', 'CAN_ACCESS', 'adm-alice', 'globex-dc01'),
      grant('r1', 'HAS_ROLE', 'adm-alice', 'dba'),
      grant('g1', 'GRANTS', 'dba', 'initech-sql'),
      grant('g2', 'GRANTS', 'dba', 'globex'),
    ],
  });

  it('lists every reachable system at its shortest distance, counting the containment step, nearest first then by id', async () => {
    // Arrange
    await h.resetTo(DISTANCES);

    // Act
    const b = await blastRadius('alice');

    // Assert: globex-dc01 is 2 (direct record), not 4 (via its tenant); acme-fs01 is not reached
    // because reaching one system of a tenant is not reaching the tenant.
    expect(reached(b)).toEqual([
      ['acme-dc01', 2],
      ['globex-dc01', 2],
      ['initech-sql', 3],
      ['globex-fs01', 4],
    ]);
    // globex counts both its systems, though one was reached before the tenant itself.
    expect(tenantCounts(b)).toEqual([
      ['globex', 2],
      ['acme', 1],
      ['initech', 1],
    ]);
    expect([b.systemCount, b.systems.totalCount, b.tenantCount]).toEqual([4, 4, 3]);
  });

  // rmm-agent -CAN_ACCESS-> acme ==> acme-dc01, acme-fs01, acme-web
  // globex ==> globex-dc01 (not reached)
  const TENANT_WIDE = graph({
    identities: [identity('rmm-agent', { identityKind: 'AUTOMATION' })],
    tenants: [named('acme'), named('globex')],
    systems: [system('acme-dc01', 'acme'), system('acme-fs01', 'acme'), system('acme-web', 'acme'), system('globex-dc01', 'globex')],
    access: [grant('c1', 'CAN_ACCESS', 'rmm-agent', 'acme')],
  });

  it('reaches every system of a reached Tenant one step further', async () => {
    // Arrange
    await h.resetTo(TENANT_WIDE);

    // Act
    const fromAgent = await blastRadius('rmm-agent');
    const fromTenant = await blastRadius('acme');

    // Assert
    expect(reached(fromAgent)).toEqual([
      ['acme-dc01', 2],
      ['acme-fs01', 2],
      ['acme-web', 2],
    ]);
    expect(tenantCounts(fromAgent)).toEqual([['acme', 3]]);
    // A Tenant's own blast radius is its systems at distance 1.
    expect(reached(fromTenant)).toEqual([
      ['acme-dc01', 1],
      ['acme-fs01', 1],
      ['acme-web', 1],
    ]);
    expect(tenantCounts(fromTenant)).toEqual([['acme', 3]]);
  });

  it('never lists the origin as reached: the blast radius of a System is empty', async () => {
    // Arrange
    await h.resetTo(TENANT_WIDE);

    // Act
    const b = await blastRadius('acme-dc01');

    // Assert
    expect([reached(b), tenantCounts(b), b.systemCount, b.tenantCount]).toEqual([[], [], 0, 0]);
  });

  // alice -USES[u1]-> adm-alice -HAS_ROLE[r1, no approver]-> ga-acme (no owner) -GRANTS[g1, blank justification]-> acme ==> acme-dc01   (4)
  // alice -MEMBER_OF[m1]-> helpdesk -USES[u2]-> pooled -CAN_ACCESS[c1]-> rmm -CAN_ACCESS[c2]-> acme                                (5 to acme-dc01)
  // adm-alice, pooled and rmm are owned by the approver; ga-acme has no owner.
  const WITNESS = graph({
    people: [named('alice')],
    teams: [named('helpdesk')],
    identities: [identity('adm-alice'), identity('pooled', { identityKind: 'SHARED_ADMIN' })],
    tools: [tool('rmm')],
    roles: [role('ga-acme')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    ownerships: ownedByApprover('adm-alice', 'pooled', 'rmm'),
    access: [
      grant('u1', 'USES', 'alice', 'adm-alice'),
      unapproved(grant('r1', 'HAS_ROLE', 'adm-alice', 'ga-acme')),
      grant('g1', 'GRANTS', 'ga-acme', 'acme', { justification: '   ' }),
      grant('m1', 'MEMBER_OF', 'alice', 'helpdesk'),
      grant('u2', 'USES', 'helpdesk', 'pooled'),
      grant('c1', 'CAN_ACCESS', 'pooled', 'rmm'),
      grant('c2', 'CAN_ACCESS', 'rmm', 'acme'),
    ],
  });

  it('gives each system a shortest witness path whose steps carry their entities, access records and gaps, with no record on the containment step', async () => {
    // Arrange
    await h.resetTo(WITNESS);

    // Act
    const data = await h.data(
      `query($asOf: DateTime) { blastRadius(from: "alice", asOf: $asOf) { systems { edges { node {
        system { id } distance
        path { length steps { from { id } to { id } access { id } gaps } }
      } } } } }`,
      { asOf: AS_OF },
    );

    // Assert: the 4-step path, not the 5-step one through the helpdesk team.
    expect(data.blastRadius.systems.edges.map((e: any) => e.node)).toEqual([
      {
        system: { id: 'acme-dc01' },
        distance: 4,
        path: {
          length: 4,
          steps: [
            { from: { id: 'alice' }, to: { id: 'adm-alice' }, access: { id: 'u1' }, gaps: [] },
            // record gap first, then the gap of the entity the step enters
            { from: { id: 'adm-alice' }, to: { id: 'ga-acme' }, access: { id: 'r1' }, gaps: ['NO_APPROVAL', 'NO_OWNER'] },
            { from: { id: 'ga-acme' }, to: { id: 'acme' }, access: { id: 'g1' }, gaps: ['NO_JUSTIFICATION'] },
            { from: { id: 'acme' }, to: { id: 'acme-dc01' }, access: null, gaps: [] },
          ],
        },
      },
    ]);
  });

  // ops -CAN_ACCESS[c-future, granted 2026-06-01]-> sys-future
  // ops -CAN_ACCESS[c-granted-at, granted 2026-05-01, exactly asOf]-> sys-granted-at
  // ops -CAN_ACCESS[c-revoked-before, revoked 2026-04-01]-> sys-revoked-before
  // ops -CAN_ACCESS[c-revoked-at, revoked 2026-05-01, exactly asOf]-> sys-revoked-at
  // ops -CAN_ACCESS[c-revoked-after, revoked 2026-06-01]-> sys-revoked-after
  // ops -CAN_ACCESS[c-expired, expired 2026-02-01, never revoked]-> sys-expired
  // ops -CAN_ACCESS[c-gate, revoked 2026-04-01]-> vault -CAN_ACCESS-> sys-behind-revoked
  const TIMELINE = graph({
    identities: [identity('ops')],
    tools: [tool('vault')],
    tenants: [named('acme')],
    systems: ['sys-future', 'sys-granted-at', 'sys-revoked-before', 'sys-revoked-at', 'sys-revoked-after', 'sys-expired', 'sys-behind-revoked'].map((id) => system(id, 'acme')),
    access: [
      grant('c-future', 'CAN_ACCESS', 'ops', 'sys-future', { grantedAt: '2026-06-01T00:00:00Z' }),
      grant('c-granted-at', 'CAN_ACCESS', 'ops', 'sys-granted-at', { grantedAt: '2026-05-01T00:00:00Z' }),
      grant('c-revoked-before', 'CAN_ACCESS', 'ops', 'sys-revoked-before', { revokedAt: '2026-04-01T00:00:00Z' }),
      grant('c-revoked-at', 'CAN_ACCESS', 'ops', 'sys-revoked-at', { revokedAt: '2026-05-01T00:00:00Z' }),
      grant('c-revoked-after', 'CAN_ACCESS', 'ops', 'sys-revoked-after', { revokedAt: '2026-06-01T00:00:00Z' }),
      grant('c-expired', 'CAN_ACCESS', 'ops', 'sys-expired', { expiresAt: '2026-02-01T00:00:00Z' }),
      grant('c-gate', 'CAN_ACCESS', 'ops', 'vault', { revokedAt: '2026-04-01T00:00:00Z' }),
      grant('c-behind', 'CAN_ACCESS', 'vault', 'sys-behind-revoked'),
    ],
  });

  it('traverses only records present at asOf: granted by then and not revoked by then, however long expired', async () => {
    // Arrange
    await h.resetTo(TIMELINE);

    // Act
    const may = await blastRadius('ops', { asOf: '2026-05-01T00:00:00Z' });
    const march = await blastRadius('ops', { asOf: '2026-03-01T00:00:00Z' });
    const july = await blastRadius('ops', { asOf: '2026-07-01T00:00:00Z' });

    // Assert
    expect(reached(may)).toEqual([
      ['sys-expired', 1],
      ['sys-granted-at', 1],
      ['sys-revoked-after', 1],
    ]);
    // Before the revocations, the revoked records (and what lies behind them) were access.
    expect(reached(march)).toEqual([
      ['sys-expired', 1],
      ['sys-revoked-after', 1],
      ['sys-revoked-at', 1],
      ['sys-revoked-before', 1],
      ['sys-behind-revoked', 2],
    ]);
    expect(reached(july)).toEqual([
      ['sys-expired', 1],
      ['sys-future', 1],
      ['sys-granted-at', 1],
    ]);
  });

  it("evaluates at the request's now when asOf is omitted, and echoes that instant", async () => {
    // Arrange
    await h.resetTo(TIMELINE);

    // Act
    const data = await h.data(
      `{ blastRadius(from: "ops") { asOf systems { edges { node { system { id } distance } } } } }`,
      {},
      '2026-05-01T00:00:00Z',
    );

    // Assert
    expect(data.blastRadius.asOf).toBe('2026-05-01T00:00:00.000Z');
    expect(data.blastRadius.systems.edges.map((e: any) => [e.node.system.id, e.node.distance])).toEqual([
      ['sys-expired', 1],
      ['sys-granted-at', 1],
      ['sys-revoked-after', 1],
    ]);
  });

  // alice -USES-> old-adm (off) -CAN_ACCESS-> acme-dc01
  // alice -USES-> adm-alice -CAN_ACCESS-> globex-dc01
  // adm-alice -CAN_ACCESS-> vault -CAN_ACCESS-> old-adm (off)
  const DISABLED = graph({
    people: [named('alice')],
    identities: [identity('old-adm', { enabled: false }), identity('adm-alice')],
    tools: [tool('vault')],
    tenants: [named('acme'), named('globex')],
    systems: [system('acme-dc01', 'acme'), system('globex-dc01', 'globex')],
    access: [
      grant('u-old', 'USES', 'alice', 'old-adm'),
      grant('c-old', 'CAN_ACCESS', 'old-adm', 'acme-dc01'),
      grant('u-adm', 'USES', 'alice', 'adm-alice'),
      grant('c-adm', 'CAN_ACCESS', 'adm-alice', 'globex-dc01'),
      grant('c-vault', 'CAN_ACCESS', 'adm-alice', 'vault'),
      grant('c-held', 'CAN_ACCESS', 'vault', 'old-adm'),
    ],
  });

  it('does not continue a path from a disabled identity, whether entered directly or through a vault', async () => {
    // Arrange
    await h.resetTo(DISABLED);

    // Act
    const b = await blastRadius('alice');

    // Assert
    expect(reached(b)).toEqual([['globex-dc01', 2]]);
    expect(tenantCounts(b)).toEqual([['globex', 1]]);
  });

  it('gives a disabled identity an empty blast radius', async () => {
    // Arrange
    await h.resetTo(DISABLED);

    // Act
    const b = await blastRadius('old-adm');

    // Assert
    expect([b.from.id, reached(b), tenantCounts(b), b.systemCount, b.tenantCount]).toEqual(['old-adm', [], [], 0, 0]);
  });

  // alice -MEMBER_OF-> ops-team -USES-> ops-adm -CAN_ACCESS-> acme-dc01
  // ops-adm -CAN_ACCESS-> vault -CAN_ACCESS-> ops-adm          (the vault holds the credential of an identity that reaches it)
  // vault -CAN_ACCESS-> svc-key -CAN_ACCESS-> vault            (and of a key that reaches it back)
  // svc-key -CAN_ACCESS-> ops-adm                               (identity <-> identity through the vault)
  // svc-key -CAN_ACCESS-> acme ==> acme-dc01, acme-fs01
  const CYCLES = graph({
    people: [named('alice')],
    teams: [named('ops-team')],
    identities: [identity('ops-adm'), identity('svc-key', { identityKind: 'API_KEY' })],
    tools: [tool('vault')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme'), system('acme-fs01', 'acme')],
    access: [
      grant('m1', 'MEMBER_OF', 'alice', 'ops-team'),
      grant('u1', 'USES', 'ops-team', 'ops-adm'),
      grant('c1', 'CAN_ACCESS', 'ops-adm', 'acme-dc01'),
      grant('c2', 'CAN_ACCESS', 'ops-adm', 'vault'),
      grant('v1', 'CAN_ACCESS', 'vault', 'ops-adm'),
      grant('v2', 'CAN_ACCESS', 'vault', 'svc-key'),
      grant('k1', 'CAN_ACCESS', 'svc-key', 'vault'),
      grant('k2', 'CAN_ACCESS', 'svc-key', 'ops-adm'),
      grant('k3', 'CAN_ACCESS', 'svc-key', 'acme'),
    ],
  });

  it('terminates on cycles and counts each system once, at its shortest distance', async () => {
    // Arrange
    await h.resetTo(CYCLES);

    // Act: the deepest allowed search, so a traversal that loops would keep finding the cycles.
    const fromAlice = await blastRadius('alice', { maxDepth: 16 });
    const fromVault = await blastRadius('vault', { maxDepth: 16 });

    // Assert
    expect(reached(fromAlice)).toEqual([
      ['acme-dc01', 3],
      ['acme-fs01', 6],
    ]);
    expect(tenantCounts(fromAlice)).toEqual([['acme', 2]]);
    expect([fromAlice.systemCount, fromAlice.systems.totalCount]).toEqual([2, 2]);
    expect(reached(fromVault)).toEqual([
      ['acme-dc01', 2],
      ['acme-fs01', 3],
    ]);
  });

  // tech -CAN_ACCESS-> acme-dc01                                         (1, plain)
  // tech -HAS_ROLE-> dc-admin* -GRANTS-> acme-dc01                       (2, through a privileged Role)
  // tech -CAN_ACCESS*-> rmm -CAN_ACCESS-> acme-fs01                      (2, through a privileged record)
  // tech -CAN_ACCESS-> acme-web                                          (1, nothing privileged on any path)
  // tech -CAN_ACCESS-> globex-dc01                                       (1, plain)
  // tech -CAN_ACCESS-> psa -CAN_ACCESS-> helper -HAS_ROLE-> far-admin* -GRANTS-> globex-dc01   (4, privileged)
  const PRIVILEGE = graph({
    identities: [identity('tech'), identity('helper', { identityKind: 'SERVICE_ACCOUNT' })],
    tools: [tool('rmm'), tool('psa')],
    roles: [role('dc-admin', true), role('far-admin', true)],
    tenants: [named('acme'), named('globex')],
    systems: [system('acme-dc01', 'acme'), system('acme-fs01', 'acme'), system('acme-web', 'acme'), system('globex-dc01', 'globex')],
    access: [
      grant('c-dc', 'CAN_ACCESS', 'tech', 'acme-dc01'),
      grant('r-dc', 'HAS_ROLE', 'tech', 'dc-admin'),
      grant('g-dc', 'GRANTS', 'dc-admin', 'acme-dc01'),
      grant('c-rmm', 'CAN_ACCESS', 'tech', 'rmm', { privileged: true }),
      grant('c-fs', 'CAN_ACCESS', 'rmm', 'acme-fs01'),
      grant('c-web', 'CAN_ACCESS', 'tech', 'acme-web'),
      grant('c-gdc', 'CAN_ACCESS', 'tech', 'globex-dc01'),
      grant('c-psa', 'CAN_ACCESS', 'tech', 'psa'),
      grant('c-helper', 'CAN_ACCESS', 'psa', 'helper'),
      grant('r-far', 'HAS_ROLE', 'helper', 'far-admin'),
      grant('g-far', 'GRANTS', 'far-admin', 'globex-dc01'),
    ],
  });

  it('marks a system privileged when some path within maxDepth passes a privileged record or Role, even if its shortest path does not', async () => {
    // Arrange
    await h.resetTo(PRIVILEGE);

    // Act
    const b = await blastRadius('tech', { maxDepth: 4 });

    // Assert
    expect(reachedPrivileged(b)).toEqual([
      ['acme-dc01', 1, true],
      ['acme-web', 1, false],
      ['globex-dc01', 1, true],
      ['acme-fs01', 2, true],
    ]);
  });

  it('does not mark a system privileged when its only privileged path is longer than maxDepth', async () => {
    // Arrange
    await h.resetTo(PRIVILEGE);

    // Act
    const b = await blastRadius('tech', { maxDepth: 3 });

    // Assert: the far-admin path to globex-dc01 has 4 steps.
    expect(reachedPrivileged(b)).toEqual([
      ['acme-dc01', 1, true],
      ['acme-web', 1, false],
      ['globex-dc01', 1, false],
      ['acme-fs01', 2, true],
    ]);
  });

  it('counts the origin as privileged when it is a privileged Role', async () => {
    // Arrange
    await h.resetTo(PRIVILEGE);

    // Act
    const b = await blastRadius('dc-admin');

    // Assert
    expect(reachedPrivileged(b)).toEqual([['acme-dc01', 1, true]]);
  });

  // tech -CAN_ACCESS[c-a]-> a-tool -CAN_ACCESS[a-x]-> x-sys      (2, plain; first by id)
  // tech -CAN_ACCESS*[c-z]-> z-tool -CAN_ACCESS[z-x]-> x-sys     (2, privileged)
  const TIE = graph({
    identities: [identity('tech')],
    tools: [tool('a-tool'), tool('z-tool')],
    tenants: [named('acme')],
    systems: [system('x-sys', 'acme')],
    access: [
      grant('c-a', 'CAN_ACCESS', 'tech', 'a-tool'),
      grant('a-x', 'CAN_ACCESS', 'a-tool', 'x-sys'),
      grant('c-z', 'CAN_ACCESS', 'tech', 'z-tool', { privileged: true }),
      grant('z-x', 'CAN_ACCESS', 'z-tool', 'x-sys'),
    ],
  });

  it('shows the privileged witness path when a privileged and a plain path tie for shortest', async () => {
    // Arrange
    await h.resetTo(TIE);

    // Act
    const data = await h.data(
      `query($asOf: DateTime) { blastRadius(from: "tech", asOf: $asOf) { systems { edges { node {
        system { id } distance privileged path { steps { from { id } to { id } access { id privileged } } }
      } } } } }`,
      { asOf: AS_OF },
    );

    // Assert
    expect(data.blastRadius.systems.edges.map((e: any) => e.node)).toEqual([
      {
        system: { id: 'x-sys' },
        distance: 2,
        privileged: true,
        path: {
          steps: [
            { from: { id: 'tech' }, to: { id: 'z-tool' }, access: { id: 'c-z', privileged: true } },
            { from: { id: 'z-tool' }, to: { id: 'x-sys' }, access: { id: 'z-x', privileged: false } },
          ],
        },
      },
    ]);
  });

  // alice -USES-> adm -CAN_ACCESS-> acme-dc01                          (2)
  // adm -CAN_ACCESS-> umbrella (tenant, no systems)                    (2)
  // adm -CAN_ACCESS-> rmm -CAN_ACCESS-> globex-dc01                    (3)
  // rmm -CAN_ACCESS-> initech (3) ==> initech-sql                      (4)
  const DEPTH = graph({
    people: [named('alice')],
    identities: [identity('adm')],
    tools: [tool('rmm')],
    tenants: [named('acme'), named('globex'), named('initech'), named('umbrella')],
    systems: [system('acme-dc01', 'acme'), system('globex-dc01', 'globex'), system('initech-sql', 'initech')],
    access: [
      grant('u1', 'USES', 'alice', 'adm'),
      grant('c1', 'CAN_ACCESS', 'adm', 'acme-dc01'),
      grant('c2', 'CAN_ACCESS', 'adm', 'umbrella'),
      grant('c3', 'CAN_ACCESS', 'adm', 'rmm'),
      grant('c4', 'CAN_ACCESS', 'rmm', 'globex-dc01'),
      grant('c5', 'CAN_ACCESS', 'rmm', 'initech'),
    ],
  });

  it('leaves out systems beyond maxDepth, and lists a tenant reached within maxDepth whose systems lie beyond it with systemCount 0', async () => {
    // Arrange
    await h.resetTo(DEPTH);

    // Act
    const two = await blastRadius('alice', { maxDepth: 2 });
    const three = await blastRadius('alice', { maxDepth: 3 });
    const four = await blastRadius('alice', { maxDepth: 4 });

    // Assert
    expect([two.maxDepth, reached(two), tenantCounts(two)]).toEqual([2, [['acme-dc01', 2]], [['acme', 1], ['umbrella', 0]]]);
    expect([reached(three), tenantCounts(three)]).toEqual([
      [
        ['acme-dc01', 2],
        ['globex-dc01', 3],
      ],
      [
        ['acme', 1],
        ['globex', 1],
        ['initech', 0],
        ['umbrella', 0],
      ],
    ]);
    expect([reached(four), tenantCounts(four)]).toEqual([
      [
        ['acme-dc01', 2],
        ['globex-dc01', 3],
        ['initech-sql', 4],
      ],
      [
        ['acme', 1],
        ['globex', 1],
        ['initech', 1],
        ['umbrella', 0],
      ],
    ]);
  });

  // x -CAN_ACCESS-> beta ==> beta-1, beta-2, beta-3
  // x -CAN_ACCESS-> delta-1, delta-2, delta-3          (delta-4 not reached)
  // x -CAN_ACCESS-> alpha-1                            (alpha-2 not reached)
  // x -CAN_ACCESS-> gamma                              (a tenant with no systems)
  const TENANTS = graph({
    identities: [identity('x')],
    tenants: [named('alpha'), named('beta'), named('delta'), named('gamma')],
    systems: [
      system('alpha-1', 'alpha'),
      system('alpha-2', 'alpha'),
      system('beta-1', 'beta'),
      system('beta-2', 'beta'),
      system('beta-3', 'beta'),
      system('delta-1', 'delta'),
      system('delta-2', 'delta'),
      system('delta-3', 'delta'),
      system('delta-4', 'delta'),
    ],
    access: [
      grant('c-beta', 'CAN_ACCESS', 'x', 'beta'),
      grant('c-d1', 'CAN_ACCESS', 'x', 'delta-1'),
      grant('c-d2', 'CAN_ACCESS', 'x', 'delta-2'),
      grant('c-d3', 'CAN_ACCESS', 'x', 'delta-3'),
      grant('c-a1', 'CAN_ACCESS', 'x', 'alpha-1'),
      grant('c-gamma', 'CAN_ACCESS', 'x', 'gamma'),
    ],
  });

  it('lists the tenants of the reached systems with their counts, most systems first, then by id', async () => {
    // Arrange
    await h.resetTo(TENANTS);

    // Act
    const b = await blastRadius('x');

    // Assert
    expect(tenantCounts(b)).toEqual([
      ['beta', 3],
      ['delta', 3],
      ['alpha', 1],
      ['gamma', 0],
    ]);
    expect([b.systemCount, b.tenantCount]).toEqual([7, 4]);
  });

  it('rejects a maxDepth outside 1..16 as BAD_USER_INPUT naming maxDepth, and accepts both bounds', async () => {
    // Arrange
    await h.resetTo(DEPTH);

    // Act
    const over = await h.run(BLAST, { from: 'alice', maxDepth: 17 });
    const under = await h.run(BLAST, { from: 'alice', maxDepth: 0 });
    const atCap = await blastRadius('alice', { maxDepth: 16 });
    const atOne = await blastRadius('alice', { maxDepth: 1 });

    // Assert
    expect(failures(over)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'maxDepth' }]);
    expect(over.errors?.[0].message).toMatch(/^maxDepth: .*17/);
    expect(failures(under)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'maxDepth' }]);
    expect([atCap.maxDepth, reached(atCap)]).toEqual([
      16,
      [
        ['acme-dc01', 2],
        ['globex-dc01', 3],
        ['initech-sql', 4],
      ],
    ]);
    expect([atOne.maxDepth, reached(atOne)]).toEqual([1, []]);
  });

  it('rejects a malformed asOf as BAD_USER_INPUT naming asOf', async () => {
    // Arrange
    await h.resetTo(DEPTH);

    // Act
    const words = await h.run(BLAST, { from: 'alice', asOf: 'yesterday' });
    const noSuchDay = await h.run(BLAST, { from: 'alice', asOf: '2026-02-30T00:00:00Z' });
    const noZone = await h.run(BLAST, { from: 'alice', asOf: '2026-02-01T00:00:00' });

    // Assert
    for (const r of [words, noSuchDay, noZone]) expect(failures(r)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'asOf' }]);
  });

  it('answers NOT_FOUND naming from for an unknown id', async () => {
    // Arrange
    await h.resetTo(DEPTH);

    // Act
    const r = await h.run(BLAST, { from: 'nobody' });

    // Assert
    expect(r.errors?.map((e) => e.extensions)).toEqual([{ code: 'NOT_FOUND', argument: 'from', id: 'nobody' }]);
  });

  // scout -CAN_ACCESS-> s-5, s-9                                   (1)
  // scout -CAN_ACCESS-> hop -CAN_ACCESS-> s-1, s-2                 (2)
  // hop -CAN_ACCESS-> far ==> s-0                                  (3)
  const PAGED = graph({
    identities: [identity('scout')],
    tools: [tool('hop')],
    tenants: [named('near'), named('far')],
    systems: [system('s-5', 'near'), system('s-9', 'near'), system('s-1', 'near'), system('s-2', 'near'), system('s-0', 'far')],
    access: [
      grant('c5', 'CAN_ACCESS', 'scout', 's-5'),
      grant('c9', 'CAN_ACCESS', 'scout', 's-9'),
      grant('ch', 'CAN_ACCESS', 'scout', 'hop'),
      grant('h1', 'CAN_ACCESS', 'hop', 's-1'),
      grant('h2', 'CAN_ACCESS', 'hop', 's-2'),
      grant('hf', 'CAN_ACCESS', 'hop', 'far'),
    ],
  });
  const PAGE = `query($after: String, $first: Int, $asOf: DateTime) { blastRadius(from: "scout", asOf: $asOf) {
    systems(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { system { id } distance } } }
  } }`;
  type PagedSystems = { blastRadius: { systems: Page<{ system: { id: string }; distance: number }> } };

  it('pages through systems by endCursor until hasNextPage is false, getting the whole ordered list exactly once', async () => {
    // Arrange
    await h.resetTo(PAGED);
    const whole = reached(await blastRadius('scout'));

    // Act
    const { nodes, pages } = await walkPages(async (after) => {
      const conn = (await h.data<PagedSystems>(PAGE, { first: 2, after, asOf: AS_OF })).blastRadius.systems;
      expect(conn.pageInfo.endCursor).toBe(conn.edges[conn.edges.length - 1].cursor);
      return conn;
    });
    const collected = nodes.map((n) => [n.system.id, n.distance]);

    // Assert
    expect(whole).toEqual([
      ['s-5', 1],
      ['s-9', 1],
      ['s-1', 2],
      ['s-2', 2],
      ['s-0', 3],
    ]);
    expect(collected).toEqual(whole);
    expect(pages).toEqual([
      { totalCount: 5, hasNextPage: true, size: 2 },
      { totalCount: 5, hasNextPage: true, size: 2 },
      { totalCount: 5, hasNextPage: false, size: 1 },
    ]);
  });

  it('rejects a cursor that is not one of ours, and a page size outside 1..1000, as BAD_USER_INPUT', async () => {
    // Arrange
    await h.resetTo(PAGED);

    // Act
    const [badCursor, zero, tooMany] = await badPageRequests((args) => h.run(PAGE, { ...args, asOf: AS_OF }), 'not-a-cursor');
    const most = await h.data(PAGE, { first: 1000, asOf: AS_OF });

    // Assert
    expect(failures(badCursor)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'after' }]);
    expect(failures(zero)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'first' }]);
    expect(failures(tooMany)).toEqual([{ code: 'BAD_USER_INPUT', argument: 'first' }]);
    expect(most.blastRadius.systems.edges.length).toBe(5);
  });

  // leaver (departs 2026-04-01) -USES-> adm-leaver (owned by leaver since T0) -CAN_ACCESS-> acme-dc01
  const LEAVER = graph({
    people: [{ id: 'leaver', name: 'Leaver', departedAt: '2026-04-01T00:00:00Z' }],
    identities: [identity('adm-leaver')],
    tenants: [named('acme')],
    systems: [system('acme-dc01', 'acme')],
    ownerships: [own('leaver', 'adm-leaver')],
    access: [grant('u1', 'USES', 'leaver', 'adm-leaver'), grant('c1', 'CAN_ACCESS', 'adm-leaver', 'acme-dc01')],
  });

  it('evaluates Person.status and owner gaps inside a witness path at asOf, not now', async () => {
    // Arrange
    await h.resetTo(LEAVER);
    const query = `query($asOf: DateTime) { blastRadius(from: "leaver", asOf: $asOf) { systems { edges { node {
      path { steps { from { id ... on Person { status } } to { id } gaps } }
    } } } } }`;
    const stepsAt = async (asOf: string) =>
      (await h.data(query, { asOf }, '2026-11-01T00:00:00Z')).blastRadius.systems.edges.map((e: any) => e.node.path.steps);

    // Act
    const before = await stepsAt('2026-03-01T00:00:00Z');
    const after = await stepsAt('2026-05-01T00:00:00Z');

    // Assert: the request's now (November) is after the departure; asOf decides.
    expect(before).toEqual([
      [
        { from: { id: 'leaver', status: 'ACTIVE' }, to: { id: 'adm-leaver' }, gaps: [] },
        { from: { id: 'adm-leaver' }, to: { id: 'acme-dc01' }, gaps: [] },
      ],
    ]);
    expect(after).toEqual([
      [
        { from: { id: 'leaver', status: 'DEPARTED' }, to: { id: 'adm-leaver' }, gaps: ['OWNER_DEPARTED'] },
        { from: { id: 'adm-leaver' }, to: { id: 'acme-dc01' }, gaps: [] },
      ],
    ]);
  });
});
