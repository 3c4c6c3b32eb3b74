/**
 * The authorization matrix (server/guard.ts, the @allow directives): every
 * role against every root query and mutation of the served schema. A field
 * is allowed (answered without error) or refused before anything runs
 * (exactly one FORBIDDEN error `role X may not call Y`, data null, nothing
 * written). The list of root fields is read from the served schema, so a new
 * root field fails this suite until the matrix below says who may call it.
 * Fragments, inline fragments and aliases at the root cannot hide a field,
 * and one forbidden field refuses the whole operation.
 */
import type { Principal, ViewerRole } from '../src/core/viewer';
import { grant, graph, identity, named, own, system } from './support/fixtures';
import { useHarness, type Result } from './support/harness';

const h = useHarness();

// person:ann -MEMBER_OF-> team:ops -USES-> identity:adm -CAN_ACCESS-> system:acme-dc (in tenant:acme)
// person:ann owns identity:adm, so everything here is in scope for OWNER ann and TENANT_AUDITOR of acme.
const GRAPH = graph({
  tenants: [named('tenant:acme')],
  systems: [system('system:acme-dc', 'tenant:acme')],
  people: [named('person:ann')],
  teams: [named('team:ops')],
  identities: [identity('identity:adm')],
  ownerships: [own('person:ann', 'identity:adm')],
  access: [
    grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'),
    grant('acc:ops-adm', 'USES', 'team:ops', 'identity:adm'),
    grant('acc:adm-dc', 'CAN_ACCESS', 'identity:adm', 'system:acme-dc'),
  ],
});

const ROLES: ViewerRole[] = ['ADMIN', 'ANALYST', 'OWNER', 'TENANT_AUDITOR', 'INGEST', 'METRICS'];

const PRINCIPALS: Record<ViewerRole, Principal> = {
  ADMIN: { id: 'matrix-admin', role: 'ADMIN', credential: 'jwt' },
  ANALYST: { id: 'matrix-analyst', role: 'ANALYST', credential: 'jwt' },
  OWNER: { id: 'matrix-owner', role: 'OWNER', personId: 'person:ann', credential: 'jwt' },
  TENANT_AUDITOR: { id: 'matrix-auditor', role: 'TENANT_AUDITOR', tenantId: 'tenant:acme', credential: 'jwt' },
  INGEST: { id: 'matrix-ingest', role: 'INGEST', credential: 'api-key' },
  // A Prometheus server's credential: /metrics (test/metrics.*) and no root field at all.
  METRICS: { id: 'matrix-metrics', role: 'METRICS', credential: 'api-key' },
};

const READERS: ViewerRole[] = ['ADMIN', 'ANALYST', 'OWNER', 'TENANT_AUDITOR'];

/**
 * Who may call each root field (`Query.x` / `Mutation.x`), and one operation
 * calling it that succeeds for every role allowed to. `variables` runs before
 * each call (as the test's administrator) and gives the call's variables, so
 * a write a role is refused would show as a new node (or a revoked key).
 */
interface Case {
  allowed: ViewerRole[];
  query: string;
  variables?: (role: ViewerRole) => Promise<Record<string, unknown>>;
}

