/**
 * ingest(input): one atomic, validated, idempotent batch (contract.graphql,
 * IngestInput; domain.md "Entities" and "Access records"). Every rule is
 * checked through the real mutation and read back through the API; every
 * rejection is checked to list exactly the offending records and to leave
 * the store exactly as it was.
 */
import { INGEST, iso, problem, problemsOf, useHarness } from './support/harness';
import { APPROVER, grant, graph, own, T0 } from './support/fixtures';
import { INGEST_BATCH_LIMIT } from '../src/graph/vocabulary';

const h = useHarness();

/** Ingest times (the request's `now`), in order. */
const NOW1 = '2026-02-01T10:00:00Z';
const NOW2 = '2026-03-01T10:00:00Z';
const NOW3 = '2026-04-01T10:00:00Z';

const ENTITY = `query($id: ID!) { entity(id: $id) {
  __typename id kind name
  ... on Person { email employer status departedAt }
  ... on Team { members { id } }
  ... on Identity { identityKind enabled tenant { id } lastUsedAt credentialRotatedAt credentialExpiresAt mfa owners { owner { id } role since } }
  ... on Tool { category pooled owners { owner { id } role since } }
  ... on Role { privileged tenant { id } owners { owner { id } role since } }
  ... on Tenant { contractStatus contractEndedAt }
  ... on System { systemTenant: tenant { id } criticality environment }
} }`;

const ACCESS = `query($id: ID!) { access(id: $id) {
  id kind from { id } to { id } privileged justification
  requestedBy { id } approvedBy { id } approvedAt grantedAt expiresAt lastCertifiedAt certifiedBy { id } revokedAt lastUsedAt gaps
} }`;

async function ingest(input: Record<string, unknown>, now: string) {
  const result = await h.run(INGEST, { input }, now);
  expect(result.errors).toBeUndefined();
  return result.data.ingest;
}

async function entity(id: string, now = NOW3) {
  return (await h.data(ENTITY, { id }, now)).entity;
}

async function access(id: string, now = NOW3) {
  return (await h.data(ACCESS, { id }, now)).access;
}

/** Everything stored: node and relationship counts, and every node and relationship with all its properties. */
async function stored() {
  const db = { database: process.env.NEO4J_DATABASE || undefined };
  const plain = (props: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v !== null && typeof v === 'object' ? String(v) : v]));
  const nodes = await h.driver.executeQuery('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props', {}, db);
  const rels = await h.driver.executeQuery('MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props', {}, db);
  const sorted = <T>(list: T[]) => list.map((x) => JSON.stringify(x)).sort();
  return {
    nodeCount: await h.count('MATCH (n) WHERE NOT n:AuditEvent RETURN count(n)'),
    relationshipCount: await h.count('MATCH ()-[r]->() RETURN count(r)'),
    nodes: sorted(nodes.records.map((r) => ({ labels: [...r.get('labels')].sort(), ...plain(r.get('props')) }))),
    relationships: sorted(rels.records.map((r) => ({ type: r.get('type'), from: r.get('from'), to: r.get('to'), ...plain(r.get('props')) }))),
  };
}

/** Sends a batch that must be refused: exactly `problems`, and the store is left exactly as it was. */
async function expectRejected(input: Record<string, unknown>, problems: unknown[]) {
  const before = await stored();
  expect(problemsOf(await h.run(INGEST, { input }, NOW2))).toEqual(problems);
  expect(await stored()).toEqual(before);
}

