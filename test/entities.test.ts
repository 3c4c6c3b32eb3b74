/**
 * Reading the graph one record at a time (entity, access) and listing it
 * (entities), with the time-dependent fields (Person.status, Team.members,
 * owners, gaps) evaluated at the request's now (docs/semantics.md, "Time").
 */
import { argumentProblem, iso, problemsOf, useHarness } from './support/harness';
import { APPROVER, grant, graph } from './support/fixtures';
import { walkPages, type Page } from './support/pages';

const h = useHarness();

/** The request's now for every read below, unless a test says otherwise. */
const NOW = '2026-04-01T00:00:00Z';
/** When the fixture was ingested: the default `since` of an owner link. */
const LOADED = '2026-02-15T00:00:00Z';

/** Any BAD_USER_INPUT answer at NOW: data is null and the one error's problems are returned. */
const inputProblems = async (query: string, variables: Record<string, unknown>) => problemsOf(await h.run(query, variables, NOW));

// tenant:acme (TERMINATED 2026-02-01) -contains-> system:acme-dc (CRITICAL, NON_PRODUCTION)
// person:ann (email, employer), person:bob (departs 2026-06-01), person:cy (DEPARTED, no date)
// person:ann -MEMBER_OF(acc:ann-ops)-> team:ops, and again through acc:ann-ops-2 (listed once)
// person:bob -MEMBER_OF(acc:bob-ops, revoked 2026-03-01)-> team:ops
// person:cy  -MEMBER_OF(acc:cy-ops, granted 2026-05-01, after NOW)-> team:ops
// team:ops -USES(acc:bare: no approver, justification '  ')-> identity:adm-ann
// identity:adm-ann (home tenant acme) -CAN_ACCESS(acc:full: every governance field)-> system:acme-dc
// tool:rmm (RMM, pooled), role:ga (privileged, tenant acme)
// owners: identity:adm-ann <- person:ann (PLATFORM_OWNER since 2026-01-15), team:ops (defaults),
//                             person:bob (CLIENT_SERVICE_OWNER since 2026-05-01, after NOW)
//         tool:rmm <- team:ops only; role:ga: nobody
const GRAPH = graph({
  source: 'hr-feed',
  tenants: [{ id: 'tenant:acme', name: 'Acme', contractStatus: 'TERMINATED', contractEndedAt: '2026-02-01T00:00:00Z' }],
  systems: [{ id: 'system:acme-dc', name: 'Acme DC', tenantId: 'tenant:acme', criticality: 'CRITICAL', environment: 'NON_PRODUCTION' }],
  people: [
    { id: 'person:ann', name: 'Ann', email: 'ann@msp.example', employer: 'MSP' },
    { id: 'person:bob', name: 'Bob', departedAt: '2026-06-01T00:00:00Z' },
    { id: 'person:cy', name: 'Cy', status: 'DEPARTED' },
  ],
  teams: [{ id: 'team:ops', name: 'Ops' }],
  identities: [
    {
      id: 'identity:adm-ann',
      name: 'adm-ann',
      identityKind: 'HUMAN_ACCOUNT',
      tenantId: 'tenant:acme',
      lastUsedAt: '2026-03-20T08:00:00Z',
      credentialRotatedAt: '2026-01-02T00:00:00Z',
      credentialExpiresAt: '2026-07-01T00:00:00Z',
      mfa: true,
    },
  ],
  tools: [{ id: 'tool:rmm', name: 'RMM', category: 'RMM', pooled: true }],
  roles: [{ id: 'role:ga', name: 'Global Admin', privileged: true, tenantId: 'tenant:acme' }],
  ownerships: [
    { ownerId: 'person:ann', entityId: 'identity:adm-ann', role: 'PLATFORM_OWNER', since: '2026-01-15T00:00:00Z' },
    { ownerId: 'team:ops', entityId: 'identity:adm-ann' },
    { ownerId: 'person:bob', entityId: 'identity:adm-ann', role: 'CLIENT_SERVICE_OWNER', since: '2026-05-01T00:00:00Z' },
    { ownerId: 'team:ops', entityId: 'tool:rmm', since: '2026-01-15T00:00:00Z' },
  ],
  access: [
    grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'),
    grant('acc:ann-ops-2', 'MEMBER_OF', 'person:ann', 'team:ops'),
    grant('acc:bob-ops', 'MEMBER_OF', 'person:bob', 'team:ops', { revokedAt: '2026-03-01T00:00:00Z' }),
    grant('acc:cy-ops', 'MEMBER_OF', 'person:cy', 'team:ops', { grantedAt: '2026-05-01T00:00:00Z' }),
    grant('acc:bare', 'USES', 'team:ops', 'identity:adm-ann', { approvedById: null, justification: '  ' }),
    grant('acc:full', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-dc', {
      privileged: true,
      justification: 'CHG-42',
      requestedById: 'person:ann',
      approvedAt: '2026-01-09T12:00:00Z',
      grantedAt: '2026-01-10T00:00:00Z',
      expiresAt: '2026-12-31T00:00:00Z',
      lastCertifiedAt: '2026-03-01T00:00:00Z',
      certifiedById: 'person:bob',
      revokedAt: '2026-11-30T00:00:00Z',
      lastUsedAt: '2026-03-25T00:00:00Z',
    }),
  ],
});