const MATRIX: Record<string, Case> = {
  'Query.entity': { allowed: READERS, query: '{ entity(id: "system:acme-dc") { id } }' },
  'Query.access': { allowed: READERS, query: '{ access(id: "acc:adm-dc") { id } }' },
  'Query.entities': { allowed: READERS, query: '{ entities(first: 5) { totalCount } }' },
  'Query.searchEntities': { allowed: READERS, query: '{ searchEntities(text: "acme") { id } }' },
  'Query.blastRadius': { allowed: READERS, query: '{ blastRadius(from: "person:ann") { systemCount } }' },
  'Query.whoCanReach': { allowed: READERS, query: '{ whoCanReach(target: "system:acme-dc") { peopleCount } }' },
  'Query.accessPaths': { allowed: READERS, query: '{ accessPaths(from: "person:ann", to: "system:acme-dc") { length } }' },
  'Query.unaccountablePaths': { allowed: READERS, query: '{ unaccountablePaths(first: 5) { totalCount } }' },
  'Query.findings': { allowed: READERS, query: '{ findings(first: 5) { totalCount } }' },
  'Query.findingSummary': { allowed: READERS, query: '{ findingSummary { total } }' },
  'Query.viewer': { allowed: [...READERS, 'INGEST'], query: '{ viewer { id role } }' },
  'Query.apiKeys': { allowed: ['ADMIN'], query: '{ apiKeys(includeRevoked: true) { id } }' },
  // Events' details are free text naming anything: whole-graph readers only (docs/audit.md).
  'Query.auditTrail': { allowed: ['ADMIN', 'ANALYST'], query: '{ auditTrail(first: 5) { totalCount } }' },
  // An OWNER asks about themselves (person:ann); a tenant auditor's question is its tenant, not an owner's portfolio (docs/owners.md).
  'Query.ownerReach': { allowed: ['ADMIN', 'ANALYST', 'OWNER'], query: '{ ownerReach(personId: "person:ann") { role } }' },
  'Query.recertificationsDue': { allowed: ['ADMIN', 'ANALYST', 'OWNER'], query: '{ recertificationsDue(ownerId: "person:ann", before: "2027-01-01T00:00:00Z") { dueAt } }' },
  'Mutation.ingest': {
    allowed: ['ADMIN', 'INGEST'],
    query: 'mutation($input: IngestInput!) { ingest(input: $input) { entities { created updated } } }',
    // A new person per role: a refused call that wrote anyway would add a node.
    variables: async (role) => ({ input: { source: 'matrix', people: [{ id: `person:new-${role}`, name: 'New' }] } }),
  },
  'Mutation.createApiKey': {
    allowed: ['ADMIN'],
    query: 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key { id } token } }',
    variables: async (role) => ({ input: { name: `matrix ${role}`, role: 'ANALYST' } }),
  },
  'Mutation.revokeApiKey': {
    allowed: ['ADMIN'],
    query: 'mutation($id: ID!) { revokeApiKey(id: $id, reason: "matrix") { id revokedAt } }',
    // A fresh, active key per role: a refused call that revoked it anyway would show.
    variables: async (role) => ({ id: await newKey(`to revoke (${role})`) }),
  },
  // The access lifecycle (docs/lifecycle.md): ADMIN only, except certifying (also an OWNER, as themselves, records of what
  // they own) and usage reports (also INGEST tooling). Each call works on records made for its role, away from ann's paths.
  'Mutation.grantAccess': {
    allowed: ['ADMIN'],
    query: 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { id } } }',
    variables: async (role) => {
      await h.load({ people: [named(`person:g-${role}`)], teams: [named(`team:g-${role}`)] });
      return { input: { kind: 'MEMBER_OF', fromId: `person:g-${role}`, toId: `team:g-${role}`, justification: 'matrix', approvedById: 'person:approver' } };
    },
  },
  'Mutation.revokeAccess': {
    allowed: ['ADMIN'],
    query: 'mutation($id: ID!) { revokeAccess(id: $id, reason: "matrix") { access { id } } }',
    variables: async (role) => {
      await h.load(graph({ people: [named(`person:r-${role}`)], teams: [named(`team:r-${role}`)], access: [grant(`acc:r-${role}`, 'MEMBER_OF', `person:r-${role}`, `team:r-${role}`)] }));
      return { id: `acc:r-${role}` };
    },
  },
  'Mutation.certifyAccess': {
    allowed: ['ADMIN', 'OWNER'],
    query: 'mutation($id: ID!) { certifyAccess(id: $id, certifiedById: "person:ann", note: "matrix") { access { id } } }',
    // A record into identity:adm, which ann owns and does not hold through it.
    variables: async (role) => {
      await h.load(graph({ tools: [{ id: `tool:c-${role}`, name: 'c' }], access: [grant(`acc:c-${role}`, 'CAN_ACCESS', `tool:c-${role}`, 'identity:adm')] }));
      return { id: `acc:c-${role}` };
    },
  },
  'Mutation.assignOwner': {
    allowed: ['ADMIN'],
    query: 'mutation($owner: ID!) { assignOwner(ownerId: $owner, entityId: "identity:adm", role: SERVICE_OWNER) { since } }',
    variables: async (role) => {
      await h.load({ people: [named(`person:o-${role}`)] });
      return { owner: `person:o-${role}` };
    },
  },
  'Mutation.removeOwner': {
    allowed: ['ADMIN'],
    query: 'mutation($owner: ID!) { removeOwner(ownerId: $owner, entityId: "identity:adm", reason: "matrix") { removedAt } }',
    variables: async (role) => {
      await h.load({ people: [named(`person:x-${role}`)], ownerships: [own(`person:x-${role}`, 'identity:adm')] });
      return { owner: `person:x-${role}` };
    },
  },
  'Mutation.offboardPerson': {
    allowed: ['ADMIN'],
    query: 'mutation { offboardPerson(personId: "person:ann", effectiveAt: "2026-06-01T00:00:00Z", dryRun: true) { dryRun } }',
  },
  'Mutation.terminateContract': {
    allowed: ['ADMIN'],
    query: 'mutation { terminateContract(tenantId: "tenant:acme", effectiveAt: "2026-06-01T00:00:00Z", dryRun: true) { dryRun } }',
  },
  'Mutation.recordAccessUse': {
    allowed: ['ADMIN', 'INGEST'],
    query: 'mutation { recordAccessUse(accessId: "acc:adm-dc", at: "2026-01-02T00:00:00Z") { access { id } } }',
  },
  'Mutation.recordBreakGlassUse': {
    allowed: ['ADMIN', 'INGEST'],
    query: 'mutation { recordBreakGlassUse(identityId: "identity:bg", personId: "person:ann", at: "2026-01-02T00:00:00Z", reason: "matrix") { use { id } } }',
    variables: async () => {
      await h.load({ identities: [identity('identity:bg', { identityKind: 'BREAK_GLASS' })] });
      return {};
    },
  },
  'Mutation.reviewBreakGlassUse': {
    allowed: ['ADMIN'],
    query: 'mutation($id: ID!) { reviewBreakGlassUse(useId: $id, reviewerId: "person:approver", notes: "matrix") { use { id } } }',
    variables: async () => {
      await h.load({ identities: [identity('identity:bg', { identityKind: 'BREAK_GLASS' })] });
      const used = await h.data('mutation { recordBreakGlassUse(identityId: "identity:bg", personId: "person:ann", at: "2026-01-02T00:00:00Z", reason: "r") { use { id } } }');
      return { id: used.recordBreakGlassUse.use.id };
    },
  },
};

