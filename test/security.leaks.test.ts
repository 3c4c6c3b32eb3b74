/**
 * Leaks across tenants: every query, nested field, error path and cursor a
 * TENANT_AUDITOR can reach, asked over a graph where another client shares
 * the same pooled tools, must answer as if the other client did not exist
 * (docs/semantics.md; src/reach/index/visibility.ts says what is in scope).
 * No id, name or count of the other tenant may appear in any response, and a
 * hidden id must be refused exactly like an id that names nothing, or the
 * refusal itself would confirm that it exists. A few OWNER tests check the
 * other narrowed role the same way.
 *
 * The graph (every record granted at T0, approved by the shared approver and
 * justified unless the drawing says otherwise; `*` privileged):
 *
 *   alice -USES-> alice-adm -CAN_ACCESS[no approval, requested by rick]-> alpha-dc01
 *                 alice-adm -HAS_ROLE*-> alpha-ga* (tenant alpha) -GRANTS*-> alpha
 *   alice, bob -MEMBER_OF-> helpdesk -USES-> rmm-tech (owner departed) -CAN_ACCESS[blank justification]-> rmm
 *                           helpdesk -HAS_ROLE-> gdap (no owner) -GRANTS-> alpha, beta-core
 *                           helpdesk -CAN_ACCESS-> vault (owned by the helpdesk team)
 *   vault -CAN_ACCESS-> pooled-admin; vault -CAN_ACCESS[blank justification]-> beta-svc
 *   dave, erin -USES-> pooled-admin -CAN_ACCESS*[no approval, no justification]-> rmm (pooled tool)
 *                      pooled-admin -HAS_ROLE*[no approval]-> beta-ga* (tenant beta) -GRANTS*-> beta
 *   rmm -CAN_ACCESS[certified by cat]-> alpha ==> alpha-dc01, alpha-fs01, alpha-web
 *   rmm -CAN_ACCESS*-> beta ==> beta-core, beta-swift;   rmm -CAN_ACCESS-> beta-swift (revoked)
 *   beta-carol -MEMBER_OF-> beta-squad -HAS_ROLE-> beta-ga
 *   beta-carol -USES[no approval]-> beta-svc (home tenant beta) -CAN_ACCESS-> beta-core, beta-swift[no justification]
 *
 * Owners: olga owns rmm, alice-adm, alpha-ga; oscar owns pooled-admin; dan
 * (departed) owns rmm-tech; beta-owner owns beta-svc and beta-ga. Records
 * that only serve Beta Bank are approved by beta-approver (beta-svc-core is
 * certified by beta-certifier).
 *
 * Everything that only Beta Bank's side holds has "beta" in its id and its
 * name, and nothing the Alpha auditor may see has (a test below checks it), so
 * one pattern finds any leak, in the response and in its decoded cursors.
 */
import type { ApolloServer } from '@apollo/server';
import { resolveViewer } from '../src/auth/scope';
import { LOCAL_ADMIN, type Principal } from '../src/core/viewer';
import type { AccessInput, EntityKind, IngestInput } from '../src/generated/graphql';
import { encodeCursor } from '../src/pagination';
import type { ReachMode } from '../src/reach/traverser';
import { createApollo } from '../src/server/app';
import { createContext, type RequestContext } from '../src/server/context';
import { APPROVER, grant, graph, own, unapproved } from './support/fixtures';
import { useHarness, type Result } from './support/harness';
import { walkPages, type Page } from './support/pages';

const h = useHarness();

/** The instant every question is asked at (and the request's "now"): after every grant, the revocation and dan's departure. */
const AS_OF = '2026-06-01T00:00:00Z';

const AUDITOR: Principal = { id: 'auditor-alpha', role: 'TENANT_AUDITOR', tenantId: 'tenant:alpha', credential: 'jwt' };
const OSCAR: Principal = { id: 'owner-oscar', role: 'OWNER', personId: 'person:oscar', credential: 'jwt' };

// ---------------------------------------------------------------------------------------------
// The fixture
// ---------------------------------------------------------------------------------------------

const BETA_APPROVER = 'person:beta-approver';
/** A record approved by Beta Bank's own approver. */
const betaApproved = (record: AccessInput): AccessInput => ({ ...record, approvedById: BETA_APPROVER });
/** The same record with its justification left out altogether. */
const unjustified = (record: AccessInput): AccessInput => {
  const copy = { ...record };
  delete copy.justification;
  return copy;
};

const FIXTURE: IngestInput = graph({
  people: [
    { id: 'person:alice', name: 'Alice Tech', email: 'alice@msp.example', employer: 'MSP Ltd' },
    { id: 'person:bob', name: 'Bob Tech', employer: 'MSP Ltd' },
    { id: 'person:dave', name: 'Dave Admin', employer: 'MSP Ltd' },
    { id: 'person:erin', name: 'Erin Admin', employer: 'MSP Ltd' },
    { id: 'person:olga', name: 'Olga Owner' },
    { id: 'person:oscar', name: 'Oscar Owner' },
    { id: 'person:dan', name: 'Dan Departed', status: 'DEPARTED', departedAt: '2026-03-01T00:00:00Z' },
    { id: 'person:rick', name: 'Rick Requester' },
    { id: 'person:cat', name: 'Cat Certifier' },
    { id: 'person:beta-carol', name: 'Carol of Beta Bank', email: 'carol@betabank.example', employer: 'Beta Bank' },
    { id: BETA_APPROVER, name: 'Beta Approver', employer: 'Beta Bank' },
    { id: 'person:beta-owner', name: 'Beta Owner', employer: 'Beta Bank' },
    { id: 'person:beta-certifier', name: 'Beta Certifier', employer: 'Beta Bank' },
  ],
  teams: [
    { id: 'team:helpdesk', name: 'MSP Helpdesk' },
    { id: 'team:beta-squad', name: 'Beta Squad' },
  ],
  identities: [
    { id: 'id:alice-adm', name: 'alice.adm', identityKind: 'HUMAN_ACCOUNT', mfa: true, lastUsedAt: '2026-05-20T08:00:00Z' },
    { id: 'id:rmm-tech', name: 'rmm-technician', identityKind: 'SHARED_ADMIN', mfa: false },
    { id: 'id:pooled-admin', name: 'msp-pooled-admin', identityKind: 'SHARED_ADMIN', credentialRotatedAt: '2026-01-10T00:00:00Z' },
    { id: 'id:beta-svc', name: 'Beta backup service', identityKind: 'SERVICE_ACCOUNT', tenantId: 'tenant:beta' },
  ],
  tools: [
    { id: 'tool:rmm', name: 'Pooled RMM', category: 'RMM', pooled: true },
    { id: 'tool:vault', name: 'Technician Vault', category: 'VAULT', pooled: true },
  ],
  roles: [
    { id: 'role:alpha-ga', name: 'Alpha Global Administrator', privileged: true, tenantId: 'tenant:alpha' },
    { id: 'role:gdap', name: 'Helpdesk Delegated Admin', privileged: false },
    { id: 'role:beta-ga', name: 'Beta Global Administrator', privileged: true, tenantId: 'tenant:beta' },
  ],
  tenants: [
    { id: 'tenant:alpha', name: 'Alpha Corp' },
    { id: 'tenant:beta', name: 'Beta Bank' },
  ],
  systems: [
    { id: 'sys:alpha-dc01', name: 'ALPHA-DC01', tenantId: 'tenant:alpha', criticality: 'CRITICAL', environment: 'PRODUCTION' },
    { id: 'sys:alpha-fs01', name: 'ALPHA-FS01', tenantId: 'tenant:alpha', criticality: 'HIGH', environment: 'PRODUCTION' },
    { id: 'sys:alpha-web', name: 'Alpha Staging Web', tenantId: 'tenant:alpha', criticality: 'LOW', environment: 'NON_PRODUCTION' },
    { id: 'sys:beta-core', name: 'Beta Core Banking', tenantId: 'tenant:beta', criticality: 'CRITICAL', environment: 'PRODUCTION' },
    { id: 'sys:beta-swift', name: 'Beta SWIFT Gateway', tenantId: 'tenant:beta', criticality: 'CRITICAL', environment: 'PRODUCTION' },
  ],
  ownerships: [
    own('person:olga', 'tool:rmm'),
    own('person:olga', 'id:alice-adm'),
    own('person:olga', 'role:alpha-ga'),
    own('person:oscar', 'id:pooled-admin'),
    own('person:dan', 'id:rmm-tech'),
    own('team:helpdesk', 'tool:vault'),
    own('person:beta-owner', 'id:beta-svc'),
    own('person:beta-owner', 'role:beta-ga'),
  ],
  access: [
    // MSP side, on paths into Alpha Corp
    grant('acc:alice-helpdesk', 'MEMBER_OF', 'person:alice', 'team:helpdesk'),
    grant('acc:bob-helpdesk', 'MEMBER_OF', 'person:bob', 'team:helpdesk'),
    grant('acc:alice-adm', 'USES', 'person:alice', 'id:alice-adm'),
    grant('acc:dave-pooled', 'USES', 'person:dave', 'id:pooled-admin'),
    grant('acc:erin-pooled', 'USES', 'person:erin', 'id:pooled-admin'),
    grant('acc:helpdesk-rmmtech', 'USES', 'team:helpdesk', 'id:rmm-tech'),
    grant('acc:helpdesk-vault', 'CAN_ACCESS', 'team:helpdesk', 'tool:vault'),
    grant('acc:helpdesk-gdap', 'HAS_ROLE', 'team:helpdesk', 'role:gdap'),
    grant('acc:rmmtech-rmm', 'CAN_ACCESS', 'id:rmm-tech', 'tool:rmm', { justification: '   ' }),
    unjustified(unapproved(grant('acc:pooled-rmm', 'CAN_ACCESS', 'id:pooled-admin', 'tool:rmm', { privileged: true }))),
    grant('acc:vault-pooled', 'CAN_ACCESS', 'tool:vault', 'id:pooled-admin'),
    unapproved(grant('acc:aliceadm-dc01', 'CAN_ACCESS', 'id:alice-adm', 'sys:alpha-dc01', { requestedById: 'person:rick' })),
    grant('acc:aliceadm-ga', 'HAS_ROLE', 'id:alice-adm', 'role:alpha-ga', { privileged: true }),
    grant('acc:alphaga-alpha', 'GRANTS', 'role:alpha-ga', 'tenant:alpha', { privileged: true }),
    grant('acc:gdap-alpha', 'GRANTS', 'role:gdap', 'tenant:alpha'),
    grant('acc:rmm-alpha', 'CAN_ACCESS', 'tool:rmm', 'tenant:alpha', { certifiedById: 'person:cat', lastCertifiedAt: '2026-04-01T00:00:00Z' }),
    // Beta Bank's side: the same pooled tools, role and vault reach into it
    betaApproved(grant('acc:rmm-beta', 'CAN_ACCESS', 'tool:rmm', 'tenant:beta', { privileged: true, requestedById: 'person:beta-carol' })),
    grant('acc:rmm-beta-swift-old', 'CAN_ACCESS', 'tool:rmm', 'sys:beta-swift', { revokedAt: '2026-02-01T00:00:00Z' }),
    betaApproved(grant('acc:gdap-beta-core', 'GRANTS', 'role:gdap', 'sys:beta-core')),
    unapproved(grant('acc:pooled-beta-ga', 'HAS_ROLE', 'id:pooled-admin', 'role:beta-ga', { privileged: true })),
    betaApproved(grant('acc:beta-ga-beta', 'GRANTS', 'role:beta-ga', 'tenant:beta', { privileged: true })),
    betaApproved(grant('acc:vault-beta-svc', 'CAN_ACCESS', 'tool:vault', 'id:beta-svc', { justification: '' })),
    betaApproved(grant('acc:beta-carol-squad', 'MEMBER_OF', 'person:beta-carol', 'team:beta-squad')),
    betaApproved(grant('acc:beta-squad-ga', 'HAS_ROLE', 'team:beta-squad', 'role:beta-ga')),
    unapproved(grant('acc:beta-carol-svc', 'USES', 'person:beta-carol', 'id:beta-svc')),
    betaApproved(grant('acc:beta-svc-core', 'CAN_ACCESS', 'id:beta-svc', 'sys:beta-core', { certifiedById: 'person:beta-certifier', lastCertifiedAt: '2026-04-01T00:00:00Z' })),
    unjustified(betaApproved(grant('acc:beta-svc-swift', 'CAN_ACCESS', 'id:beta-svc', 'sys:beta-swift'))),
  ],
});