const ALL_IDS = ['identity:adm-ann', 'person:ann', APPROVER, 'person:bob', 'person:cy', 'role:ga', 'system:acme-dc', 'team:ops', 'tenant:acme', 'tool:rmm'].sort();

const ENTITY = `query($id: ID!) { entity(id: $id) {
  __typename id kind name
  ... on Person { email employer status departedAt }
  ... on Team { members { id } }
  ... on Identity { identityKind enabled tenant { id } lastUsedAt credentialRotatedAt credentialExpiresAt mfa owners { owner { __typename id } role since } gaps }
  ... on Tool { category pooled owners { owner { __typename id } role since } gaps }
  ... on Role { privileged tenant { id } owners { owner { __typename id } role since } gaps }
  ... on Tenant { contractStatus contractEndedAt }
  ... on System { systemTenant: tenant { id } criticality environment }
} }`;

const ACCESS = `query($id: ID!) { access(id: $id) {
  id kind from { __typename id } to { __typename id } privileged justification
  requestedBy { __typename id name } approvedBy { __typename id name } approvedAt grantedAt expiresAt
  lastCertifiedAt certifiedBy { __typename id name } revokedAt lastUsedAt source gaps
} }`;

const LIST = `query($kind: EntityKind, $first: Int, $after: String) {
  entities(kind: $kind, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { __typename id kind } } }
}`;

