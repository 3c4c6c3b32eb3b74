/**
 * MEMBER_OF from an Identity (an account in a directory security group,
 * domain.md "Access records"): the membership is a step like any other, in
 * both reach modes (the in-memory reach index and the level-by-level Neo4j
 * traversal), and nothing continues past a disabled account. Team.members
 * keeps the people, Team.memberIdentities lists the accounts; the findings
 * about people in teams count people only (docs/semantics.md "Identity
 * memberships and the people-centred rules").
 *
 * In the drawing `-KIND->` is an access record, `==>` containment, `(off)` a
 * disabled identity and `*` a privileged Role. Every record is granted at T0,
 * approved and justified.
 */
import { LOCAL_ADMIN } from '../src/core/viewer';
import { createApollo } from '../src/server/app';
import { createContext } from '../src/server/context';
import type { ReachMode } from '../src/reach/traverser';
import { grant, graph, identity, named, role, system } from './support/fixtures';
import { findings, pairs } from './support/findings';
import { useHarness } from './support/harness';

const h = useHarness();
const NOW = '2026-06-01T00:00:00Z';

// ann -USES-> adm-ann -MEMBER_OF-> grp:helpdesk
// bob -USES-> adm-bob (off) -MEMBER_OF-> grp:helpdesk
// carol -MEMBER_OF-> grp:helpdesk
// grp:helpdesk -HAS_ROLE-> role:acme-ga* -GRANTS-> tenant:acme ==> acme-dc, acme-web
// grp:helpdesk -HAS_ROLE-> role:beta-reader -GRANTS-> beta-files (tenant:beta)
// grp:bots (only an account as member: adm-ann; a test adds adm-bob) -USES-> key:backup (API_KEY) -CAN_ACCESS-> beta-files
const GRAPH = graph({
  people: ['ann', 'bob', 'carol'].map(named),
  teams: [named('grp:helpdesk'), named('grp:bots')],
  identities: [identity('adm-ann'), identity('adm-bob', { enabled: false }), identity('key:backup', { identityKind: 'API_KEY' })],
  roles: [role('role:acme-ga', true), role('role:beta-reader')],
  tenants: [named('tenant:acme'), named('tenant:beta')],
  systems: [system('acme-dc', 'tenant:acme'), system('acme-web', 'tenant:acme'), system('beta-files', 'tenant:beta')],
  access: [
    grant('acc:ann-adm', 'USES', 'ann', 'adm-ann'),
    grant('acc:bob-adm', 'USES', 'bob', 'adm-bob'),
    grant('acc:adm-ann-helpdesk', 'MEMBER_OF', 'adm-ann', 'grp:helpdesk'),
    grant('acc:adm-bob-helpdesk', 'MEMBER_OF', 'adm-bob', 'grp:helpdesk'),
    grant('acc:carol-helpdesk', 'MEMBER_OF', 'carol', 'grp:helpdesk'),
    grant('acc:helpdesk-ga', 'HAS_ROLE', 'grp:helpdesk', 'role:acme-ga'),
    grant('acc:helpdesk-reader', 'HAS_ROLE', 'grp:helpdesk', 'role:beta-reader'),
    grant('acc:ga-acme', 'GRANTS', 'role:acme-ga', 'tenant:acme'),
    grant('acc:reader-files', 'GRANTS', 'role:beta-reader', 'beta-files'),
    grant('acc:adm-ann-bots', 'MEMBER_OF', 'adm-ann', 'grp:bots'),
    grant('acc:bots-key', 'USES', 'grp:bots', 'key:backup'),
    grant('acc:key-files', 'CAN_ACCESS', 'key:backup', 'beta-files'),
  ],
});

beforeAll(() => h.resetTo(GRAPH, NOW));

async function ask(mode: ReachMode, query: string, variables: Record<string, unknown>) {
  const apollo = createApollo();
  await apollo.start();
  try {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(h.exec, LOCAL_ADMIN, NOW, mode) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult as { data?: any; errors?: unknown };
    if (errors) throw new Error(JSON.stringify(errors));
    return data;
  } finally {
    await apollo.stop();
  }
}

const BLAST = `query($id: ID!) { blastRadius(from: $id) {
  tenants { tenant { id } systemCount }
  systems(first: 1000) { edges { node { system { id } distance privileged } } } } }`;
const WHO = `query($id: ID!) { whoCanReach(target: $id) {
  people(first: 1000) { edges { node { entity { id } distance } } }
  identities(first: 1000) { edges { node { entity { id } distance } } } } }`;
const PATHS = `query($from: ID!, $to: ID!) { accessPaths(from: $from, to: $to, first: 10) { steps { from { id } to { id } access { id } } } }`;

/** [system, distance, privileged] sorted by system id, and [tenant, systemCount] sorted. */
async function blast(mode: ReachMode, id: string) {
  const b = (await ask(mode, BLAST, { id })).blastRadius;
  return {
    systems: b.systems.edges.map((e: any) => [e.node.system.id, e.node.distance, e.node.privileged]).sort(),
    tenants: b.tenants.map((t: any) => [t.tenant.id, t.systemCount]).sort(),
  };
}

async function who(mode: ReachMode, id: string) {
  const w = (await ask(mode, WHO, { id })).whoCanReach;
  const list = (c: any) => c.edges.map((e: any) => [e.node.entity.id, e.node.distance]).sort();
  return { people: list(w.people), identities: list(w.identities) };
}