const ALPHA_SYSTEMS = ['sys:alpha-dc01', 'sys:alpha-fs01', 'sys:alpha-web'];

/** What the Alpha auditor may see, by kind: upstream of Alpha, plus owners, record people and system tenants. */
const AUDITOR_SEES: Record<EntityKind, string[]> = {
  PERSON: ['person:alice', APPROVER, 'person:bob', 'person:cat', 'person:dan', 'person:dave', 'person:erin', 'person:olga', 'person:oscar', 'person:rick'].sort(),
  TEAM: ['team:helpdesk'],
  IDENTITY: ['id:alice-adm', 'id:pooled-admin', 'id:rmm-tech'],
  TOOL: ['tool:rmm', 'tool:vault'],
  ROLE: ['role:alpha-ga', 'role:gdap'],
  TENANT: ['tenant:alpha'],
  SYSTEM: ALPHA_SYSTEMS,
};
const KINDS = Object.keys(AUDITOR_SEES) as EntityKind[];
const VISIBLE = KINDS.flatMap((k) => AUDITOR_SEES[k]).sort();

/** Entities only Beta Bank's side holds: hidden from the Alpha auditor. */
const HIDDEN = [
  'tenant:beta',
  'sys:beta-core',
  'sys:beta-swift',
  'id:beta-svc',
  'role:beta-ga',
  'team:beta-squad',
  'person:beta-carol',
  BETA_APPROVER,
  'person:beta-owner',
  'person:beta-certifier',
];

const VISIBLE_RECORDS = [
  'acc:alice-adm',
  'acc:alice-helpdesk',
  'acc:aliceadm-dc01',
  'acc:aliceadm-ga',
  'acc:alphaga-alpha',
  'acc:bob-helpdesk',
  'acc:dave-pooled',
  'acc:erin-pooled',
  'acc:gdap-alpha',
  'acc:helpdesk-gdap',
  'acc:helpdesk-rmmtech',
  'acc:helpdesk-vault',
  'acc:pooled-rmm',
  'acc:rmm-alpha',
  'acc:rmmtech-rmm',
  'acc:vault-pooled',
];
const HIDDEN_RECORDS = (FIXTURE.access ?? []).map((a) => a.id).filter((id) => !VISIBLE_RECORDS.includes(id));

/** An id that names nothing at all: hidden ids must be refused exactly as it is. */
const UNKNOWN = 'nothing:here';

// ---------------------------------------------------------------------------------------------
// Queries: every field of the schema a narrowed viewer can reach, nested as deep as the guard allows
// ---------------------------------------------------------------------------------------------

const FRAGMENTS: Record<string, string> = {
  // An entity as a reference, with the tenant it names: a System's, or an Identity's or Role's home (aliased: Tenant! and Tenant may not share a name).
  Leaf: `fragment Leaf on Entity { __typename id kind name
    ... on System { tenant { id name } } ... on Identity { home: tenant { id name } } ... on Role { home: tenant { id name } } }`,
  Owned: `fragment Owned on OwnerLink { role since owner { ...Leaf ... on Person { status } ... on Team { members { id name } } } }`,
  // Every field of every entity type.
  Full: `fragment Full on Entity { ...Leaf
    ... on Person { email employer status departedAt }
    ... on Team { members { ...Leaf } }
    ... on Identity { identityKind enabled lastUsedAt credentialRotatedAt credentialExpiresAt mfa owners { ...Owned } gaps }
    ... on Tool { category pooled owners { ...Owned } gaps }
    ... on Role { privileged owners { ...Owned } gaps }
    ... on Tenant { contractStatus contractEndedAt }
    ... on System { criticality environment } }`,
  // An entity on a path: what its step's gaps and owners depend on (lighter than Full, so paths stay within the cost limit).
  Node: `fragment Node on Entity { ...Leaf
    ... on Person { status } ... on Team { members { id name } }
    ... on Identity { owners { role since owner { id name } } gaps }
    ... on Tool { owners { role since owner { id name } } gaps }
    ... on Role { owners { role since owner { id name } } gaps } }`,
  // Every field of an access record.
  Rec: `fragment Rec on Access { id kind privileged justification approvedAt grantedAt expiresAt lastCertifiedAt revokedAt lastUsedAt source gaps
    from { ...Leaf } to { ...Leaf } requestedBy { ...Leaf } approvedBy { ...Leaf } certifiedBy { ...Leaf } }`,
  Step: `fragment Step on PathStep { gaps from { ...Node } to { ...Node } access { ...Rec } }`,
  Reachers: `fragment Reachers on ReacherConnection { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { distance entity { ...Full } } } }`,
};

/** A query with the fragments it uses (transitively): graphql refuses unused ones. */
function withFragments(query: string): string {
  const used = new Set<string>();
  const visit = (text: string) => {
    for (const [, name] of text.matchAll(/\.\.\.([A-Z]\w*)/g)) {
      if (used.has(name) || !FRAGMENTS[name]) continue;
      used.add(name);
      visit(FRAGMENTS[name]);
    }
  };
  visit(query);
  return [query, ...[...used].map((name) => FRAGMENTS[name])].join('\n');
}

const ENTITY = withFragments(`query($id: ID!) { entity(id: $id) { ...Full } }`);
const ACCESS = withFragments(`query($id: ID!) { access(id: $id) { ...Rec } }`);
const ENTITIES = withFragments(`query($kind: EntityKind, $first: Int, $after: String) {
  entities(kind: $kind, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...Full } } }
}`);
const BLAST = withFragments(`query($id: ID!, $asOf: DateTime, $maxDepth: Int, $first: Int = 20, $after: String) {
  blastRadius(from: $id, asOf: $asOf, maxDepth: $maxDepth) {
    from { ...Full } asOf maxDepth systemCount tenantCount
    tenants { systemCount tenant { ...Full } }
    systems(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { distance privileged system { ...Full } path { length steps { ...Step } } } } }
  }
}`);
const EXPOSURE = withFragments(`query($id: ID!, $asOf: DateTime, $first: Int = 20, $after: String) {
  whoCanReach(target: $id, asOf: $asOf) {
    target { ...Full } asOf maxDepth peopleCount identityCount
    people(first: $first, after: $after) { ...Reachers }
    identities(first: $first, after: $after) { ...Reachers }
  }
}`);
const PATHS = withFragments(`query($from: ID!, $to: ID!, $asOf: DateTime) {
  accessPaths(from: $from, to: $to, first: 20, asOf: $asOf) { length steps { ...Step } }
}`);
const REPORT = withFragments(`query($tenantId: ID, $asOf: DateTime, $first: Int = 20, $after: String) {
  unaccountablePaths(tenantId: $tenantId, asOf: $asOf, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { reason peopleExposed systemsExposed entity { ...Full } access { ...Rec } example { length steps { ...Step } } } }
  }
}`);