describe('one graph, read at NOW', () => {
  beforeAll(() => h.resetTo(GRAPH, LOADED));

  const kinds: { kind: string; id: string; expected: Record<string, unknown> }[] = [
    {
      kind: 'a Person',
      id: 'person:ann',
      expected: { __typename: 'Person', id: 'person:ann', kind: 'PERSON', name: 'Ann', email: 'ann@msp.example', employer: 'MSP', status: 'ACTIVE', departedAt: null },
    },
    { kind: 'a Team', id: 'team:ops', expected: { __typename: 'Team', id: 'team:ops', kind: 'TEAM', name: 'Ops', members: [{ id: 'person:ann' }] } },
    {
      kind: 'an Identity',
      id: 'identity:adm-ann',
      expected: {
        __typename: 'Identity',
        id: 'identity:adm-ann',
        kind: 'IDENTITY',
        name: 'adm-ann',
        identityKind: 'HUMAN_ACCOUNT',
        enabled: true,
        tenant: { id: 'tenant:acme' },
        lastUsedAt: iso('2026-03-20T08:00:00Z'),
        credentialRotatedAt: iso('2026-01-02T00:00:00Z'),
        credentialExpiresAt: iso('2026-07-01T00:00:00Z'),
        mfa: true,
        owners: [
          { owner: { __typename: 'Person', id: 'person:ann' }, role: 'PLATFORM_OWNER', since: iso('2026-01-15T00:00:00Z') },
          { owner: { __typename: 'Team', id: 'team:ops' }, role: 'SERVICE_OWNER', since: iso(LOADED) },
        ],
        gaps: [],
      },
    },
    {
      kind: 'a Tool',
      id: 'tool:rmm',
      expected: {
        __typename: 'Tool',
        id: 'tool:rmm',
        kind: 'TOOL',
        name: 'RMM',
        category: 'RMM',
        pooled: true,
        owners: [{ owner: { __typename: 'Team', id: 'team:ops' }, role: 'SERVICE_OWNER', since: iso('2026-01-15T00:00:00Z') }],
        gaps: ['OWNER_IS_TEAM'],
      },
    },
    {
      kind: 'a Role',
      id: 'role:ga',
      expected: { __typename: 'Role', id: 'role:ga', kind: 'ROLE', name: 'Global Admin', privileged: true, tenant: { id: 'tenant:acme' }, owners: [], gaps: ['NO_OWNER'] },
    },
    {
      kind: 'a Tenant',
      id: 'tenant:acme',
      expected: { __typename: 'Tenant', id: 'tenant:acme', kind: 'TENANT', name: 'Acme', contractStatus: 'TERMINATED', contractEndedAt: iso('2026-02-01T00:00:00Z') },
    },
    {
      kind: 'a System',
      id: 'system:acme-dc',
      expected: { __typename: 'System', id: 'system:acme-dc', kind: 'SYSTEM', name: 'Acme DC', systemTenant: { id: 'tenant:acme' }, criticality: 'CRITICAL', environment: 'NON_PRODUCTION' },
    },
  ];

  it.each(kinds)('reads $kind by id with its kind and its kind-specific fields', async ({ id, expected }) => {
    expect((await h.data(ENTITY, { id }, NOW)).entity).toEqual(expected);
  });

  it('answers null for an id that names no entity, and for an access record id', async () => {
    expect(await h.data(`{ ghost: entity(id: "person:ghost") { id } record: entity(id: "acc:full") { id } }`, {}, NOW)).toEqual({ ghost: null, record: null });
  });

  it('reads an access record with every governance field, its endpoints, and the people behind it', async () => {
    expect((await h.data(ACCESS, { id: 'acc:full' }, NOW)).access).toEqual({
      id: 'acc:full',
      kind: 'CAN_ACCESS',
      from: { __typename: 'Identity', id: 'identity:adm-ann' },
      to: { __typename: 'System', id: 'system:acme-dc' },
      privileged: true,
      justification: 'CHG-42',
      requestedBy: { __typename: 'Person', id: 'person:ann', name: 'Ann' },
      approvedBy: { __typename: 'Person', id: APPROVER, name: 'Approver' },
      approvedAt: iso('2026-01-09T12:00:00Z'),
      grantedAt: iso('2026-01-10T00:00:00Z'),
      expiresAt: iso('2026-12-31T00:00:00Z'),
      lastCertifiedAt: iso('2026-03-01T00:00:00Z'),
      certifiedBy: { __typename: 'Person', id: 'person:bob', name: 'Bob' },
      revokedAt: iso('2026-11-30T00:00:00Z'),
      lastUsedAt: iso('2026-03-25T00:00:00Z'),
      source: 'hr-feed',
      gaps: [],
    });
  });

  it('gives an access record with no approver and a blank justification both record gaps', async () => {
    expect((await h.data(ACCESS, { id: 'acc:bare' }, NOW)).access).toEqual({
      id: 'acc:bare',
      kind: 'USES',
      from: { __typename: 'Team', id: 'team:ops' },
      to: { __typename: 'Identity', id: 'identity:adm-ann' },
      privileged: false,
      justification: '  ',
      requestedBy: null,
      approvedBy: null,
      approvedAt: null,
      grantedAt: iso('2026-01-01T00:00:00Z'),
      expiresAt: null,
      lastCertifiedAt: null,
      certifiedBy: null,
      revokedAt: null,
      lastUsedAt: null,
      source: 'hr-feed',
      gaps: ['NO_APPROVAL', 'NO_JUSTIFICATION'],
    });
  });

  it('answers null for an id that names no access record, and for an entity id', async () => {
    expect(await h.data(`{ ghost: access(id: "acc:ghost") { id } entity: access(id: "person:ann") { id } }`, {}, NOW)).toEqual({ ghost: null, entity: null });
  });

  /** Follows endCursor from the first page to the last, keeping what each page said. */
  async function allPages(variables: Record<string, unknown>) {
    const pages: { ids: string[]; totalCount: number; hasNextPage: boolean; endCursorIsLastEdge: boolean }[] = [];
    await walkPages(async (after) => {
      const { entities } = await h.data<{ entities: Page<{ id: string }> }>(LIST, { ...variables, ...(after ? { after } : {}) }, NOW);
      const edges = entities.edges;
      pages.push({
        ids: edges.map((e) => e.node.id),
        totalCount: entities.totalCount,
        hasNextPage: entities.pageInfo.hasNextPage,
        endCursorIsLastEdge: entities.pageInfo.endCursor === edges[edges.length - 1]?.cursor,
      });
      return entities;
    });
    return pages;
  }

  it('lists every entity in id order, two per page, following endCursor until hasNextPage is false', async () => {
    const pages = await allPages({ first: 2 });
    expect(pages).toEqual([0, 2, 4, 6, 8].map((i) => ({ ids: ALL_IDS.slice(i, i + 2), totalCount: 10, hasNextPage: i < 8, endCursorIsLastEdge: true })));
    expect(pages.flatMap((p) => p.ids)).toEqual(ALL_IDS);
  });

  it('lists only the entities of the kind asked for, with their own totalCount and pages', async () => {
    expect(await allPages({ kind: 'PERSON', first: 2 })).toEqual([
      { ids: ['person:ann', APPROVER], totalCount: 4, hasNextPage: true, endCursorIsLastEdge: true },
      { ids: ['person:bob', 'person:cy'], totalCount: 4, hasNextPage: false, endCursorIsLastEdge: true },
    ]);
    const byKind: Record<string, string[]> = {};
    for (const kind of ['PERSON', 'TEAM', 'IDENTITY', 'TOOL', 'ROLE', 'TENANT', 'SYSTEM']) {
      const { entities } = await h.data(LIST, { kind }, NOW);
      byKind[kind] = entities.edges.map((e: any) => `${e.node.__typename}/${e.node.kind}/${e.node.id}`);
    }
    expect(byKind).toEqual({
      PERSON: ['Person/PERSON/person:ann', `Person/PERSON/${APPROVER}`, 'Person/PERSON/person:bob', 'Person/PERSON/person:cy'],
      TEAM: ['Team/TEAM/team:ops'],
      IDENTITY: ['Identity/IDENTITY/identity:adm-ann'],
      TOOL: ['Tool/TOOL/tool:rmm'],
      ROLE: ['Role/ROLE/role:ga'],
      TENANT: ['Tenant/TENANT/tenant:acme'],
      SYSTEM: ['System/SYSTEM/system:acme-dc'],
    });
  });

  it('accepts first: 1000, the largest page', async () => {
    const { entities } = await h.data(LIST, { first: 1000 }, NOW);
    expect({ ids: entities.edges.map((e: any) => e.node.id), totalCount: entities.totalCount, hasNextPage: entities.pageInfo.hasNextPage }).toEqual({
      ids: ALL_IDS,
      totalCount: 10,
      hasNextPage: false,
    });
  });

  it('refuses a cursor that is not one of this list as BAD_USER_INPUT naming after', async () => {
    expect(await inputProblems(LIST, { after: 'not-a-cursor' })).toEqual([argumentProblem('after', 'not a cursor from this list')]);
    // Well-formed, but the sort key of another list (two parts, where entities has one).
    const foreign = Buffer.from('pw1:[1,"system:acme-dc"]', 'utf8').toString('base64url');
    expect(await inputProblems(LIST, { after: foreign })).toEqual([argumentProblem('after', 'not a cursor from this list')]);
  });

  it.each([0, 1001, -1])('refuses first: %i as BAD_USER_INPUT naming first', async (first) => {
    expect(await inputProblems(LIST, { first })).toEqual([argumentProblem('first', `must be between 1 and 1000, got ${first}`)]);
  });

  const MEMBERS = `{ entity(id: "team:ops") { ... on Team { members { id } } } }`;

  it('lists as team members only people whose MEMBER_OF record is present at now, each once', async () => {
    const at = async (now: string) => (await h.data(MEMBERS, {}, now)).entity.members;
    expect({
      beforeBobRevoked: await at('2026-02-28T23:59:59Z'),
      whenBobRevoked: await at('2026-03-01T00:00:00Z'),
      now: await at(NOW),
      whenCyGranted: await at('2026-05-01T00:00:00Z'),
    }).toEqual({
      beforeBobRevoked: [{ id: 'person:ann' }, { id: 'person:bob' }],
      whenBobRevoked: [{ id: 'person:ann' }],
      now: [{ id: 'person:ann' }],
      whenCyGranted: [{ id: 'person:ann' }, { id: 'person:cy' }],
    });
  });

  it('lists the owner links present at now (since <= now), each with its owner, role and since', async () => {
    const OWNERS = `{ entity(id: "identity:adm-ann") { ... on Identity { owners { owner { __typename id } role since } } } }`;
    const at = async (now: string) => (await h.data(OWNERS, {}, now)).entity.owners;
    const ann = { owner: { __typename: 'Person', id: 'person:ann' }, role: 'PLATFORM_OWNER', since: iso('2026-01-15T00:00:00Z') };
    const ops = { owner: { __typename: 'Team', id: 'team:ops' }, role: 'SERVICE_OWNER', since: iso(LOADED) };
    const bob = { owner: { __typename: 'Person', id: 'person:bob' }, role: 'CLIENT_SERVICE_OWNER', since: iso('2026-05-01T00:00:00Z') };
    expect({
      beforeTeamLink: await at('2026-02-14T23:59:59Z'),
      now: await at(NOW),
      whenBobLinked: await at('2026-05-01T00:00:00Z'),
    }).toEqual({
      beforeTeamLink: [ann],
      now: [ann, ops],
      whenBobLinked: [ann, bob, ops],
    });
  });
});