describe.each<ReachMode>(['index', 'neo4j'])('an identity in a security group, reach mode %s', (mode) => {
  it("reaches exactly what the group's roles reach, one step further", async () => {
    const group = await blast(mode, 'grp:helpdesk');
    const account = await blast(mode, 'adm-ann');

    expect(group.systems).toEqual([
      ['acme-dc', 3, true],
      ['acme-web', 3, true],
      ['beta-files', 2, false],
    ]);
    // adm-ann also reaches beta-files through grp:bots -> key:backup (distance 3, as via the reader role).
    expect(account.systems).toEqual(group.systems.map(([id, d, p]: [string, number, boolean]) => [id, d + 1, p]));
    expect(account.tenants).toEqual([
      ['tenant:acme', 2],
      ['tenant:beta', 1],
    ]);
  });

  it('takes the person behind the account to the tenant: Person -> USES -> Identity -> MEMBER_OF -> Team -> HAS_ROLE -> Role -> GRANTS -> Tenant', async () => {
    expect(await blast(mode, 'ann')).toEqual({
      systems: [
        ['acme-dc', 5, true],
        ['acme-web', 5, true],
        ['beta-files', 4, false],
      ],
      tenants: [
        ['tenant:acme', 2],
        ['tenant:beta', 1],
      ],
    });
    const paths = (await ask(mode, PATHS, { from: 'ann', to: 'tenant:acme' })).accessPaths;
    expect(paths.map((p: any) => p.steps.map((s: any) => [s.from.id, s.access?.id ?? null, s.to.id]))).toEqual([
      [
        ['ann', 'acc:ann-adm', 'adm-ann'],
        ['adm-ann', 'acc:adm-ann-helpdesk', 'grp:helpdesk'],
        ['grp:helpdesk', 'acc:helpdesk-ga', 'role:acme-ga'],
        ['role:acme-ga', 'acc:ga-acme', 'tenant:acme'],
      ],
    ]);
  });

  it("stops at a disabled account: its membership reaches nothing, and neither does the person who uses it", async () => {
    expect(await blast(mode, 'adm-bob')).toEqual({ systems: [], tenants: [] });
    expect(await blast(mode, 'bob')).toEqual({ systems: [], tenants: [] });
    expect((await ask(mode, PATHS, { from: 'bob', to: 'tenant:acme' })).accessPaths).toEqual([]);
  });

  it('lists the enabled account (and the people behind it and in the group) as reaching the tenant, never the disabled one', async () => {
    expect(await who(mode, 'tenant:acme')).toEqual({
      people: [
        ['ann', 4],
        ['carol', 3],
      ],
      identities: [['adm-ann', 3]],
    });
    expect(await who(mode, 'beta-files')).toEqual({
      people: [
        ['ann', 4],
        ['carol', 3],
      ],
      identities: [
        ['adm-ann', 3],
        ['key:backup', 1],
      ],
    });
  });
});

describe('a team with account members', () => {
  it('lists its people as members and its accounts, disabled ones included, as memberIdentities', async () => {
    const data = await h.data(`{ entity(id: "grp:helpdesk") { ... on Team { members { id } memberIdentities { id enabled } } } }`, {}, NOW);

    expect(data.entity).toEqual({
      members: [{ id: 'carol' }],
      memberIdentities: [
        { id: 'adm-ann', enabled: true },
        { id: 'adm-bob', enabled: false },
      ],
    });
  });

  it('answers memberIdentities at the asOf of a path step: a membership revoked later still shows before it', async () => {
    await h.load({ access: [{ id: 'acc:adm-ann-bots', kind: 'MEMBER_OF', fromId: 'adm-ann', toId: 'grp:bots', revokedAt: '2026-05-01T00:00:00Z' }] }, NOW);
    const at = async (asOf: string) =>
      (await h.data(`query($asOf: DateTime) { accessPaths(from: "adm-ann", to: "grp:bots", asOf: $asOf) { steps { to { ... on Team { memberIdentities { id } } } } } }`, { asOf }, NOW)).accessPaths;

    expect(await at('2026-04-01T00:00:00Z')).toEqual([{ steps: [{ to: { memberIdentities: [{ id: 'adm-ann' }] } }] }]);
    expect(await at(NOW)).toEqual([]);
    await h.resetTo(GRAPH, NOW);
  });

  it("raises HUMAN_USE_OF_NHI for the person behind an account in a team that uses a non-human identity, never through a disabled account, and DEPARTED_PERSON_ACCESS for no account", async () => {
    await h.load({ access: [grant('acc:adm-bob-bots', 'MEMBER_OF', 'adm-bob', 'grp:bots')] }, NOW);
    try {
      const [finding, ...others] = await findings(h, { codes: ['HUMAN_USE_OF_NHI', 'DEPARTED_PERSON_ACCESS'] }, NOW);

      expect(others).toEqual([]);
      expect({ code: finding.code, entity: finding.entity, detail: finding.detail, evidence: finding.evidence, records: finding.records }).toEqual({
        code: 'HUMAN_USE_OF_NHI',
        entity: 'key:backup',
        detail: 'API_KEY identity used by 1 person (0 directly, 1 only through a team).',
        evidence: [['ann -acc:ann-adm-> adm-ann', 'adm-ann -acc:adm-ann-bots-> grp:bots', 'grp:bots -acc:bots-key-> key:backup']],
        records: ['acc:bots-key'],
      });
    } finally {
      await h.resetTo(GRAPH, NOW);
    }
  });

  it('carries reach into findings: a terminated tenant reached through an account in a group is reachable by a person', async () => {
    await h.load({ tenants: [{ id: 'tenant:acme', name: 'tenant:acme', contractStatus: 'TERMINATED', contractEndedAt: '2026-05-01T00:00:00Z' }] }, NOW);
    try {
      expect(await pairs(h, { codes: ['TERMINATED_TENANT_REACHABLE'] }, NOW)).toEqual(['TERMINATED_TENANT_REACHABLE tenant:acme']);
    } finally {
      await h.resetTo(GRAPH, NOW);
    }
  });
});