/** Creates an active ANALYST key as the test's administrator and returns its id. */
async function newKey(name: string): Promise<string> {
  const created = await h.data('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key { id } } }', { input: { name, role: 'ANALYST' } });
  return created.createApiKey.key.id;
}

/** What is stored, in the terms a write would change: nodes, relationships, revoked keys. */
async function stored() {
  return {
    nodes: await h.count('MATCH (n) RETURN count(n)'),
    relationships: await h.count('MATCH ()-[r]->() RETURN count(r)'),
    revokedKeys: await h.count('MATCH (k:ApiKey) WHERE k.revokedAt IS NOT NULL RETURN count(k)'),
  };
}

/** The one answer a refusal must be. */
const forbidden = (role: ViewerRole, field: string) => ({
  data: null,
  errors: [{ message: `role ${role} may not call ${field}`, extensions: { code: 'FORBIDDEN', field } }],
});

/** A whole answer as compared here: data (null when absent) and errors (absent when none). */
const answer = (result: Result) => ({ data: result.data ?? null, ...(result.errors ? { errors: result.errors } : {}) });

/** Runs `query` as `role` and says whether it was allowed, refused (and wrote nothing), or something else. */
async function outcome(role: ViewerRole, field: string, query: string, variables?: Record<string, unknown>): Promise<string> {
  const before = await stored();
  const result = await h.runAs(PRINCIPALS[role], query, variables);
  const after = await stored();
  if (!result.errors && result.data) return 'allowed';
  const wrote = JSON.stringify(after) !== JSON.stringify(before);
  if (JSON.stringify(answer(result)) === JSON.stringify(forbidden(role, field)) && !wrote) return 'refused';
  return `unexpected: ${JSON.stringify({ ...answer(result), wrote })}`;
}

/** Every root field of the served schema, as `Query.x` / `Mutation.x`, read by introspection. */
async function servedRootFields(): Promise<string[]> {
  const { __schema } = await h.data('{ __schema { queryType { name fields { name } } mutationType { name fields { name } } subscriptionType { name } } }');
  expect(__schema.subscriptionType).toBeNull();
  return [__schema.queryType, __schema.mutationType].flatMap((type) => type.fields.map((f: { name: string }) => `${type.name}.${f.name}`)).sort();
}

beforeAll(async () => {
  await h.resetTo(GRAPH);
});

it('has a row for every root field of the served schema, and none for a field it does not serve', async () => {
  expect(await servedRootFields()).toEqual(Object.keys(MATRIX).sort());
});

it('allows and refuses each root field for each role as the matrix says, refusals writing nothing', async () => {
  const expected: Record<string, Record<string, string>> = {};
  const actual: Record<string, Record<string, string>> = {};
  for (const field of await servedRootFields()) {
    const row = MATRIX[field];
    const name = field.split('.')[1];
    expected[field] = Object.fromEntries(ROLES.map((role) => [role, row?.allowed.includes(role) ? 'allowed' : 'refused']));
    actual[field] = {};
    for (const role of ROLES) {
      actual[field][role] = row ? await outcome(role, name, row.query, await row.variables?.(role)) : 'not in the matrix';
    }
  }
  expect(actual).toEqual(expected);
});