describe('Person.status', () => {
  // person:leaver departs 2026-06-01; person:gone is DEPARTED with no date;
  // person:scheduled is DEPARTED with a departure date of 2026-06-01; person:stay never departs.
  beforeAll(() =>
    h.resetTo(
      graph({
        people: [
          { id: 'person:leaver', name: 'Leaver', departedAt: '2026-06-01T00:00:00Z' },
          { id: 'person:gone', name: 'Gone', status: 'DEPARTED' },
          { id: 'person:scheduled', name: 'Scheduled', status: 'DEPARTED', departedAt: '2026-06-01T00:00:00Z' },
          { id: 'person:stay', name: 'Stay' },
        ],
      }),
      LOADED,
    ),
  );

  const STATUS = `{
    leaver: entity(id: "person:leaver") { ... on Person { status departedAt } }
    gone: entity(id: "person:gone") { ... on Person { status departedAt } }
    scheduled: entity(id: "person:scheduled") { ... on Person { status departedAt } }
    stay: entity(id: "person:stay") { ... on Person { status departedAt } }
  }`;
  const status = async (now: string) => {
    const data = await h.data(STATUS, {}, now);
    return Object.fromEntries(Object.entries(data).map(([k, v]: [string, any]) => [k, v.status]));
  };

  it('is ACTIVE before departedAt and DEPARTED from departedAt on, at the request now', async () => {
    expect({
      longBefore: await status('2026-01-01T00:00:00Z'),
      justBefore: await status('2026-05-31T23:59:59Z'),
      atDeparture: await status('2026-06-01T00:00:00Z'),
      after: await status('2026-09-01T00:00:00Z'),
    }).toEqual({
      longBefore: { leaver: 'ACTIVE', gone: 'DEPARTED', scheduled: 'ACTIVE', stay: 'ACTIVE' },
      justBefore: { leaver: 'ACTIVE', gone: 'DEPARTED', scheduled: 'ACTIVE', stay: 'ACTIVE' },
      atDeparture: { leaver: 'DEPARTED', gone: 'DEPARTED', scheduled: 'DEPARTED', stay: 'ACTIVE' },
      after: { leaver: 'DEPARTED', gone: 'DEPARTED', scheduled: 'DEPARTED', stay: 'ACTIVE' },
    });
  });

  it('is DEPARTED at every instant for a person recorded as DEPARTED without departedAt', async () => {
    const gone = async (now: string) => (await h.data(STATUS, {}, now)).gone;
    expect([await gone('1990-01-01T00:00:00Z'), await gone(NOW)]).toEqual([
      { status: 'DEPARTED', departedAt: null },
      { status: 'DEPARTED', departedAt: null },
    ]);
  });
});
