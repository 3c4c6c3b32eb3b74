/**
 * ingest(input): one atomic, validated, idempotent batch (contract.graphql,
 * IngestInput; domain.md "Entities" and "Access records"). Every rule is
 * checked through the real mutation and read back through the API; every
 * rejection is checked to list exactly the offending records and to leave
 * the store exactly as it was.
 */
import { INGEST, iso, problem, problemsOf, useHarness } from './support/harness';
import { APPROVER, grant, graph, own, T0 } from './support/fixtures';
import { BASE, REJECTED_AT, REJECTIONS, snapshot, withValid } from './support/ingest-rejections';
import { INGEST_BATCH_LIMIT } from '../src/graph/vocabulary';

const h = useHarness();

/** Ingest times (the request's `now`), in order. */
const NOW1 = '2026-02-01T10:00:00Z';
const NOW2 = REJECTED_AT;
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

/** Everything stored (test/support/ingest-rejections.ts). */
const stored = () => snapshot(h);

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

describe("a dead sync's staged leftovers", () => {
  beforeEach(() => h.reset());

  it('deletes a staged record under an id a batch creates, and looks for leftovers by id only while some record is staged', async () => {
    const ran: string[] = [];
    const stop = h.exec.onTiming((t) => t.kind === 'query' && ran.push(t.query));
    const deletes = () => ran.filter((q) => q === 'ingest/delete-staged-leftovers').length;
    try {
      await ingest(graph({ people: [{ id: 'person:ann', name: 'Ann' }], teams: [{ id: 'team:ops', name: 'Ops' }, { id: 'team:dev', name: 'Dev' }] }), NOW1);
      await ingest({ access: [grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops')] }, NOW1);
      const withNoneStaged = deletes();
      // What a sync that died while staging leaves: a record under an id no reader sees.
      await h.driver.executeQuery("MATCH (a:Entity {id: 'person:ann'}), (b:Entity {id: 'team:dev'}) CREATE (a)-[:ACCESS {id: 'acc:ann-dev', kind: 'MEMBER_OF', stagedBy: 'sync-dead'}]->(b)");
      expect(await ingest({ access: [grant('acc:ann-dev', 'MEMBER_OF', 'person:ann', 'team:dev')] }, NOW1)).toMatchObject({ access: { created: 1, updated: 0 } });
      expect({
        withNoneStaged,
        withOneStaged: deletes() - withNoneStaged,
        records: await h.count("MATCH ()-[r:ACCESS {id: 'acc:ann-dev'}]->() RETURN count(r)"),
        staged: await h.count('MATCH ()-[r:ACCESS]->() WHERE r.stagedBy IS NOT NULL RETURN count(r)'),
        asked: ran.filter((q) => q === 'ingest/staged-access-exists').length,
      }).toEqual({ withNoneStaged: 0, withOneStaged: 1, records: 1, staged: 0, asked: 2 });
    } finally {
      stop();
    }
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

// BASE, withValid and the rejection cases are shared with the importer's tests: test/support/ingest-rejections.ts.
describe('rejections: nothing is written', () => {
  beforeEach(async () => {
    await h.reset();
    await h.load(BASE);
  });

  it.each(REJECTIONS)('rejects $rule, lists it, and writes nothing', async ({ bad, problems }) => {
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
          grant('acc:a2', 'MEMBER_OF', 'tool:rmm', 'team:ops'),
          grant('acc:a3', 'CAN_ACCESS', 'identity:i1', 'system:s0', { approvedById: 'team:ops', expiresAt: 'tomorrow' }),
        ],
      },
      [
        problem('people', 1, 'person:p1', 'departedAt', 'must be'),
        problem('identities', 0, 'identity:i0', 'tenantId', 'refers to no entity'),
        problem('systems', 1, 'system:s1', 'tenantId', 'is required'),
        problem('ownerships', 1, null, 'ownerId', 'is a TOOL'),
        problem('access', 0, 'acc:a0', 'fromId', 'refers to no entity'),
        problem('access', 2, 'acc:a2', 'fromId', 'is a TOOL'),
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
    const before = await h.count('MATCH (n) WHERE NOT n:AuditEvent AND NOT n:GraphChange RETURN count(n)');
    const people = Array.from({ length: INGEST_BATCH_LIMIT - 1 }, (_, i) => ({ id: `person:bulk-${i}`, name: 'Bulk' }));
    expect(await ingest({ people, access: [grant('acc:bulk', 'MEMBER_OF', 'person:bulk-0', 'team:ops')] }, NOW2)).toEqual({
      entities: { created: INGEST_BATCH_LIMIT - 1, updated: 0 },
      ownerships: { created: 0, updated: 0 },
      access: { created: 1, updated: 0 },
    });
    expect(await h.count('MATCH (n) WHERE NOT n:AuditEvent AND NOT n:GraphChange RETURN count(n)')).toBe(before + INGEST_BATCH_LIMIT - 1);
  });
});