// The access records of person:ann that several batches below send:
// person:ann -MEMBER_OF(acc:ann-ops)-> team:ops
// person:ann -USES(acc:ann-adm)-> identity:adm-ann -CAN_ACCESS(acc:adm-dc)-> system:acme-dc
const ANN_ACCESS = [
  grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'),
  grant('acc:ann-adm', 'USES', 'person:ann', 'identity:adm-ann'),
  grant('acc:adm-dc', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-dc'),
];

describe('created and updated counts', () => {
  // person:ann -MEMBER_OF-> team:ops
  // person:ann -USES-> identity:adm-ann -CAN_ACCESS-> system:acme-dc <-contains- tenant:acme
  // person:ann owns identity:adm-ann
  const FIRST = graph({
    people: [{ id: 'person:ann', name: 'Ann' }],
    teams: [{ id: 'team:ops', name: 'Ops' }],
    tenants: [{ id: 'tenant:acme', name: 'Acme' }],
    systems: [{ id: 'system:acme-dc', name: 'DC', tenantId: 'tenant:acme' }],
    identities: [{ id: 'identity:adm-ann', name: 'adm-ann', identityKind: 'HUMAN_ACCOUNT' }],
    ownerships: [{ ownerId: 'person:ann', entityId: 'identity:adm-ann' }],
    access: ANN_ACCESS,
  });

  beforeEach(() => h.reset());

  it('counts every record as created on first ingest and as updated when the same batch is sent again', async () => {
    expect(await ingest(FIRST, NOW1)).toEqual({
      entities: { created: 6, updated: 0 },
      ownerships: { created: 1, updated: 0 },
      access: { created: 3, updated: 0 },
    });
    const afterFirst = await stored();
    expect(await ingest(FIRST, NOW2)).toEqual({
      entities: { created: 0, updated: 6 },
      ownerships: { created: 0, updated: 1 },
      access: { created: 0, updated: 3 },
    });
    // Idempotent: the same nodes and relationships, no second containment or owner link.
    const afterSecond = await stored();
    expect({ nodes: afterSecond.nodeCount, relationships: afterSecond.relationshipCount }).toEqual({ nodes: afterFirst.nodeCount, relationships: afterFirst.relationshipCount });
    expect({
      contains: await h.count('MATCH ()-[r:CONTAINS]->() RETURN count(r)'),
      owns: await h.count('MATCH ()-[r:OWNS]->() RETURN count(r)'),
      access: await h.count('MATCH ()-[r:ACCESS]->() RETURN count(r)'),
    }).toEqual({ contains: 1, owns: 1, access: 3 });
  });

  it('counts new records as created and stored ones as updated within one mixed batch', async () => {
    await ingest(FIRST, NOW1);
    expect(
      await ingest(
        {
          people: [{ id: 'person:ann', name: 'Ann' }, { id: 'person:bob', name: 'Bob' }],
          ownerships: [
            { ownerId: 'person:ann', entityId: 'identity:adm-ann' },
            { ownerId: 'person:bob', entityId: 'identity:adm-ann' },
          ],
          access: [grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'), grant('acc:bob-ops', 'MEMBER_OF', 'person:bob', 'team:ops')],
        },
        NOW2,
      ),
    ).toEqual({
      entities: { created: 1, updated: 1 },
      ownerships: { created: 1, updated: 1 },
      access: { created: 1, updated: 1 },
    });
  });
});

describe('upsert by id', () => {
  beforeEach(() => h.reset());

  // tenant:acme <-tenant- identity:adm-ann, role:ga; tenant:acme -contains-> system:acme-dc
  // identity:adm-ann -CAN_ACCESS(acc:adm-dc, every governance field)-> system:acme-dc
  // person:ann owns tool:rmm (PLATFORM_OWNER)
  const FULL = graph({
    people: [{ id: 'person:ann', name: 'Ann', email: 'ann@msp.example', employer: 'MSP', departedAt: '2026-09-01T00:00:00Z' }],
    tenants: [{ id: 'tenant:acme', name: 'Acme', contractStatus: 'TERMINATED', contractEndedAt: '2026-05-01T00:00:00Z' }],
    identities: [
      {
        id: 'identity:adm-ann',
        name: 'adm-ann',
        identityKind: 'HUMAN_ACCOUNT',
        enabled: false,
        tenantId: 'tenant:acme',
        lastUsedAt: '2026-01-20T08:00:00Z',
        credentialRotatedAt: '2026-01-02T00:00:00Z',
        credentialExpiresAt: '2026-07-01T00:00:00Z',
        mfa: true,
      },
    ],
    tools: [{ id: 'tool:rmm', name: 'RMM', category: 'RMM', pooled: true }],
    roles: [{ id: 'role:ga', name: 'GA', privileged: true, tenantId: 'tenant:acme' }],
    systems: [{ id: 'system:acme-dc', name: 'DC', tenantId: 'tenant:acme', criticality: 'CRITICAL', environment: 'NON_PRODUCTION' }],
    ownerships: [{ ownerId: 'person:ann', entityId: 'tool:rmm', role: 'PLATFORM_OWNER', since: '2026-01-10T00:00:00Z' }],
    access: [
      grant('acc:adm-dc', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-dc', {
        privileged: true,
        justification: 'CHG-1',
        requestedById: 'person:ann',
        approvedAt: '2026-01-03T00:00:00Z',
        grantedAt: '2026-01-04T00:00:00Z',
        expiresAt: '2026-06-30T00:00:00Z',
        lastCertifiedAt: '2026-01-05T00:00:00Z',
        certifiedById: APPROVER,
        revokedAt: '2026-08-01T00:00:00Z',
        lastUsedAt: '2026-01-06T00:00:00Z',
      }),
    ],
  });
  const IDS = ['person:ann', 'tenant:acme', 'identity:adm-ann', 'tool:rmm', 'role:ga', 'system:acme-dc'];
  const readAll = async () => ({ entities: await Promise.all(IDS.map((id) => entity(id))), access: await access('acc:adm-dc') });

  // How person:ann, identity:adm-ann and acc:adm-dc read back when no optional field is stored
  // (acc:adm-dc granted at NOW1, when MINIMAL is first sent); each test below spreads in what it sets.
  const BARE_PERSON = { __typename: 'Person', id: 'person:ann', kind: 'PERSON', name: 'Ann', email: null, employer: null, status: 'ACTIVE', departedAt: null };
  const BARE_IDENTITY = {
    __typename: 'Identity',
    id: 'identity:adm-ann',
    kind: 'IDENTITY',
    name: 'adm-ann',
    identityKind: 'HUMAN_ACCOUNT',
    enabled: true,
    tenant: null,
    lastUsedAt: null,
    credentialRotatedAt: null,
    credentialExpiresAt: null,
    mfa: null,
    owners: [],
  };
  const BARE_ACCESS = {
    id: 'acc:adm-dc',
    kind: 'CAN_ACCESS',
    from: { id: 'identity:adm-ann' },
    to: { id: 'system:acme-dc' },
    privileged: false,
    justification: null,
    requestedBy: null,
    approvedBy: null,
    approvedAt: null,
    grantedAt: iso(NOW1),
    expiresAt: null,
    lastCertifiedAt: null,
    certifiedBy: null,
    revokedAt: null,
    lastUsedAt: null,
    gaps: ['NO_APPROVAL', 'NO_JUSTIFICATION'],
  };

  it('keeps every stored field that a re-ingest leaves out, and applies the fields it gives', async () => {
    await ingest(FULL, NOW1);
    const before = await readAll();
    // Only the required fields, with new names.
    await ingest(
      {
        people: [{ id: 'person:ann', name: 'Ann 2' }],
        tenants: [{ id: 'tenant:acme', name: 'Acme 2' }],
        identities: [{ id: 'identity:adm-ann', name: 'adm-ann 2', identityKind: 'HUMAN_ACCOUNT' }],
        tools: [{ id: 'tool:rmm', name: 'RMM 2' }],
        roles: [{ id: 'role:ga', name: 'GA 2' }],
        systems: [{ id: 'system:acme-dc', name: 'DC 2', tenantId: 'tenant:acme' }],
        ownerships: [{ ownerId: 'person:ann', entityId: 'tool:rmm' }],
        access: [{ id: 'acc:adm-dc', kind: 'CAN_ACCESS', fromId: 'identity:adm-ann', toId: 'system:acme-dc' }],
      },
      NOW2,
    );
    const renamed = ['Ann 2', 'Acme 2', 'adm-ann 2', 'RMM 2', 'GA 2', 'DC 2'];
    expect(await readAll()).toEqual({ entities: before.entities.map((e, i) => ({ ...e, name: renamed[i] })), access: before.access });
    // And what was kept is what was first sent.
    expect(before).toEqual({
      entities: [
        { __typename: 'Person', id: 'person:ann', kind: 'PERSON', name: 'Ann', email: 'ann@msp.example', employer: 'MSP', status: 'ACTIVE', departedAt: iso('2026-09-01T00:00:00Z') },
        { __typename: 'Tenant', id: 'tenant:acme', kind: 'TENANT', name: 'Acme', contractStatus: 'TERMINATED', contractEndedAt: iso('2026-05-01T00:00:00Z') },
        {
          __typename: 'Identity',
          id: 'identity:adm-ann',
          kind: 'IDENTITY',
          name: 'adm-ann',
          identityKind: 'HUMAN_ACCOUNT',
          enabled: false,
          tenant: { id: 'tenant:acme' },
          lastUsedAt: iso('2026-01-20T08:00:00Z'),
          credentialRotatedAt: iso('2026-01-02T00:00:00Z'),
          credentialExpiresAt: iso('2026-07-01T00:00:00Z'),
          mfa: true,
          owners: [],
        },
        {
          __typename: 'Tool',
          id: 'tool:rmm',
          kind: 'TOOL',
          name: 'RMM',
          category: 'RMM',
          pooled: true,
          owners: [{ owner: { id: 'person:ann' }, role: 'PLATFORM_OWNER', since: iso('2026-01-10T00:00:00Z') }],
        },
        { __typename: 'Role', id: 'role:ga', kind: 'ROLE', name: 'GA', privileged: true, tenant: { id: 'tenant:acme' }, owners: [] },
        { __typename: 'System', id: 'system:acme-dc', kind: 'SYSTEM', name: 'DC', systemTenant: { id: 'tenant:acme' }, criticality: 'CRITICAL', environment: 'NON_PRODUCTION' },
      ],
      access: {
        id: 'acc:adm-dc',
        kind: 'CAN_ACCESS',
        from: { id: 'identity:adm-ann' },
        to: { id: 'system:acme-dc' },
        privileged: true,
        justification: 'CHG-1',
        requestedBy: { id: 'person:ann' },
        approvedBy: { id: APPROVER },
        approvedAt: iso('2026-01-03T00:00:00Z'),
        grantedAt: iso('2026-01-04T00:00:00Z'),
        expiresAt: iso('2026-06-30T00:00:00Z'),
        lastCertifiedAt: iso('2026-01-05T00:00:00Z'),
        certifiedBy: { id: APPROVER },
        revokedAt: iso('2026-08-01T00:00:00Z'),
        lastUsedAt: iso('2026-01-06T00:00:00Z'),
        gaps: [],
      },
    });
  });

  it('clears every stored optional field that a re-ingest sets to null', async () => {
    await ingest(FULL, NOW1);
    await ingest(
      {
        people: [{ id: 'person:ann', name: 'Ann', email: null, employer: null, departedAt: null }],
        tenants: [{ id: 'tenant:acme', name: 'Acme', contractEndedAt: null }],
        identities: [
          { id: 'identity:adm-ann', name: 'adm-ann', identityKind: 'HUMAN_ACCOUNT', tenantId: null, lastUsedAt: null, credentialRotatedAt: null, credentialExpiresAt: null, mfa: null },
        ],
        roles: [{ id: 'role:ga', name: 'GA', tenantId: null }],
        access: [
          {
            id: 'acc:adm-dc',
            kind: 'CAN_ACCESS',
            fromId: 'identity:adm-ann',
            toId: 'system:acme-dc',
            justification: null,
            requestedById: null,
            approvedById: null,
            approvedAt: null,
            expiresAt: null,
            lastCertifiedAt: null,
            certifiedById: null,
            revokedAt: null,
            lastUsedAt: null,
          },
        ],
      },
      NOW2,
    );
    expect(await entity('person:ann')).toEqual(BARE_PERSON);
    expect(await entity('tenant:acme')).toEqual({ __typename: 'Tenant', id: 'tenant:acme', kind: 'TENANT', name: 'Acme', contractStatus: 'TERMINATED', contractEndedAt: null });
    expect(await entity('identity:adm-ann')).toEqual({ ...BARE_IDENTITY, enabled: false });
    expect(await entity('role:ga')).toEqual({ __typename: 'Role', id: 'role:ga', kind: 'ROLE', name: 'GA', privileged: true, tenant: null, owners: [] });
    expect(await access('acc:adm-dc')).toEqual({ ...BARE_ACCESS, privileged: true, grantedAt: iso('2026-01-04T00:00:00Z') });
  });

  // The same graph as FULL, with only the required fields.
  const MINIMAL = {
    people: [{ id: 'person:ann', name: 'Ann' }],
    tenants: [{ id: 'tenant:acme', name: 'Acme' }],
    identities: [{ id: 'identity:adm-ann', name: 'adm-ann', identityKind: 'HUMAN_ACCOUNT' }],
    tools: [{ id: 'tool:rmm', name: 'RMM' }],
    roles: [{ id: 'role:ga', name: 'GA' }],
    systems: [{ id: 'system:acme-dc', name: 'DC', tenantId: 'tenant:acme' }],
    ownerships: [{ ownerId: 'person:ann', entityId: 'tool:rmm' }],
    access: [{ id: 'acc:adm-dc', kind: 'CAN_ACCESS', fromId: 'identity:adm-ann', toId: 'system:acme-dc' }],
  };

  it('applies defaults when a record is created, grantedAt and since being the ingest time', async () => {
    await ingest(MINIMAL, NOW1);
    expect(await readAll()).toEqual({
      entities: [
        BARE_PERSON,
        { __typename: 'Tenant', id: 'tenant:acme', kind: 'TENANT', name: 'Acme', contractStatus: 'ACTIVE', contractEndedAt: null },
        BARE_IDENTITY,
        { __typename: 'Tool', id: 'tool:rmm', kind: 'TOOL', name: 'RMM', category: 'OTHER', pooled: false, owners: [{ owner: { id: 'person:ann' }, role: 'SERVICE_OWNER', since: iso(NOW1) }] },
        { __typename: 'Role', id: 'role:ga', kind: 'ROLE', name: 'GA', privileged: false, tenant: null, owners: [] },
        { __typename: 'System', id: 'system:acme-dc', kind: 'SYSTEM', name: 'DC', systemTenant: { id: 'tenant:acme' }, criticality: 'MEDIUM', environment: 'PRODUCTION' },
      ],
      access: BARE_ACCESS,
    });
  });

  it('never re-applies a default to a stored record: a re-ingest that leaves a defaulted field out keeps the stored value', async () => {
    await ingest(MINIMAL, NOW1);
    // Every defaulted field set to a non-default value.
    await ingest(
      {
        people: [{ id: 'person:ann', name: 'Ann', status: 'DEPARTED' }],
        tenants: [{ id: 'tenant:acme', name: 'Acme', contractStatus: 'TERMINATED' }],
        identities: [{ id: 'identity:adm-ann', name: 'adm-ann', identityKind: 'HUMAN_ACCOUNT', enabled: false }],
        tools: [{ id: 'tool:rmm', name: 'RMM', category: 'VAULT', pooled: true }],
        roles: [{ id: 'role:ga', name: 'GA', privileged: true }],
        systems: [{ id: 'system:acme-dc', name: 'DC', tenantId: 'tenant:acme', criticality: 'LOW', environment: 'NON_PRODUCTION' }],
        ownerships: [{ ownerId: 'person:ann', entityId: 'tool:rmm', role: 'CLIENT_SERVICE_OWNER' }],
        access: [{ id: 'acc:adm-dc', kind: 'CAN_ACCESS', fromId: 'identity:adm-ann', toId: 'system:acme-dc', privileged: true }],
      },
      NOW2,
    );
    const changed = await readAll();
    await ingest(MINIMAL, NOW3);
    expect(await readAll()).toEqual(changed);
    expect(changed).toEqual({
      entities: [
        { ...BARE_PERSON, status: 'DEPARTED' },
        { __typename: 'Tenant', id: 'tenant:acme', kind: 'TENANT', name: 'Acme', contractStatus: 'TERMINATED', contractEndedAt: null },
        { ...BARE_IDENTITY, enabled: false },
        // since and grantedAt stay the time the records were first recorded.
        { __typename: 'Tool', id: 'tool:rmm', kind: 'TOOL', name: 'RMM', category: 'VAULT', pooled: true, owners: [{ owner: { id: 'person:ann' }, role: 'CLIENT_SERVICE_OWNER', since: iso(NOW1) }] },
        { __typename: 'Role', id: 'role:ga', kind: 'ROLE', name: 'GA', privileged: true, tenant: null, owners: [] },
        { __typename: 'System', id: 'system:acme-dc', kind: 'SYSTEM', name: 'DC', systemTenant: { id: 'tenant:acme' }, criticality: 'LOW', environment: 'NON_PRODUCTION' },
      ],
      access: { ...BARE_ACCESS, privileged: true },
    });
  });
});

describe('references', () => {
  beforeEach(() => h.reset());

  const READ = `{
    dc: entity(id: "system:acme-dc") { ... on System { tenant { id } } }
    adm: entity(id: "identity:adm-ann") { ... on Identity { tenant { id } owners { owner { id } } } }
    ops: entity(id: "team:ops") { ... on Team { members { id } } }
    uses: access(id: "acc:ann-adm") { from { id } to { id } approvedBy { id } }
    reach: access(id: "acc:adm-dc") { from { id } to { id } }
  }`;
  const EXPECTED = {
    dc: { tenant: { id: 'tenant:acme' } },
    adm: { tenant: { id: 'tenant:acme' }, owners: [{ owner: { id: 'person:ann' } }] },
    ops: { members: [{ id: 'person:ann' }] },
    uses: { from: { id: 'person:ann' }, to: { id: 'identity:adm-ann' }, approvedBy: { id: APPROVER } },
    reach: { from: { id: 'identity:adm-ann' }, to: { id: 'system:acme-dc' } },
  };

  it('accepts references to records declared in the same batch, whatever their order in it', async () => {
    // Referring records come before the ones they refer to.
    await ingest(
      {
        access: ANN_ACCESS,
        ownerships: [{ ownerId: 'person:ann', entityId: 'identity:adm-ann' }],
        systems: [{ id: 'system:acme-dc', name: 'DC', tenantId: 'tenant:acme' }],
        identities: [{ id: 'identity:adm-ann', name: 'adm-ann', identityKind: 'HUMAN_ACCOUNT', tenantId: 'tenant:acme' }],
        teams: [{ id: 'team:ops', name: 'Ops' }],
        tenants: [{ id: 'tenant:acme', name: 'Acme' }],
        people: [{ id: 'person:ann', name: 'Ann' }, { id: APPROVER, name: 'Approver' }],
      },
      NOW1,
    );
    expect(await h.data(READ, {}, NOW3)).toEqual(EXPECTED);
  });

  it('accepts references to records stored by an earlier batch', async () => {
    await ingest(
      graph({
        people: [{ id: 'person:ann', name: 'Ann' }],
        teams: [{ id: 'team:ops', name: 'Ops' }],
        tenants: [{ id: 'tenant:acme', name: 'Acme' }],
        identities: [{ id: 'identity:adm-ann', name: 'adm-ann', identityKind: 'HUMAN_ACCOUNT' }],
      }),
      NOW1,
    );
    // Every reference of this batch points into the first one.
    expect(
      await ingest(
        {
          systems: [{ id: 'system:acme-dc', name: 'DC', tenantId: 'tenant:acme' }],
          identities: [{ id: 'identity:adm-ann', name: 'adm-ann', identityKind: 'HUMAN_ACCOUNT', tenantId: 'tenant:acme' }],
          ownerships: [{ ownerId: 'person:ann', entityId: 'identity:adm-ann' }],
          access: ANN_ACCESS,
        },
        NOW2,
      ),
    ).toEqual({ entities: { created: 1, updated: 1 }, ownerships: { created: 1, updated: 0 }, access: { created: 3, updated: 0 } });
    expect(await h.data(READ, {}, NOW3)).toEqual(EXPECTED);
  });
});

// BASE, stored before every rejection below:
//   person:ann -MEMBER_OF(acc:ann-ops)-> team:ops -USES(acc:ops-svc)-> identity:svc
//   person:ann -USES(acc:ann-adm)-> identity:adm-ann -CAN_ACCESS(acc:adm-dc)-> system:acme-dc <-contains- tenant:acme
//   identity:adm-ann -HAS_ROLE(acc:adm-ga)-> role:ga -GRANTS(acc:ga-rmm)-> tool:rmm
//   person:ann owns identity:adm-ann
const BASE = graph({
  people: [{ id: 'person:ann', name: 'Ann' }],
  teams: [{ id: 'team:ops', name: 'Ops' }],
  tenants: [{ id: 'tenant:acme', name: 'Acme' }],
  systems: [{ id: 'system:acme-dc', name: 'DC', tenantId: 'tenant:acme' }],
  identities: [
    { id: 'identity:adm-ann', name: 'adm-ann', identityKind: 'HUMAN_ACCOUNT' },
    { id: 'identity:svc', name: 'svc', identityKind: 'SERVICE_ACCOUNT' },
  ],
  tools: [{ id: 'tool:rmm', name: 'RMM' }],
  roles: [{ id: 'role:ga', name: 'GA' }],
  ownerships: [own('person:ann', 'identity:adm-ann')],
  access: [
    grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'),
    grant('acc:ops-svc', 'USES', 'team:ops', 'identity:svc'),
    grant('acc:ann-adm', 'USES', 'person:ann', 'identity:adm-ann'),
    grant('acc:adm-dc', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-dc'),
    grant('acc:adm-ga', 'HAS_ROLE', 'identity:adm-ann', 'role:ga'),
    grant('acc:ga-rmm', 'GRANTS', 'role:ga', 'tool:rmm'),
  ],
});

/**
 * Valid records that ride along with every bad one (after it, so the bad
 * record keeps index 0): a new person, an update of a stored person, a new
 * access record. None of them may be written when the batch is refused.
 */
function withValid(bad: Record<string, any[]>): Record<string, unknown> {
  return {
    ...bad,
    people: [...(bad.people ?? []), { id: 'person:new', name: 'New' }, { id: 'person:ann', name: 'Ann renamed', email: 'ann@new.example' }],
    access: [...(bad.access ?? []), grant('acc:new', 'USES', 'person:new', 'identity:svc')],
  };
}

describe('rejections: nothing is written', () => {
  beforeEach(async () => {
    await h.reset();
    await h.load(BASE);
  });

  const cases: { rule: string; bad: Record<string, any[]>; problems: unknown[] }[] = [
    {
      rule: 'an access record whose fromId names nothing',
      bad: { access: [grant('acc:bad', 'USES', 'person:ghost', 'identity:svc')] },
      problems: [problem('access', 0, 'acc:bad', 'fromId', '"person:ghost" refers to no entity')],
    },
    {
      rule: 'an access record whose toId names nothing',
      bad: { access: [grant('acc:bad', 'USES', 'person:ann', 'identity:ghost')] },
      problems: [problem('access', 0, 'acc:bad', 'toId', '"identity:ghost" refers to no entity')],
    },
    {
      rule: 'a System whose tenantId names nothing',
      bad: { systems: [{ id: 'system:bad', name: 'Bad', tenantId: 'tenant:ghost' }] },
      problems: [problem('systems', 0, 'system:bad', 'tenantId', '"tenant:ghost" refers to no entity')],
    },
    {
      rule: 'an Identity whose tenantId names nothing',
      bad: { identities: [{ id: 'identity:bad', name: 'Bad', identityKind: 'API_KEY', tenantId: 'tenant:ghost' }] },
      problems: [problem('identities', 0, 'identity:bad', 'tenantId', '"tenant:ghost" refers to no entity')],
    },
    {
      rule: 'an access record whose approvedById names nothing',
      bad: { access: [grant('acc:bad', 'USES', 'person:ann', 'identity:svc', { approvedById: 'person:ghost' })] },
      problems: [problem('access', 0, 'acc:bad', 'approvedById', '"person:ghost" refers to no entity')],
    },
    {
      rule: 'an ownership whose ownerId names nothing',
      bad: { ownerships: [{ ownerId: 'person:ghost', entityId: 'identity:svc' }] },
      problems: [problem('ownerships', 0, null, 'ownerId', '"person:ghost" refers to no entity')],
    },
    {
      rule: 'an ownership whose entityId names nothing',
      bad: { ownerships: [{ ownerId: 'person:ann', entityId: 'identity:ghost' }] },
      problems: [problem('ownerships', 0, null, 'entityId', '"identity:ghost" refers to no entity')],
    },
    {
      rule: 'an access record whose endpoint is an access record, not an entity',
      bad: { access: [grant('acc:bad', 'USES', 'acc:ann-ops', 'identity:svc')] },
      problems: [problem('access', 0, 'acc:bad', 'fromId', '"acc:ann-ops" is an access record, not an entity')],
    },
    {
      rule: 'MEMBER_OF from an Identity (only a Person may be a member)',
      bad: { access: [grant('acc:bad', 'MEMBER_OF', 'identity:svc', 'team:ops')] },
      problems: [problem('access', 0, 'acc:bad', 'fromId', 'is a IDENTITY; expected PERSON')],
    },
    {
      rule: 'GRANTS from an Identity to a System (only a Role grants)',
      bad: { access: [grant('acc:bad', 'GRANTS', 'identity:svc', 'system:acme-dc')] },
      problems: [problem('access', 0, 'acc:bad', 'fromId', 'is a IDENTITY; expected ROLE')],
    },
    {
      rule: 'USES from a Person to a System (a person uses identities)',
      bad: { access: [grant('acc:bad', 'USES', 'person:ann', 'system:acme-dc')] },
      problems: [problem('access', 0, 'acc:bad', 'toId', 'is a SYSTEM; expected IDENTITY')],
    },
    {
      rule: 'CAN_ACCESS from a Person and HAS_ROLE into a System',
      bad: { access: [grant('acc:bad', 'CAN_ACCESS', 'person:ann', 'system:acme-dc'), grant('acc:bad2', 'HAS_ROLE', 'identity:svc', 'system:acme-dc')] },
      problems: [
        problem('access', 0, 'acc:bad', 'fromId', 'is a PERSON; expected IDENTITY or TEAM or TOOL'),
        problem('access', 1, 'acc:bad2', 'toId', 'is a SYSTEM; expected ROLE'),
      ],
    },
    {
      rule: 'an approvedById that names a Team',
      bad: { access: [grant('acc:bad', 'USES', 'person:ann', 'identity:svc', { approvedById: 'team:ops' })] },
      problems: [problem('access', 0, 'acc:bad', 'approvedById', 'is a TEAM; expected PERSON')],
    },
    {
      rule: 'requestedById and certifiedById that name no Person',
      bad: { access: [grant('acc:bad', 'USES', 'person:ann', 'identity:svc', { requestedById: 'identity:svc', certifiedById: 'person:ghost' })] },
      problems: [
        problem('access', 0, 'acc:bad', 'certifiedById', '"person:ghost" refers to no entity'),
        problem('access', 0, 'acc:bad', 'requestedById', 'is a IDENTITY; expected PERSON'),
      ],
    },
    {
      rule: 'an ownerId that names a Tool',
      bad: { ownerships: [{ ownerId: 'tool:rmm', entityId: 'identity:svc' }] },
      problems: [problem('ownerships', 0, null, 'ownerId', 'is a TOOL; expected PERSON or TEAM')],
    },
    {
      rule: 'an entityId that names a System (systems need no owner)',
      bad: { ownerships: [{ ownerId: 'person:ann', entityId: 'system:acme-dc' }] },
      problems: [problem('ownerships', 0, null, 'entityId', 'is a SYSTEM; expected IDENTITY or TOOL or ROLE')],
    },
    {
      rule: 'a System with a blank tenantId',
      bad: { systems: [{ id: 'system:bad', name: 'Bad', tenantId: '' }] },
      problems: [problem('systems', 0, 'system:bad', 'tenantId', 'is required')],
    },
    {
      rule: 'a System whose tenantId names a Person',
      bad: { systems: [{ id: 'system:bad', name: 'Bad', tenantId: 'person:ann' }] },
      problems: [problem('systems', 0, 'system:bad', 'tenantId', 'is a PERSON; expected TENANT')],
    },
    {
      rule: "a change of a stored System's tenant",
      bad: { tenants: [{ id: 'tenant:other', name: 'Other' }], systems: [{ id: 'system:acme-dc', name: 'DC', tenantId: 'tenant:other' }] },
      problems: [problem('systems', 0, 'system:acme-dc', 'tenantId', 'is fixed once recorded (stored: "tenant:acme")')],
    },
    {
      rule: "a change of a stored access record's kind",
      bad: { access: [grant('acc:ops-svc', 'CAN_ACCESS', 'team:ops', 'identity:svc')] },
      problems: [problem('access', 0, 'acc:ops-svc', 'kind', 'is fixed once recorded (stored: "USES")')],
    },
    {
      rule: "a change of a stored access record's from",
      bad: { access: [grant('acc:ann-adm', 'USES', 'team:ops', 'identity:adm-ann')] },
      problems: [problem('access', 0, 'acc:ann-adm', 'fromId', 'is fixed once recorded (stored: "person:ann")')],
    },
    {
      rule: "a change of a stored access record's to",
      bad: { access: [grant('acc:ann-adm', 'USES', 'person:ann', 'identity:svc')] },
      problems: [problem('access', 0, 'acc:ann-adm', 'toId', 'is fixed once recorded (stored: "identity:adm-ann")')],
    },
    {
      rule: 'malformed instants: a 13th month, February 30th, a word, a date-time without a time zone',
      bad: {
        people: [{ id: 'person:bad', name: 'Bad', departedAt: '2026-02-30T00:00:00Z' }],
        ownerships: [{ ownerId: 'person:ann', entityId: 'identity:svc', since: '2026-01-01' }],
        access: [
          grant('acc:bad', 'USES', 'person:ann', 'identity:svc', {
            grantedAt: '2026-13-01T00:00:00Z',
            expiresAt: '2026-02-30T00:00:00Z',
            approvedAt: 'yesterday',
            lastUsedAt: '2026-01-01T00:00:00',
          }),
        ],
      },
      problems: [
        problem('people', 0, 'person:bad', 'departedAt', 'must be an RFC 3339 date-time with a time zone'),
        problem('ownerships', 0, null, 'since', 'got "2026-01-01"'),
        problem('access', 0, 'acc:bad', 'approvedAt', 'got "yesterday"'),
        problem('access', 0, 'acc:bad', 'expiresAt', 'got "2026-02-30T00:00:00Z"'),
        problem('access', 0, 'acc:bad', 'grantedAt', 'got "2026-13-01T00:00:00Z"'),
        problem('access', 0, 'acc:bad', 'lastUsedAt', 'got "2026-01-01T00:00:00"'),
      ],
    },
    {
      rule: 'an explicit null on a field that may not be null',
      bad: {
        people: [{ id: APPROVER, name: 'Approver', status: null }],
        tools: [{ id: 'tool:rmm', name: 'RMM', category: null, pooled: null }],
        identities: [{ id: 'identity:svc', name: 'svc', identityKind: 'SERVICE_ACCOUNT', enabled: null }],
        ownerships: [{ ownerId: 'person:ann', entityId: 'identity:adm-ann', role: null, since: null }],
        access: [{ id: 'acc:ann-adm', kind: 'USES', fromId: 'person:ann', toId: 'identity:adm-ann', grantedAt: null, privileged: null }],
      },
      problems: [
        problem('people', 0, APPROVER, 'status', 'may not be null'),
        problem('tools', 0, 'tool:rmm', 'category', 'may not be null'),
        problem('tools', 0, 'tool:rmm', 'pooled', 'may not be null'),
        problem('identities', 0, 'identity:svc', 'enabled', 'may not be null'),
        problem('ownerships', 0, null, 'role', 'may not be null'),
        problem('ownerships', 0, null, 'since', 'may not be null'),
        problem('access', 0, 'acc:ann-adm', 'grantedAt', 'may not be null'),
        problem('access', 0, 'acc:ann-adm', 'privileged', 'may not be null'),
      ],
    },
    {
      rule: 'the same id twice in one list, and the same owner link twice',
      bad: {
        people: [{ id: 'person:dup', name: 'A' }, { id: 'person:dup', name: 'B' }],
        ownerships: [
          { ownerId: 'person:ann', entityId: 'identity:svc' },
          { ownerId: 'person:ann', entityId: 'identity:svc', role: 'PLATFORM_OWNER' },
        ],
      },
      problems: [
        problem('people', 1, 'person:dup', 'id', 'duplicate within the batch: "person:dup" is also people[0]'),
        problem('ownerships', 1, null, 'id', 'duplicate within the batch'),
      ],
    },
    {
      rule: 'the same id in two lists of one batch (one namespace for every kind and for access records)',
      bad: {
        people: [{ id: 'x:shared', name: 'Person X' }],
        teams: [{ id: 'x:shared', name: 'Team X' }],
        tools: [{ id: 'tool:new', name: 'New tool' }],
        access: [grant('tool:new', 'USES', 'person:ann', 'identity:svc')],
      },
      problems: [
        problem('teams', 0, 'x:shared', 'id', 'duplicate within the batch: "x:shared" is also people[0]'),
        problem('access', 0, 'tool:new', 'id', 'duplicate within the batch: "tool:new" is also tools[0]'),
      ],
    },
    {
      rule: 'an access record whose id is a stored entity id',
      bad: { access: [grant('team:ops', 'USES', 'person:ann', 'identity:svc')] },
      problems: [problem('access', 0, 'team:ops', 'id', '"team:ops" is already used by a TEAM')],
    },
    {
      rule: 'an entity whose id is a stored access record id',
      bad: { teams: [{ id: 'acc:ann-ops', name: 'Team' }] },
      problems: [problem('teams', 0, 'acc:ann-ops', 'id', '"acc:ann-ops" is already used by an access record')],
    },
    {
      rule: 'an entity id reused for another kind',
      bad: { teams: [{ id: 'tool:rmm', name: 'Team' }], identities: [{ id: 'role:ga', name: 'ga', identityKind: 'API_KEY' }] },
      problems: [problem('teams', 0, 'tool:rmm', 'id', '"tool:rmm" is already used by a TOOL'), problem('identities', 0, 'role:ga', 'id', '"role:ga" is already used by a ROLE')],
    },
    {
      rule: 'blank ids and a blank name',
      bad: {
        people: [{ id: '  ', name: 'No id' }],
        tools: [{ id: 'tool:blank', name: '   ' }],
        access: [grant('', 'USES', 'person:ann', 'identity:svc')],
      },
      problems: [
        problem('people', 0, null, 'id', 'must not be blank'),
        problem('tools', 0, 'tool:blank', 'name', 'must not be blank'),
        problem('access', 0, null, 'id', 'must not be blank'),
      ],
    },
    {
      rule: 'an access record from an entity to itself',
      bad: { access: [grant('acc:bad', 'CAN_ACCESS', 'identity:svc', 'identity:svc')] },
      problems: [problem('access', 0, 'acc:bad', 'toId', 'from an entity to itself')],
    },
    {
      rule: 'an access record revoked before it was granted',
      bad: { access: [grant('acc:bad', 'USES', 'person:ann', 'identity:svc', { grantedAt: '2026-02-01T00:00:00Z', revokedAt: '2026-01-31T23:59:59Z' })] },
      problems: [problem('access', 0, 'acc:bad', 'revokedAt', 'is before grantedAt')],
    },
    {
      rule: 'a new access record revoked before its default grantedAt (the ingest time)',
      bad: { access: [{ id: 'acc:bad', kind: 'USES', fromId: 'person:ann', toId: 'identity:svc', approvedById: APPROVER, justification: 'ticket 1', revokedAt: '2026-02-01T00:00:00Z' }] },
      problems: [problem('access', 0, 'acc:bad', 'revokedAt', 'is before grantedAt')],
    },
    {
      rule: 'a revocation of a stored access record dated before its stored grantedAt',
      bad: { access: [{ id: 'acc:ann-adm', kind: 'USES', fromId: 'person:ann', toId: 'identity:adm-ann', revokedAt: '2025-12-31T00:00:00Z' }] },
      problems: [problem('access', 0, 'acc:ann-adm', 'revokedAt', 'is before grantedAt')],
    },
  ];

  it.each(cases)('rejects $rule, lists it, and writes nothing', async ({ bad, problems }) => {
    await expectRejected(withValid(bad), problems);
  });

  it('rejects a grantedAt moved after the stored revokedAt, and writes nothing', async () => {
    await ingest({ access: [grant('acc:gone', 'USES', 'person:ann', 'identity:svc', { revokedAt: '2026-01-15T00:00:00Z' })] }, NOW1);
    await expectRejected(withValid({ access: [{ id: 'acc:gone', kind: 'USES', fromId: 'person:ann', toId: 'identity:svc', grantedAt: '2026-01-20T00:00:00Z' }] }), [
      problem('access', 0, 'acc:gone', 'grantedAt', 'is after the stored revokedAt'),
    ]);
  });

  it('keeps owner links out of the id namespace: an entity whose id reads like an owner pair is no duplicate of it', async () => {
    expect(
      await ingest(
        {
          tools: [{ id: 'person:ann -> identity:svc', name: 'Oddly named tool' }],
          ownerships: [own('person:ann', 'identity:svc')],
        },
        NOW2,
      ),
    ).toEqual({ entities: { created: 1, updated: 0 }, ownerships: { created: 1, updated: 0 }, access: { created: 0, updated: 0 } });
    expect((await entity('identity:svc')).owners).toEqual([{ owner: { id: 'person:ann' }, role: 'SERVICE_OWNER', since: iso(T0) }]);
  });

  it('accepts the valid records used above on their own (so each rejection is due to its bad record)', async () => {
    expect(await ingest(withValid({}), NOW2)).toEqual({
      entities: { created: 1, updated: 1 },
      ownerships: { created: 0, updated: 0 },
      access: { created: 1, updated: 0 },
    });
  });

  it('lists every offending record of every list in one rejection, and writes none of the valid ones', async () => {
    await expectRejected(
      {
        people: [
          { id: 'person:p0', name: 'P0' },
          { id: 'person:p1', name: 'P1', departedAt: '2026-02-30T00:00:00Z' },
        ],
        identities: [
          { id: 'identity:i0', name: 'i0', identityKind: 'API_KEY', tenantId: 'tenant:ghost' },
          { id: 'identity:i1', name: 'i1', identityKind: 'API_KEY' },
        ],
        systems: [
          { id: 'system:s0', name: 'S0', tenantId: 'tenant:acme' },
          { id: 'system:s1', name: 'S1', tenantId: '' },
        ],
        ownerships: [
          { ownerId: 'person:p0', entityId: 'identity:i1' },
          { ownerId: 'tool:rmm', entityId: 'identity:i1' },
        ],
        access: [
          grant('acc:a0', 'USES', 'person:ghost', 'identity:i1'),
          grant('acc:a1', 'USES', 'person:p0', 'identity:i1'),
          grant('acc:a2', 'MEMBER_OF', 'identity:i1', 'team:ops'),
          grant('acc:a3', 'CAN_ACCESS', 'identity:i1', 'system:s0', { approvedById: 'team:ops', expiresAt: 'tomorrow' }),
        ],
      },
      [
        problem('people', 1, 'person:p1', 'departedAt', 'must be'),
        problem('identities', 0, 'identity:i0', 'tenantId', 'refers to no entity'),
        problem('systems', 1, 'system:s1', 'tenantId', 'is required'),
        problem('ownerships', 1, null, 'ownerId', 'is a TOOL'),
        problem('access', 0, 'acc:a0', 'fromId', 'refers to no entity'),
        problem('access', 2, 'acc:a2', 'fromId', 'is a IDENTITY'),
        problem('access', 3, 'acc:a3', 'approvedById', 'is a TEAM'),
        problem('access', 3, 'acc:a3', 'expiresAt', 'got "tomorrow"'),
      ],
    );
  });

  it(`rejects a batch of ${INGEST_BATCH_LIMIT + 1} records, counted over every list, and writes nothing`, async () => {
    const people = Array.from({ length: INGEST_BATCH_LIMIT - 1000 }, (_, i) => ({ id: `person:bulk-${i}`, name: 'Bulk' }));
    const teams = Array.from({ length: 1000 }, (_, i) => ({ id: `team:bulk-${i}`, name: 'Bulk' }));
    await expectRejected({ people, teams, access: [grant('acc:bulk', 'MEMBER_OF', 'person:bulk-0', 'team:bulk-0')] }, [
      { list: 'input', index: -1, id: null, field: 'input', reason: expect.stringContaining(`${INGEST_BATCH_LIMIT + 1} records; at most ${INGEST_BATCH_LIMIT}`) },
    ]);
  });

  it(`accepts a batch of exactly ${INGEST_BATCH_LIMIT} records`, async () => {
    const before = await h.count('MATCH (n) WHERE NOT n:AuditEvent RETURN count(n)');
    const people = Array.from({ length: INGEST_BATCH_LIMIT - 1 }, (_, i) => ({ id: `person:bulk-${i}`, name: 'Bulk' }));
    expect(await ingest({ people, access: [grant('acc:bulk', 'MEMBER_OF', 'person:bulk-0', 'team:ops')] }, NOW2)).toEqual({
      entities: { created: INGEST_BATCH_LIMIT - 1, updated: 0 },
      ownerships: { created: 0, updated: 0 },
      access: { created: 1, updated: 0 },
    });
    expect(await h.count('MATCH (n) WHERE NOT n:AuditEvent RETURN count(n)')).toBe(before + INGEST_BATCH_LIMIT - 1);
  });
});