// ---------------------------------------------------------------------------------------------
// Asking, and finding leaks
// ---------------------------------------------------------------------------------------------

let apollo: ApolloServer<RequestContext> | undefined;
beforeAll(async () => {
  apollo = createApollo();
  await apollo.start();
});
afterAll(() => apollo?.stop());

type Caller = Principal | 'admin';

/**
 * Runs a query as `caller` (its scope resolved as over HTTP) with the given
 * traversal, at AS_OF. The harness's runAs always uses the default traversal;
 * the leak sweep runs under both, since each reads the scope its own way.
 */
async function ask(mode: ReachMode, caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  const viewer = caller === 'admin' ? LOCAL_ADMIN : await resolveViewer(h.exec, caller);
  const response = await apollo!.executeOperation({ query, variables }, { contextValue: createContext(h.exec, viewer, AS_OF, mode) });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  return response.body.singleResult as Result;
}

/** Every cursor string in an answer (edges' cursors and endCursors). */
function cursorsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) cursorsIn(v, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'cursor' || key === 'endCursor') && typeof v === 'string') found.push(v);
      else cursorsIn(v, found);
    }
  }
  return found;
}

/** Every Beta Bank id or name fragment in an answer, its decoded cursors included; `asked` ids (the caller's own input, echoed by an error) excepted. */
function leaksIn(result: unknown, asked: string[] = []): string[] {
  const cursors = cursorsIn(result);
  // Cursors are compared decoded: their base64 text could spell anything by chance.
  let text = [JSON.stringify(result), ...cursors.map((c) => Buffer.from(c, 'base64url').toString('utf8'))].join('\n');
  for (const c of cursors) text = text.split(`"${c}"`).join('"<cursor>"');
  for (const id of asked) text = text.split(id).join('<asked>');
  return [...new Set(text.match(/[\w:.@-]*beta[\w:.@-]*/gi) ?? [])].sort();
}

/** An answer with `id` replaced wherever it appears, to compare the refusals of two ids. */
const withoutId = (result: Result, id: string) => JSON.parse(JSON.stringify(result).split(id).join('<id>'));

/** [system id, distance] in API order. */
const reached = (blast: any) => blast.systems.edges.map((e: any) => [e.node.system.id, e.node.distance]);
/** [tenant id, systemCount] in API order. */
const tenantCounts = (blast: any) => blast.tenants.map((t: any) => [t.tenant.id, t.systemCount]);
/** [entity id, distance] of a reacher connection, in API order. */
const reachers = (connection: any) => connection.edges.map((e: any) => [e.node.entity.id, e.node.distance]);
/** [subject id, reason, peopleExposed, systemsExposed] of a report, in API order. */
const gapRows = (report: any) => report.edges.map((e: any) => [e.node.entity?.id ?? e.node.access.id, e.node.reason, e.node.peopleExposed, e.node.systemsExposed]);
/** A path as `from -record-> to` strings, the containment step as `==>`. */
const drawn = (path: any) => path.steps.map((s: any) => `${s.from.id} ${s.access ? `-${s.access.id}->` : '==>'} ${s.to.id}`);

const MODES: ReachMode[] = ['index', 'neo4j'];

// ---------------------------------------------------------------------------------------------
// The sweep: every query as the Alpha auditor, under both traversals
// ---------------------------------------------------------------------------------------------

/**
 * What the Alpha auditor's blast radius of each visible entity holds: its
 * systems [id, distance] and whether the paths to them are privileged (one
 * flag per origin in this graph). Entities absent here reach nothing.
 */
const AUDITOR_BLAST: Record<string, { systems: [string, number][]; privileged: boolean }> = {
  'person:alice': { systems: [['sys:alpha-dc01', 2], ['sys:alpha-fs01', 4], ['sys:alpha-web', 4]], privileged: true },
  'person:bob': { systems: ALPHA_SYSTEMS.map((s) => [s, 4]), privileged: true },
  'person:dave': { systems: ALPHA_SYSTEMS.map((s) => [s, 4]), privileged: true },
  'person:erin': { systems: ALPHA_SYSTEMS.map((s) => [s, 4]), privileged: true },
  'team:helpdesk': { systems: ALPHA_SYSTEMS.map((s) => [s, 3]), privileged: true },
  'id:alice-adm': { systems: [['sys:alpha-dc01', 1], ['sys:alpha-fs01', 3], ['sys:alpha-web', 3]], privileged: true },
  'id:rmm-tech': { systems: ALPHA_SYSTEMS.map((s) => [s, 3]), privileged: false },
  'id:pooled-admin': { systems: ALPHA_SYSTEMS.map((s) => [s, 3]), privileged: true },
  'tool:rmm': { systems: ALPHA_SYSTEMS.map((s) => [s, 2]), privileged: false },
  'tool:vault': { systems: ALPHA_SYSTEMS.map((s) => [s, 4]), privileged: true },
  'role:alpha-ga': { systems: ALPHA_SYSTEMS.map((s) => [s, 2]), privileged: true },
  'role:gdap': { systems: ALPHA_SYSTEMS.map((s) => [s, 2]), privileged: false },
  'tenant:alpha': { systems: ALPHA_SYSTEMS.map((s) => [s, 1]), privileged: false },
};