it('answers the allowed reads for the narrowed roles within their scope', async () => {
  const read = `{
    entity(id: "system:acme-dc") { id }
    blastRadius(from: "person:ann") { systemCount }
    whoCanReach(target: "system:acme-dc") { peopleCount }
    accessPaths(from: "person:ann", to: "system:acme-dc") { length }
    viewer { id role personId tenantId }
  }`;
  const owner = await h.runAs(PRINCIPALS.OWNER, read);
  const auditor = await h.runAs(PRINCIPALS.TENANT_AUDITOR, read);
  const common = { entity: { id: 'system:acme-dc' }, blastRadius: { systemCount: 1 }, whoCanReach: { peopleCount: 1 }, accessPaths: [{ length: 3 }] };
  expect([owner, auditor]).toEqual([
    { data: { ...common, viewer: { id: 'matrix-owner', role: 'OWNER', personId: 'person:ann', tenantId: null } } },
    { data: { ...common, viewer: { id: 'matrix-auditor', role: 'TENANT_AUDITOR', personId: null, tenantId: 'tenant:acme' } } },
  ]);
});

describe('a forbidden root field cannot be hidden', () => {
  it('in a named fragment spread at the root', async () => {
    const query = 'query { ...Keys } fragment Keys on Query { apiKeys { id } }';
    expect(answer(await h.runAs(PRINCIPALS.ANALYST, query))).toEqual(forbidden('ANALYST', 'apiKeys'));
  });

  it('in a typed or untyped inline fragment at the root', async () => {
    const typed = '{ ... on Query { apiKeys { id } } }';
    const untyped = '{ ... @include(if: true) { apiKeys { id } } }';
    expect([answer(await h.runAs(PRINCIPALS.OWNER, typed)), answer(await h.runAs(PRINCIPALS.TENANT_AUDITOR, untyped))]).toEqual([
      forbidden('OWNER', 'apiKeys'),
      forbidden('TENANT_AUDITOR', 'apiKeys'),
    ]);
  });

  it('in fragments nested in fragments', async () => {
    const query = `query { ...Outer }
      fragment Outer on Query { viewer { id } ...Middle }
      fragment Middle on Query { ... on Query { ...Inner } }
      fragment Inner on Query { entities { totalCount } }`;
    expect(answer(await h.runAs(PRINCIPALS.INGEST, query))).toEqual(forbidden('INGEST', 'entities'));
  });

  it('behind an alias', async () => {
    expect(answer(await h.runAs(PRINCIPALS.ANALYST, '{ keys: apiKeys { id } }'))).toEqual(forbidden('ANALYST', 'apiKeys'));
  });

  it('under @skip(if: true): the guard reads the document, not what would run', async () => {
    const query = '{ viewer { id } apiKeys @skip(if: true) { id } }';
    expect(answer(await h.runAs(PRINCIPALS.ANALYST, query))).toEqual(forbidden('ANALYST', 'apiKeys'));
  });

  it('in a mutation fragment, and the refused mutation writes nothing', async () => {
    const before = await stored();
    const query = `mutation { ...Create } fragment Create on Mutation { createApiKey(input: { name: "sneaky", role: ADMIN }) { token } }`;
    const result = answer(await h.runAs(PRINCIPALS.INGEST, query));
    expect({ result, stored: await stored() }).toEqual({ result: forbidden('INGEST', 'createApiKey'), stored: before });
  });
});

describe('an operation mixing allowed and forbidden root fields', () => {
  it('is refused as a whole, with no data for the allowed fields', async () => {
    const query = '{ viewer { id } entities { totalCount } apiKeys { id } }';
    expect(answer(await h.runAs(PRINCIPALS.ANALYST, query))).toEqual(forbidden('ANALYST', 'apiKeys'));
  });

  it('writes nothing, not even its allowed mutation', async () => {
    const before = await stored();
    const query = `mutation {
      ingest(input: { people: [{ id: "person:mixed", name: "Mixed" }] }) { entities { created } }
      ... on Mutation { createApiKey(input: { name: "mixed", role: ADMIN }) { token } }
    }`;
    const result = answer(await h.runAs(PRINCIPALS.INGEST, query));
    expect({ result, stored: await stored() }).toEqual({ result: forbidden('INGEST', 'createApiKey'), stored: before });
  });

  it('refuses METRICS even introspection, since it may call no field at all', async () => {
    const answers = [];
    for (const query of ['{ __typename }', '{ __schema { queryType { name } } }', '{ __type(name: "Query") { name } }']) answers.push(answer(await h.runAs(PRINCIPALS.METRICS, query)));
    expect(answers).toEqual([forbidden('METRICS', '__typename'), forbidden('METRICS', '__schema'), forbidden('METRICS', '__type')]);
  });

  it('is allowed when every field is, introspection fields included', async () => {
    const result = await h.runAs(PRINCIPALS.INGEST, '{ __typename viewer { role } }');
    expect(result).toEqual({ data: { __typename: 'Query', viewer: { role: 'INGEST' } } });
  });
});