describe.each(MODES)('the auditor of Alpha Corp, with the %s traversal', (mode) => {
  beforeAll(() => h.resetTo(FIXTURE));

  const auditor = (query: string, variables?: Record<string, unknown>) => ask(mode, AUDITOR, query, variables);
  const admin = (query: string, variables?: Record<string, unknown>) => ask(mode, 'admin', query, variables);

  it('reads every entity of its scope exactly as an administrator does, and every other entity as null', async () => {
    // Act
    const visible = [];
    const hidden = [];
    for (const id of VISIBLE) visible.push({ id, auditor: await auditor(ENTITY, { id }), admin: await admin(ENTITY, { id }) });
    for (const id of [...HIDDEN, UNKNOWN]) hidden.push({ id, auditor: await auditor(ENTITY, { id }) });

    // Assert
    for (const v of visible) expect({ id: v.id, answer: v.auditor }).toEqual({ id: v.id, answer: v.admin });
    expect(visible.filter((v) => v.auditor.data?.entity?.id !== v.id).map((v) => v.id)).toEqual([]);
    expect(hidden.map((x) => [x.id, x.auditor])).toEqual([...HIDDEN, UNKNOWN].map((id) => [id, { data: { entity: null } }]));
    expect([...visible, ...hidden].map((x) => [x.id, leaksIn(x.auditor)])).toEqual([...visible, ...hidden].map((x) => [x.id, []]));
  });

  it('reads every access record on a path into its tenant exactly as an administrator does, and every other record as null', async () => {
    // Act
    const visible = [];
    const hidden = [];
    for (const id of VISIBLE_RECORDS) visible.push({ id, auditor: await auditor(ACCESS, { id }), admin: await admin(ACCESS, { id }) });
    for (const id of [...HIDDEN_RECORDS, UNKNOWN]) hidden.push({ id, auditor: await auditor(ACCESS, { id }) });

    // Assert
    for (const v of visible) expect({ id: v.id, answer: v.auditor }).toEqual({ id: v.id, answer: v.admin });
    expect(visible.filter((v) => v.auditor.data?.access?.id !== v.id).map((v) => v.id)).toEqual([]);
    expect(hidden.map((x) => [x.id, x.auditor])).toEqual([...HIDDEN_RECORDS, UNKNOWN].map((id) => [id, { data: { access: null } }]));
    expect(HIDDEN_RECORDS).toHaveLength(11);
    expect([...visible, ...hidden].map((x) => [x.id, leaksIn(x.auditor)])).toEqual([...visible, ...hidden].map((x) => [x.id, []]));
  });

  it('lists exactly the visible entities of each kind, with totals counted over them alone', async () => {
    // Act
    const lists: Record<string, { ids: string[]; totalCount: number; leaks: string[] }> = {};
    const adminTotals: Record<string, number> = {};
    for (const kind of [...KINDS, null]) {
      const r = await auditor(ENTITIES, { kind, first: 100 });
      expect(r.errors).toBeUndefined();
      const page = r.data.entities;
      lists[kind ?? 'ALL'] = { ids: page.edges.map((e: any) => e.node.id), totalCount: page.totalCount, leaks: leaksIn(r) };
      adminTotals[kind ?? 'ALL'] = (await admin(ENTITIES, { kind, first: 100 })).data.entities.totalCount;
    }

    // Assert
    const expected = Object.fromEntries(
      [...KINDS.map((k) => [k, AUDITOR_SEES[k]] as const), ['ALL', VISIBLE] as const].map(([k, ids]) => [k, { ids, totalCount: ids.length, leaks: [] }]),
    );
    expect(lists).toEqual(expected);
    expect(lists.ALL.totalCount).toBe(22);
    // The administrator counts Beta Bank's side as well: 32 entities, 2 tenants, 5 systems.
    expect(adminTotals).toEqual({ PERSON: 14, TEAM: 2, IDENTITY: 4, TOOL: 2, ROLE: 3, TENANT: 2, SYSTEM: 5, ALL: 32 });
  });

  it('pages through its entities with cursors that decode to visible ids only', async () => {
    // Act
    const raw: Result[] = [];
    const { nodes, pages } = await walkPages<{ id: string }>(async (after) => {
      const r = await auditor(ENTITIES, { first: 4, after });
      raw.push(r);
      return r.data.entities as Page<{ id: string }>;
    });

    // Assert
    expect(nodes.map((n) => n.id)).toEqual(VISIBLE);
    expect(pages.map((p) => [p.totalCount, p.size, p.hasNextPage])).toEqual([
      [22, 4, true],
      [22, 4, true],
      [22, 4, true],
      [22, 4, true],
      [22, 4, true],
      [22, 2, false],
    ]);
    const decoded = raw.flatMap((r) => cursorsIn(r).map((c) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8').slice('pw1:'.length))[0]));
    expect(decoded.filter((id: string) => !VISIBLE.includes(id))).toEqual([]);
    expect(raw.map((r) => leaksIn(r))).toEqual(raw.map(() => []));
  });

  it('pages after a cursor forged from another tenant\'s id exactly as after one forged from an unknown id at the same place', async () => {
    // Act: 'sys:beta-core' and 'sys:c' both sort between Alpha's systems and the helpdesk team.
    const hidden = await auditor(ENTITIES, { first: 100, after: encodeCursor(['sys:beta-core']) });
    const unknown = await auditor(ENTITIES, { first: 100, after: encodeCursor(['sys:c']) });

    // Assert
    expect(hidden).toEqual(unknown);
    expect(hidden.data.entities.edges.map((e: any) => e.node.id)).toEqual(['team:helpdesk', 'tenant:alpha', 'tool:rmm', 'tool:vault']);
    expect(hidden.data.entities.totalCount).toBe(22);
  });

  it('sees the blast radius of every visible entity confined to Alpha Corp, with counts over Alpha alone', async () => {
    // Act
    const answers: Record<string, Result> = {};
    for (const id of VISIBLE) answers[id] = await auditor(BLAST, { id, asOf: AS_OF });

    // Assert
    const summary = (r: Result) => {
      const b = r.data?.blastRadius;
      if (!b) return r;
      const flags = [...new Set(b.systems.edges.map((e: any) => e.node.privileged))];
      return { systems: reached(b), privileged: flags, tenants: tenantCounts(b), counts: [b.systemCount, b.tenantCount, b.systems.totalCount] };
    };
    const expected = (id: string) => {
      const e = AUDITOR_BLAST[id];
      if (!e) return { systems: [], privileged: [], tenants: [], counts: [0, 0, 0] };
      return { systems: e.systems, privileged: [e.privileged], tenants: [['tenant:alpha', e.systems.length]], counts: [e.systems.length, 1, e.systems.length] };
    };
    expect(Object.fromEntries(VISIBLE.map((id) => [id, summary(answers[id])]))).toEqual(Object.fromEntries(VISIBLE.map((id) => [id, expected(id)])));
    expect(VISIBLE.filter((id) => answers[id].errors)).toEqual([]);
    expect(VISIBLE.map((id) => [id, leaksIn(answers[id])])).toEqual(VISIBLE.map((id) => [id, []]));
  });

  it('sees the pooled tools and the shared admin reach one tenant, where an administrator sees Beta Bank too', async () => {
    // Act
    const ids = ['tool:rmm', 'tool:vault', 'id:pooled-admin', 'person:bob', 'role:gdap'];
    const asAuditor = await Promise.all(ids.map((id) => auditor(BLAST, { id, asOf: AS_OF })));
    const asAdmin = await Promise.all(ids.map((id) => admin(BLAST, { id, asOf: AS_OF })));
    // At maxDepth 1 the RMM reaches both tenants themselves, none of their systems.
    const shallowAuditor = await auditor(BLAST, { id: 'tool:rmm', asOf: AS_OF, maxDepth: 1 });
    const shallowAdmin = await admin(BLAST, { id: 'tool:rmm', asOf: AS_OF, maxDepth: 1 });

    // Assert
    const view = (r: Result) => ({ systems: reached(r.data.blastRadius), tenants: tenantCounts(r.data.blastRadius), tenantCount: r.data.blastRadius.tenantCount });
    const alphaOnly = (d: number) => ({ systems: ALPHA_SYSTEMS.map((s) => [s, d]), tenants: [['tenant:alpha', 3]], tenantCount: 1 });
    expect(asAuditor.map(view)).toEqual([alphaOnly(2), alphaOnly(4), alphaOnly(3), alphaOnly(4), alphaOnly(2)]);
    expect(asAdmin.map(view)).toEqual([
      { systems: [...ALPHA_SYSTEMS.map((s) => [s, 2]), ['sys:beta-core', 2], ['sys:beta-swift', 2]], tenants: [['tenant:alpha', 3], ['tenant:beta', 2]], tenantCount: 2 },
      { systems: [['sys:beta-core', 2], ['sys:beta-swift', 2], ...ALPHA_SYSTEMS.map((s) => [s, 4])], tenants: [['tenant:alpha', 3], ['tenant:beta', 2]], tenantCount: 2 },
      { systems: [...ALPHA_SYSTEMS.map((s) => [s, 3]), ['sys:beta-core', 3], ['sys:beta-swift', 3]], tenants: [['tenant:alpha', 3], ['tenant:beta', 2]], tenantCount: 2 },
      { systems: [['sys:beta-core', 3], ...ALPHA_SYSTEMS.map((s) => [s, 4]), ['sys:beta-swift', 4]], tenants: [['tenant:alpha', 3], ['tenant:beta', 2]], tenantCount: 2 },
      { systems: [['sys:beta-core', 1], ...ALPHA_SYSTEMS.map((s) => [s, 2])], tenants: [['tenant:alpha', 3], ['tenant:beta', 1]], tenantCount: 2 },
    ]);
    expect(view(shallowAuditor)).toEqual({ systems: [], tenants: [['tenant:alpha', 0]], tenantCount: 1 });
    expect(view(shallowAdmin)).toEqual({ systems: [], tenants: [['tenant:alpha', 0], ['tenant:beta', 0]], tenantCount: 2 });
    // The detector is not vacuous: the administrator's answers do name Beta Bank.
    expect(leaksIn(asAdmin[0])).toEqual(expect.arrayContaining(['Beta', 'sys:beta-core', 'tenant:beta']));
    expect([...asAuditor, shallowAuditor].map((r) => leaksIn(r))).toEqual([[], [], [], [], [], []]);
  });

  it('shows the witness paths through the pooled tool with their records, approvers, certifier, owners and gaps', async () => {
    // Act
    const r = await auditor(BLAST, { id: 'person:dave', asOf: AS_OF });

    // Assert
    expect(r.errors).toBeUndefined();
    const edges = r.data.blastRadius.systems.edges;
    expect(edges.map((e: any) => drawn(e.node.path))).toEqual(
      ALPHA_SYSTEMS.map((s) => [
        'person:dave -acc:dave-pooled-> id:pooled-admin',
        'id:pooled-admin -acc:pooled-rmm-> tool:rmm',
        'tool:rmm -acc:rmm-alpha-> tenant:alpha',
        `tenant:alpha ==> ${s}`,
      ]),
    );
    const steps = edges[0].node.path.steps;
    expect(steps.map((s: any) => s.gaps)).toEqual([[], ['NO_APPROVAL', 'NO_JUSTIFICATION'], [], []]);
    expect(steps.map((s: any) => s.access && [s.access.approvedBy?.name ?? null, s.access.certifiedBy?.name ?? null, s.access.gaps])).toEqual([
      ['Approver', null, []],
      [null, null, ['NO_APPROVAL', 'NO_JUSTIFICATION']],
      ['Approver', 'Cat Certifier', []],
      null,
    ]);
    expect(steps.map((s: any) => s.to.owners?.map((o: any) => o.owner.name) ?? null)).toEqual([['Oscar Owner'], ['Olga Owner'], null, null]);
    expect(edges[0].node.system).toEqual({
      __typename: 'System',
      id: 'sys:alpha-dc01',
      kind: 'SYSTEM',
      name: 'ALPHA-DC01',
      tenant: { id: 'tenant:alpha', name: 'Alpha Corp' },
      criticality: 'CRITICAL',
      environment: 'PRODUCTION',
    });
    expect(leaksIn(r)).toEqual([]);
  });

  it('sees who can reach every visible entity exactly as an administrator does', async () => {
    // Act
    const answers = [];
    for (const id of VISIBLE) answers.push({ id, auditor: await auditor(EXPOSURE, { id, asOf: AS_OF }), admin: await admin(EXPOSURE, { id, asOf: AS_OF }) });

    // Assert
    for (const a of answers) expect({ id: a.id, answer: a.auditor }).toEqual({ id: a.id, answer: a.admin });
    expect(answers.filter((a) => a.auditor.errors).map((a) => a.id)).toEqual([]);
    expect(answers.map((a) => [a.id, leaksIn(a.auditor)])).toEqual(answers.map((a) => [a.id, []]));
  });

  it('sees the people and identities that reach Alpha Corp and the pooled RMM, the shared admin and its users among them', async () => {
    // Act
    const alpha = (await auditor(EXPOSURE, { id: 'tenant:alpha', asOf: AS_OF })).data.whoCanReach;
    const rmm = (await auditor(EXPOSURE, { id: 'tool:rmm', asOf: AS_OF })).data.whoCanReach;

    // Assert
    expect([reachers(alpha.people), reachers(alpha.identities), alpha.peopleCount, alpha.identityCount]).toEqual([
      [['person:alice', 2], ['person:bob', 3], ['person:dave', 3], ['person:erin', 3]],
      [['id:alice-adm', 1], ['id:pooled-admin', 2], ['id:rmm-tech', 2]],
      4,
      3,
    ]);
    expect([reachers(rmm.people), reachers(rmm.identities), rmm.peopleCount, rmm.identityCount]).toEqual([
      [['person:dave', 2], ['person:erin', 2], ['person:alice', 3], ['person:bob', 3]],
      [['id:pooled-admin', 1], ['id:rmm-tech', 1]],
      4,
      2,
    ]);
    // The shared admin is shown with its owner; the RMM technician login with its departed owner's gap.
    const identity = (id: string) => alpha.identities.edges.find((e: any) => e.node.entity.id === id).node.entity;
    expect([identity('id:pooled-admin').owners.map((o: any) => [o.owner.id, o.owner.status]), identity('id:pooled-admin').gaps]).toEqual([[['person:oscar', 'ACTIVE']], []]);
    expect([identity('id:rmm-tech').owners.map((o: any) => [o.owner.id, o.owner.status]), identity('id:rmm-tech').gaps]).toEqual([[['person:dan', 'DEPARTED']], ['OWNER_DEPARTED']]);
  });

  it('sees every access path from a visible entity into Alpha Corp exactly as an administrator does', async () => {
    // Act
    const answers = [];
    for (const from of VISIBLE) {
      for (const to of ['tenant:alpha', ...ALPHA_SYSTEMS]) {
        answers.push({ key: `${from} -> ${to}`, auditor: await auditor(PATHS, { from, to, asOf: AS_OF }), admin: await admin(PATHS, { from, to, asOf: AS_OF }) });
      }
    }

    // Assert
    for (const a of answers) expect({ key: a.key, answer: a.auditor }).toEqual({ key: a.key, answer: a.admin });
    expect(answers.filter((a) => a.auditor.errors).map((a) => a.key)).toEqual([]);
    expect(answers.map((a) => [a.key, leaksIn(a.auditor)])).toEqual(answers.map((a) => [a.key, []]));
    // Not vacuous: alice has five distinct ways into the domain controller.
    const alice = answers.find((a) => a.key === 'person:alice -> sys:alpha-dc01')!.auditor.data.accessPaths;
    expect(alice.map(drawn)).toEqual([
      ['person:alice -acc:alice-adm-> id:alice-adm', 'id:alice-adm -acc:aliceadm-dc01-> sys:alpha-dc01'],
      ['person:alice -acc:alice-adm-> id:alice-adm', 'id:alice-adm -acc:aliceadm-ga-> role:alpha-ga', 'role:alpha-ga -acc:alphaga-alpha-> tenant:alpha', 'tenant:alpha ==> sys:alpha-dc01'],
      ['person:alice -acc:alice-helpdesk-> team:helpdesk', 'team:helpdesk -acc:helpdesk-gdap-> role:gdap', 'role:gdap -acc:gdap-alpha-> tenant:alpha', 'tenant:alpha ==> sys:alpha-dc01'],
      [
        'person:alice -acc:alice-helpdesk-> team:helpdesk',
        'team:helpdesk -acc:helpdesk-rmmtech-> id:rmm-tech',
        'id:rmm-tech -acc:rmmtech-rmm-> tool:rmm',
        'tool:rmm -acc:rmm-alpha-> tenant:alpha',
        'tenant:alpha ==> sys:alpha-dc01',
      ],
      [
        'person:alice -acc:alice-helpdesk-> team:helpdesk',
        'team:helpdesk -acc:helpdesk-vault-> tool:vault',
        'tool:vault -acc:vault-pooled-> id:pooled-admin',
        'id:pooled-admin -acc:pooled-rmm-> tool:rmm',
        'tool:rmm -acc:rmm-alpha-> tenant:alpha',
        'tenant:alpha ==> sys:alpha-dc01',
      ],
    ]);
    expect(alice[0].steps[1].access).toMatchObject({ requestedBy: { id: 'person:rick', name: 'Rick Requester' }, approvedBy: null, gaps: ['NO_APPROVAL'] });
  });

  it('gets the unaccountable-paths report of Alpha Corp alone, equal to the administrator\'s report filtered to Alpha Corp', async () => {
    // Act
    const whole = await auditor(REPORT, { asOf: AS_OF });
    const filtered = await auditor(REPORT, { asOf: AS_OF, tenantId: 'tenant:alpha' });
    const adminAlpha = await admin(REPORT, { asOf: AS_OF, tenantId: 'tenant:alpha' });
    const adminWhole = await admin(REPORT, { asOf: AS_OF });

    // Assert
    expect(whole.errors).toBeUndefined();
    expect(gapRows(whole.data.unaccountablePaths)).toEqual([
      ['acc:pooled-rmm', 'NO_APPROVAL', 4, 3],
      ['acc:pooled-rmm', 'NO_JUSTIFICATION', 4, 3],
      ['acc:rmmtech-rmm', 'NO_JUSTIFICATION', 2, 3],
      ['id:rmm-tech', 'OWNER_DEPARTED', 2, 3],
      ['role:gdap', 'NO_OWNER', 2, 3],
      ['tool:vault', 'OWNER_IS_TEAM', 2, 3],
      ['acc:aliceadm-dc01', 'NO_APPROVAL', 1, 1],
    ]);
    expect(whole.data.unaccountablePaths.totalCount).toBe(7);
    expect(filtered).toEqual(whole);
    expect(adminAlpha).toEqual(whole);
    // The administrator's unfiltered report also counts Beta Bank's systems and lists Beta Bank's gaps.
    expect(gapRows(adminWhole.data.unaccountablePaths)).toEqual([
      ['acc:pooled-rmm', 'NO_APPROVAL', 4, 5],
      ['acc:pooled-rmm', 'NO_JUSTIFICATION', 4, 5],
      ['acc:rmmtech-rmm', 'NO_JUSTIFICATION', 2, 5],
      ['id:rmm-tech', 'OWNER_DEPARTED', 2, 5],
      ['tool:vault', 'OWNER_IS_TEAM', 2, 5],
      ['role:gdap', 'NO_OWNER', 2, 4],
      ['acc:pooled-beta-ga', 'NO_APPROVAL', 4, 2],
      ['acc:vault-beta-svc', 'NO_JUSTIFICATION', 2, 2],
      ['acc:beta-carol-svc', 'NO_APPROVAL', 1, 2],
      ['acc:beta-svc-swift', 'NO_JUSTIFICATION', 3, 1],
      ['acc:aliceadm-dc01', 'NO_APPROVAL', 1, 1],
    ]);
    expect([leaksIn(whole), leaksIn(filtered)]).toEqual([[], []]);
  });

  it('pages blast radius systems, reachers and the report with cursors that name nothing of Beta Bank', async () => {
    // Act
    const raw: Result[] = [];
    const keep = (r: Result) => (raw.push(r), r);
    const systems = await walkPages<any>(async (after) => keep(await auditor(BLAST, { id: 'tool:rmm', asOf: AS_OF, first: 1, after })).data.blastRadius.systems);
    const people = await walkPages<any>(async (after) => keep(await auditor(EXPOSURE, { id: 'tenant:alpha', asOf: AS_OF, first: 1, after })).data.whoCanReach.people);
    const gaps = await walkPages<any>(async (after) => keep(await auditor(REPORT, { asOf: AS_OF, first: 2, after })).data.unaccountablePaths);

    // Assert
    expect(systems.nodes.map((n) => n.system.id)).toEqual(ALPHA_SYSTEMS);
    expect(systems.pages.map((p) => p.totalCount)).toEqual([3, 3, 3]);
    expect(people.nodes.map((n) => n.entity.id)).toEqual(['person:alice', 'person:bob', 'person:dave', 'person:erin']);
    expect(people.pages.map((p) => p.totalCount)).toEqual([4, 4, 4, 4]);
    expect(gaps.nodes.map((n) => n.entity?.id ?? n.access.id)).toEqual(['acc:pooled-rmm', 'acc:pooled-rmm', 'acc:rmmtech-rmm', 'id:rmm-tech', 'role:gdap', 'tool:vault', 'acc:aliceadm-dc01']);
    expect(gaps.pages.map((p) => p.totalCount)).toEqual([7, 7, 7, 7]);
    expect(raw.filter((r) => r.errors)).toEqual([]);
    expect(raw.map((r) => leaksIn(r))).toEqual(raw.map(() => []));
  });

  it('refuses every reach question about a hidden entity with exactly the NOT_FOUND an unknown id gets', async () => {
    // Arrange: each question with the id in each argument that takes one.
    const questions: [string, (id: string) => [string, Record<string, unknown>]][] = [
      ['blastRadius', (id) => [BLAST, { id, asOf: AS_OF }]],
      ['whoCanReach', (id) => [EXPOSURE, { id, asOf: AS_OF }]],
      ['accessPaths from', (id) => [PATHS, { from: id, to: 'sys:alpha-dc01', asOf: AS_OF }]],
      ['accessPaths to', (id) => [PATHS, { from: 'person:dave', to: id, asOf: AS_OF }]],
      ['unaccountablePaths', (id) => [REPORT, { tenantId: id, asOf: AS_OF }]],
    ];

    // Act
    const answers = [];
    for (const [name, make] of questions) {
      const unknown = withoutId(await auditor(...make(UNKNOWN)), UNKNOWN);
      for (const id of HIDDEN) {
        const hidden = await auditor(...make(id));
        answers.push({ key: `${name} ${id}`, hidden, same: withoutId(hidden, id), unknown, adminErrors: (await admin(...make(id))).errors });
      }
    }

    // Assert
    for (const a of answers) expect({ key: a.key, answer: a.same }).toEqual({ key: a.key, answer: a.unknown });
    expect(answers.map((a) => [a.key, leaksIn(a.hidden, [a.key.split(' ').pop()!])])).toEqual(answers.map((a) => [a.key, []]));
    // The ids do exist: the administrator gets answers (or, for unaccountablePaths, a refusal because they are not tenants).
    expect(answers.filter((a) => !a.key.startsWith('unaccountablePaths') && a.adminErrors).map((a) => a.key)).toEqual([]);
    // What the refusal says, once in full.
    const first = answers[0].same;
    expect(first).toEqual({
      data: null,
      errors: [{ message: 'from: no entity with id "<id>"', locations: [expect.anything()], path: ['blastRadius'], extensions: { code: 'NOT_FOUND', argument: 'from', id: '<id>' } }],
    });
    expect(answers.find((a) => a.key === 'accessPaths to tenant:beta')!.same.errors.map((e: any) => e.extensions)).toEqual([{ code: 'NOT_FOUND', argument: 'to', id: '<id>' }]);
  });

  it('refuses unaccountablePaths for Beta Bank or its system as NOT_FOUND, never naming what kind the hidden id is', async () => {
    // Act
    const beta = await auditor(REPORT, { tenantId: 'tenant:beta', asOf: AS_OF });
    const betaSystem = await auditor(REPORT, { tenantId: 'sys:beta-core', asOf: AS_OF });
    const alphaSystem = await auditor(REPORT, { tenantId: 'sys:alpha-dc01', asOf: AS_OF });
    const adminBetaSystem = await admin(REPORT, { tenantId: 'sys:beta-core', asOf: AS_OF });

    // Assert
    const codes = (r: Result) => r.errors?.map((e) => [e.extensions?.code, e.message]);
    expect(codes(beta)).toEqual([['NOT_FOUND', 'tenantId: no entity with id "tenant:beta"']]);
    expect(codes(betaSystem)).toEqual([['NOT_FOUND', 'tenantId: no entity with id "sys:beta-core"']]);
    // A visible system is refused for its kind; so is a hidden one for an administrator, who may see it.
    expect(codes(alphaSystem)).toEqual([['BAD_USER_INPUT', 'tenantId: "sys:alpha-dc01" is a SYSTEM, not a TENANT']]);
    expect(codes(adminBetaSystem)).toEqual([['BAD_USER_INPUT', 'tenantId: "sys:beta-core" is a SYSTEM, not a TENANT']]);
  });

  it('checks arguments in the same order for hidden and unknown ids, so a bad maxDepth or cursor reveals nothing', async () => {
    // Act
    const bad = [
      (id: string) => ask(mode, AUDITOR, BLAST, { id, maxDepth: 99 }),
      (id: string) => ask(mode, AUDITOR, EXPOSURE, { id, first: 0 }),
      (id: string) => ask(mode, AUDITOR, BLAST, { id, after: 'not-a-cursor' }),
      // A bare report: with every nested field, first: 2000 would be refused for its cost before anything runs.
      (id: string) => ask(mode, AUDITOR, `query($tenantId: ID) { unaccountablePaths(tenantId: $tenantId, first: 2000) { totalCount } }`, { tenantId: id }),
    ];
    const answers = [];
    for (const make of bad) answers.push({ hidden: withoutId(await make('sys:beta-core'), 'sys:beta-core'), unknown: withoutId(await make(UNKNOWN), UNKNOWN) });

    // Assert
    expect(answers.map((a) => a.hidden)).toEqual(answers.map((a) => a.unknown));
    expect(answers.map((a) => a.hidden.errors.map((e: any) => [e.extensions.code, e.extensions.argument ?? e.extensions.problems?.[0]?.field]))).toEqual([
      [['BAD_USER_INPUT', 'maxDepth']],
      [['NOT_FOUND', 'target']],
      [['NOT_FOUND', 'from']],
      [['NOT_FOUND', 'tenantId']],
    ]);
  });

  it('is told its own binding by viewer, and refused the administrator-only queries with a FORBIDDEN that names no data', async () => {
    // Act
    const viewer = await auditor(`{ viewer { id role tenantId personId } }`);
    const keys = await auditor(`{ apiKeys(includeRevoked: true) { id name role tenantId } }`);
    const mixed = await auditor(`{ entity(id: "tenant:alpha") { id } apiKeys { id } }`);

    // Assert
    expect(viewer).toEqual({ data: { viewer: { id: 'auditor-alpha', role: 'TENANT_AUDITOR', tenantId: 'tenant:alpha', personId: null } } });
    expect([keys.data ?? null, keys.errors?.map((e) => [e.extensions?.code, e.message])]).toEqual([null, [['FORBIDDEN', 'role TENANT_AUDITOR may not call apiKeys']]]);
    // One forbidden root field refuses the whole operation: nothing else in it runs.
    expect([mixed.data ?? null, mixed.errors?.map((e) => e.extensions?.code)]).toEqual([null, ['FORBIDDEN']]);
  });

  it('replays the past without Beta Bank: the RMM\'s revoked record into a Beta system stays hidden at a time it was present', async () => {
    // Act: on 15 January the RMM also reached beta-swift directly (revoked on 1 February).
    const asOf = '2026-01-15T00:00:00Z';
    const past = await auditor(BLAST, { id: 'tool:rmm', asOf });
    const adminPast = await admin(BLAST, { id: 'tool:rmm', asOf });

    // Assert
    expect([reached(past.data.blastRadius), tenantCounts(past.data.blastRadius)]).toEqual([ALPHA_SYSTEMS.map((s) => [s, 2]), [['tenant:alpha', 3]]]);
    expect(reached(adminPast.data.blastRadius)).toEqual([['sys:beta-swift', 1], ...ALPHA_SYSTEMS.map((s) => [s, 2]), ['sys:beta-core', 2]]);
    expect(leaksIn(past)).toEqual([]);
  });
});

describe('the fixture', () => {
  beforeAll(() => h.resetTo(FIXTURE));

  it('names everything hidden from the Alpha auditor, and nothing visible to it, with "beta", so the leak pattern is sound', async () => {
    // Act
    const all = (await h.data(`{ entities(first: 1000) { edges { node { id name } } } }`, {}, AS_OF)).entities.edges.map((e: any) => e.node);
    const records = (FIXTURE.access ?? []).map((a) => a.id);

    // Assert
    const beta = (s: string) => /beta/i.test(s);
    expect(all.filter((e: any) => beta(e.id) || beta(e.name)).map((e: any) => e.id).sort()).toEqual([...HIDDEN].sort());
    expect(all.filter((e: any) => beta(e.id) !== beta(e.name)).map((e: any) => e.id)).toEqual([]);
    expect(records.filter(beta).sort()).toEqual([...HIDDEN_RECORDS].sort());
    expect(all.map((e: any) => e.id).sort()).toEqual([...VISIBLE, ...HIDDEN].sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Scope boundaries: later writes, unknown bindings, identities and roles homed in another tenant
// ---------------------------------------------------------------------------------------------

describe('the auditor\'s scope as the graph changes', () => {
  beforeAll(() => h.resetTo(FIXTURE));

  it('keeps a record added later from the pooled RMM into a new Beta system out of every answer', async () => {
    // Arrange: resolve (and cache) the auditor's scope first.
    const before = await h.runAs(AUDITOR, BLAST, { id: 'tool:rmm', asOf: AS_OF }, AS_OF);

    // Act
    await h.load(
      {
        systems: [{ id: 'sys:beta-ledger', name: 'Beta Ledger', tenantId: 'tenant:beta' }],
        access: [grant('acc:rmm-beta-ledger', 'CAN_ACCESS', 'tool:rmm', 'sys:beta-ledger')],
      },
      AS_OF,
    );
    const after = await h.runAs(AUDITOR, BLAST, { id: 'tool:rmm', asOf: AS_OF }, AS_OF);
    const entity = await h.runAs(AUDITOR, ENTITY, { id: 'sys:beta-ledger' }, AS_OF);
    const record = await h.runAs(AUDITOR, ACCESS, { id: 'acc:rmm-beta-ledger' }, AS_OF);
    const adminAfter = await h.run(BLAST, { id: 'tool:rmm', asOf: AS_OF }, AS_OF);

    // Assert
    expect(after).toEqual(before);
    expect([entity, record]).toEqual([{ data: { entity: null } }, { data: { access: null } }]);
    expect(reached(adminAfter.data.blastRadius)).toContainEqual(['sys:beta-ledger', 1]);
    expect(leaksIn(after)).toEqual([]);
  });

  it('takes in a Beta person once they gain a path into Alpha Corp, and still nothing else of Beta Bank', async () => {
    // Act: carol starts using the shared admin.
    await h.load({ access: [grant('acc:beta-carol-pooled', 'USES', 'person:beta-carol', 'id:pooled-admin')] }, AS_OF);
    const exposure = await h.runAs(AUDITOR, EXPOSURE, { id: 'tenant:alpha', asOf: AS_OF }, AS_OF);
    const carol = await h.runAs(AUDITOR, BLAST, { id: 'person:beta-carol', asOf: AS_OF }, AS_OF);
    const hidden = await Promise.all(['id:beta-svc', 'team:beta-squad', 'role:beta-ga', 'tenant:beta'].map((id) => h.runAs(AUDITOR, ENTITY, { id }, AS_OF)));

    // Assert: her own id and name are now in scope (she reaches Alpha); her Beta-side team, account and role are not.
    expect(reachers(exposure.data.whoCanReach.people)).toEqual([['person:alice', 2], ['person:beta-carol', 3], ['person:bob', 3], ['person:dave', 3], ['person:erin', 3]]);
    expect(reached(carol.data.blastRadius)).toEqual(ALPHA_SYSTEMS.map((s) => [s, 4]));
    expect(leaksIn(carol)).toEqual(['Beta', 'acc:beta-carol-pooled', 'carol@betabank.example', 'person:beta-carol']);
    expect(hidden.map((r) => r.data)).toEqual([{ entity: null }, { entity: null }, { entity: null }, { entity: null }]);
  });
});

describe('narrowed viewers bound to nothing they can see', () => {
  beforeAll(() => h.resetTo(FIXTURE));

  it.each([
    ['an auditor of an unknown tenant', { id: 'a1', role: 'TENANT_AUDITOR', tenantId: 'tenant:nowhere', credential: 'jwt' }],
    ['an auditor bound to a system id', { id: 'a2', role: 'TENANT_AUDITOR', tenantId: 'sys:alpha-dc01', credential: 'jwt' }],
    ['an owner bound to an unknown person', { id: 'o1', role: 'OWNER', personId: 'person:nobody', credential: 'jwt' }],
    ['an owner bound to a tool id', { id: 'o2', role: 'OWNER', personId: 'tool:rmm', credential: 'jwt' }],
  ] as [string, Principal][])('sees an empty graph: %s', async (_name, principal) => {
    // Act
    const list = await h.runAs(principal, ENTITIES, { first: 100 }, AS_OF);
    const blast = await h.runAs(principal, BLAST, { id: 'tool:rmm', asOf: AS_OF }, AS_OF);
    const report = await h.runAs(principal, REPORT, { asOf: AS_OF }, AS_OF);

    // Assert
    expect(list.data.entities).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    expect(blast.errors?.map((e) => e.extensions)).toEqual([{ code: 'NOT_FOUND', argument: 'from', id: 'tool:rmm' }]);
    expect(report.data.unaccountablePaths).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });
});

/**
 * An account or role that belongs to Beta Bank but reaches into Alpha Corp is
 * upstream of Alpha, so the Alpha auditor sees it: that is exactly the access
 * they must keep oversight of. Its home tenant is not in scope, so `tenant`
 * must read as null, like any other reference outside the scope: neither
 * Beta Bank nor an error, which would tell the auditor that the account
 * belongs to a tenant they cannot see (an account with no home tenant answers
 * null without one).
 */
describe('an identity or role homed in Beta Bank that reaches into Alpha Corp', () => {
  // guest-user -USES-> guest (home tenant beta) -CAN_ACCESS-> alpha-fs01
  //                    guest -HAS_ROLE-> delegated (tenant beta) -GRANTS-> alpha-fs01
  // beta ==> beta-core (reached by nobody)
  const GUEST = graph({
    people: [{ id: 'person:guest-user', name: 'Guest User' }],
    identities: [{ id: 'id:guest', name: 'contractor guest', identityKind: 'HUMAN_ACCOUNT', tenantId: 'tenant:beta' }],
    roles: [{ id: 'role:delegated', name: 'Delegated admin', privileged: true, tenantId: 'tenant:beta' }],
    tenants: [
      { id: 'tenant:alpha', name: 'Alpha Corp' },
      { id: 'tenant:beta', name: 'Beta Bank' },
    ],
    systems: [
      { id: 'sys:alpha-fs01', name: 'ALPHA-FS01', tenantId: 'tenant:alpha' },
      { id: 'sys:beta-core', name: 'Beta Core Banking', tenantId: 'tenant:beta' },
    ],
    ownerships: [own(APPROVER, 'id:guest'), own(APPROVER, 'role:delegated')],
    access: [
      grant('acc:guest-user', 'USES', 'person:guest-user', 'id:guest'),
      grant('acc:guest-fs01', 'CAN_ACCESS', 'id:guest', 'sys:alpha-fs01'),
      grant('acc:guest-delegated', 'HAS_ROLE', 'id:guest', 'role:delegated'),
      grant('acc:delegated-fs01', 'GRANTS', 'role:delegated', 'sys:alpha-fs01'),
    ],
  });
  beforeAll(() => h.resetTo(GUEST));

  it('is visible to the Alpha auditor, with no home tenant shown rather than Beta Bank or an error', async () => {
    // Act
    const guest = await h.runAs(AUDITOR, `{ entity(id: "id:guest") { id name ... on Identity { tenant { id name } } } }`, {}, AS_OF);
    const role = await h.runAs(AUDITOR, `{ entity(id: "role:delegated") { id name ... on Role { tenant { id name } } } }`, {}, AS_OF);
    const adminGuest = await h.run(`{ entity(id: "id:guest") { id name ... on Identity { tenant { id name } } } }`, {}, AS_OF);

    // Assert
    expect(adminGuest).toEqual({ data: { entity: { id: 'id:guest', name: 'contractor guest', tenant: { id: 'tenant:beta', name: 'Beta Bank' } } } });
    expect([guest, role]).toEqual([
      { data: { entity: { id: 'id:guest', name: 'contractor guest', tenant: null } } },
      { data: { entity: { id: 'role:delegated', name: 'Delegated admin', tenant: null } } },
    ]);
  });

  it('appears on the paths and among the reachers of Alpha Corp without its home tenant, and without an error', async () => {
    // Act
    const blast = await h.runAs(AUDITOR, BLAST, { id: 'person:guest-user', asOf: AS_OF }, AS_OF);
    const exposure = await h.runAs(AUDITOR, EXPOSURE, { id: 'tenant:alpha', asOf: AS_OF }, AS_OF);
    const paths = await h.runAs(AUDITOR, PATHS, { from: 'person:guest-user', to: 'sys:alpha-fs01', asOf: AS_OF }, AS_OF);

    // Assert
    expect([blast.errors, exposure.errors, paths.errors]).toEqual([undefined, undefined, undefined]);
    expect(reached(blast.data.blastRadius)).toEqual([['sys:alpha-fs01', 2]]);
    expect(reachers(exposure.data.whoCanReach.identities)).toEqual([['id:guest', 1]]);
    expect(paths.data.accessPaths.map(drawn)).toEqual([
      ['person:guest-user -acc:guest-user-> id:guest', 'id:guest -acc:guest-fs01-> sys:alpha-fs01'],
      ['person:guest-user -acc:guest-user-> id:guest', 'id:guest -acc:guest-delegated-> role:delegated', 'role:delegated -acc:delegated-fs01-> sys:alpha-fs01'],
    ]);
    expect([leaksIn(blast), leaksIn(exposure), leaksIn(paths)]).toEqual([[], [], []]);
  });

  it('is visible to its owner without its home tenant when it reaches nothing in that tenant', async () => {
    // Arrange: the approver owns the guest account; what it reaches is all in Alpha Corp, so Beta Bank is not in the owner's scope.
    const owner: Principal = { id: 'owner-approver', role: 'OWNER', personId: APPROVER, credential: 'jwt' };

    // Act
    const guest = await h.runAs(owner, `{ entity(id: "id:guest") { id ... on Identity { tenant { id name } } } }`, {}, AS_OF);
    const beta = await h.runAs(owner, `{ entity(id: "tenant:beta") { id } }`, {}, AS_OF);

    // Assert
    expect(beta).toEqual({ data: { entity: null } });
    expect(guest).toEqual({ data: { entity: { id: 'id:guest', tenant: null } } });
  });
});

// ---------------------------------------------------------------------------------------------
// OWNER: oscar owns the shared admin account
// ---------------------------------------------------------------------------------------------

/** What oscar may see: the shared admin, what it reaches (both tenants), who reaches it, and their owners and record people. */
const OSCAR_SEES: Record<EntityKind, string[]> = {
  PERSON: ['person:alice', APPROVER, BETA_APPROVER, 'person:beta-carol', 'person:beta-owner', 'person:bob', 'person:cat', 'person:dave', 'person:erin', 'person:olga', 'person:oscar'].sort(),
  TEAM: ['team:helpdesk'],
  IDENTITY: ['id:pooled-admin'],
  TOOL: ['tool:rmm', 'tool:vault'],
  ROLE: ['role:beta-ga'],
  TENANT: ['tenant:alpha', 'tenant:beta'],
  SYSTEM: [...ALPHA_SYSTEMS, 'sys:beta-core', 'sys:beta-swift'],
};

describe('an owner of the shared admin account', () => {
  beforeAll(() => h.resetTo(FIXTURE));

  it('sees the reach of the identity it owns across both tenants, exactly as an administrator does', async () => {
    // Act
    const owner = await h.runAs(OSCAR, BLAST, { id: 'id:pooled-admin', asOf: AS_OF }, AS_OF);
    const adminView = await h.run(BLAST, { id: 'id:pooled-admin', asOf: AS_OF }, AS_OF);

    // Assert
    expect(owner.errors).toBeUndefined();
    expect(owner).toEqual(adminView);
    expect([reached(owner.data.blastRadius), tenantCounts(owner.data.blastRadius)]).toEqual([
      [...ALPHA_SYSTEMS, 'sys:beta-core', 'sys:beta-swift'].map((s) => [s, 3]),
      [['tenant:alpha', 3], ['tenant:beta', 2]],
    ]);
  });

  it('sees who can reach the identity it owns, through the vault and the helpdesk team, exactly as an administrator does', async () => {
    // Act
    const owner = await h.runAs(OSCAR, EXPOSURE, { id: 'id:pooled-admin', asOf: AS_OF }, AS_OF);
    const adminView = await h.run(EXPOSURE, { id: 'id:pooled-admin', asOf: AS_OF }, AS_OF);

    // Assert
    expect(owner).toEqual(adminView);
    expect(reachers(owner.data.whoCanReach.people)).toEqual([['person:dave', 1], ['person:erin', 1], ['person:alice', 3], ['person:bob', 3]]);
  });

  it('sees a reacher\'s blast radius only through the identity it owns', async () => {
    // Act
    const owner = await h.runAs(OSCAR, BLAST, { id: 'person:alice', asOf: AS_OF }, AS_OF);
    const adminView = await h.run(BLAST, { id: 'person:alice', asOf: AS_OF }, AS_OF);

    // Assert: alice's own admin account and the helpdesk role are not the owner's to see.
    expect(reached(owner.data.blastRadius)).toEqual([...ALPHA_SYSTEMS, 'sys:beta-core', 'sys:beta-swift'].map((s) => [s, 6]));
    expect(owner.data.blastRadius.systems.edges[0].node.path.steps.map((s: any) => s.to.id)).toEqual([
      'team:helpdesk',
      'tool:vault',
      'id:pooled-admin',
      'tool:rmm',
      'tenant:alpha',
      'sys:alpha-dc01',
    ]);
    expect(reached(adminView.data.blastRadius)).toEqual([['sys:alpha-dc01', 2], ['sys:beta-core', 3], ['sys:alpha-fs01', 4], ['sys:alpha-web', 4], ['sys:beta-swift', 4]]);
  });

  it('cannot see entities or records unrelated to what it owns: null, or NOT_FOUND exactly as an unknown id', async () => {
    // Arrange
    const unrelated = ['id:alice-adm', 'id:rmm-tech', 'id:beta-svc', 'role:alpha-ga', 'role:gdap', 'team:beta-squad', 'person:dan', 'person:rick', 'person:beta-certifier'];
    const records = ['acc:aliceadm-dc01', 'acc:gdap-alpha', 'acc:helpdesk-gdap', 'acc:beta-svc-core', 'acc:beta-carol-squad'];

    // Act
    const unknownBlast = withoutId(await h.runAs(OSCAR, BLAST, { id: UNKNOWN, asOf: AS_OF }, AS_OF), UNKNOWN);
    const entities = [];
    for (const id of unrelated) {
      entities.push({
        id,
        entity: await h.runAs(OSCAR, ENTITY, { id }, AS_OF),
        blast: withoutId(await h.runAs(OSCAR, BLAST, { id, asOf: AS_OF }, AS_OF), id),
      });
    }
    const accesses = await Promise.all(records.map((id) => h.runAs(OSCAR, ACCESS, { id }, AS_OF)));

    // Assert
    expect(entities.map((e) => [e.id, e.entity])).toEqual(unrelated.map((id) => [id, { data: { entity: null } }]));
    expect(entities.map((e) => [e.id, e.blast])).toEqual(unrelated.map((id) => [id, unknownBlast]));
    expect(unknownBlast.errors.map((e: any) => e.extensions)).toEqual([{ code: 'NOT_FOUND', argument: 'from', id: '<id>' }]);
    expect(accesses).toEqual(records.map(() => ({ data: { access: null } })));
  });

  it('lists exactly the visible entities of each kind, with totals counted over them alone', async () => {
    // Act
    const lists: Record<string, { ids: string[]; totalCount: number }> = {};
    for (const kind of [...KINDS, null]) {
      const page = (await h.runAs(OSCAR, ENTITIES, { kind, first: 100 }, AS_OF)).data.entities;
      lists[kind ?? 'ALL'] = { ids: page.edges.map((e: any) => e.node.id), totalCount: page.totalCount };
    }

    // Assert
    const all = KINDS.flatMap((k) => OSCAR_SEES[k]).sort();
    expect(lists).toEqual(
      Object.fromEntries([...KINDS.map((k) => [k, OSCAR_SEES[k]] as const), ['ALL', all] as const].map(([k, ids]) => [k, { ids, totalCount: ids.length }])),
    );
    expect(lists.ALL.totalCount).toBe(23);
  });
});

describe('what INGEST reads back from the mutations it may call', () => {
  const PIPELINE: Principal = { id: 'apikey:kpipeline', role: 'INGEST', credential: 'api-key' };
  const WITH_BREAK_GLASS: IngestInput = { ...FIXTURE, identities: [...(FIXTURE.identities ?? []), { id: 'id:beta-bg', name: 'Beta break glass', identityKind: 'BREAK_GLASS', tenantId: 'tenant:beta' }] };
  beforeEach(() => h.resetTo(WITH_BREAK_GLASS));

  const USE = (selection: string) => `mutation { recordAccessUse(accessId: "acc:beta-svc-core", at: "2026-05-30T00:00:00Z") { ${selection} } }`;
  const BREAK_GLASS = (selection: string) =>
    `mutation { recordBreakGlassUse(identityId: "id:beta-bg", personId: "person:beta-carol", at: "2026-05-30T00:00:00Z", reason: "outage") { ${selection} } }`;
  const INGESTED = `mutation($input: IngestInput!) { ingest(input: $input) { __typename
    entities { created updated } ownerships { created updated } access { created updated } sync { source revoked removedOwnerships { ownerId entityId } } } }`;

  /** The whole answer, event ids replaced by how many there are, and how many audit events the call appended. */
  async function asked(query: string, variables: Record<string, unknown> = {}) {
    const before = await h.count('MATCH (e:AuditEvent) RETURN count(e)');
    const result = await ask('index', PIPELINE, withFragments(query), variables);
    const text = JSON.stringify(result).replace(/"ev-[0-9a-f-]+"/g, '"<event id>"');
    return { answer: JSON.parse(text), appended: (await h.count('MATCH (e:AuditEvent) RETURN count(e)')) - before };
  }
  const refusedAt = (field: string) => ({
    answer: { errors: [{ message: `role INGEST reads back only ids and counts: ${field} is not readable`, extensions: { code: 'FORBIDDEN', field } }] },
    appended: 0,
  });

  it('refuses, before anything runs, every mutation that selects anything but ids and counts, naming the field', async () => {
    expect({
      use: await asked(USE('eventIds access { ...Rec }')),
      useFrom: await asked(USE('access { id from { id ... on Tool { owners { owner { id } } } } }')),
      breakGlass: await asked(BREAK_GLASS('eventIds use { id at reason reviewedAt reviewNotes identity { ...Full } person { ...Full } reviewedBy { ...Leaf } }')),
      breakGlassPerson: await asked(BREAK_GLASS('use { id person { id } }')),
      throughFragment: await asked(`mutation { ...Use } fragment Use on Mutation { recordAccessUse(accessId: "acc:beta-svc-core", at: "2026-05-30T00:00:00Z") { access { ...Rec } } }`),
    }).toEqual({
      use: refusedAt('Access.kind'),
      useFrom: refusedAt('Access.from'),
      breakGlass: refusedAt('BreakGlassUse.at'),
      breakGlassPerson: refusedAt('BreakGlassUse.person'),
      throughFragment: refusedAt('Access.kind'),
    });
  });

  it('answers ids and counts, and nothing else', async () => {
    expect({
      use: await asked(USE('__typename eventIds access { __typename id }')),
      breakGlass: await asked(BREAK_GLASS('eventIds use { id }')),
      ingest: await asked(INGESTED, { input: { source: 'entra', access: [grant('acc:new', 'USES', 'person:alice', 'id:alice-adm')] } }),
    }).toEqual({
      use: { answer: { data: { recordAccessUse: { __typename: 'AccessChange', eventIds: ['<event id>'], access: { __typename: 'Access', id: 'acc:beta-svc-core' } } } }, appended: 1 },
      breakGlass: { answer: { data: { recordBreakGlassUse: { eventIds: ['<event id>'], use: { id: expect.stringMatching(/^bgu-/) } } } }, appended: 1 },
      ingest: {
        answer: { data: { ingest: { __typename: 'IngestResult', entities: { created: 0, updated: 0 }, ownerships: { created: 0, updated: 0 }, access: { created: 1, updated: 0 }, sync: null } } },
        appended: 1,
      },
    });
  });
});
