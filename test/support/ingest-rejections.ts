/**
 * The rejection cases of ingest, shared by the ingest mutation's tests
 * (test/ingest.test.ts) and the importer's (test/import.test.ts): both paths
 * run one validation, so every batch here must be refused by both with
 * exactly these problems, and leave the store exactly as it was.
 *
 * Each case's `bad` records ride with valid ones (`withValid`), sent at
 * REJECTED_AT onto BASE.
 */
import type { Harness } from './harness';
import { problem } from './harness';
import { APPROVER, grant, graph, own } from './fixtures';

/** The ingest time (the request's `now`, the import's `now`) every rejection is sent at. */
export const REJECTED_AT = '2026-03-01T10:00:00Z';

/** Everything stored: node (audit events and change-feed entries aside: one each per write) and relationship counts, and every node and relationship with all its properties. */
export async function snapshot(h: Harness) {
  const db = { database: process.env.NEO4J_DATABASE || undefined };
  const plain = (props: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v !== null && typeof v === 'object' ? String(v) : v]));
  const nodes = await h.driver.executeQuery('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props', {}, db);
  const rels = await h.driver.executeQuery('MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props', {}, db);
  const sorted = <T>(list: T[]) => list.map((x) => JSON.stringify(x)).sort();
  return {
    nodeCount: await h.count('MATCH (n) WHERE NOT n:AuditEvent AND NOT n:GraphChange RETURN count(n)'),
    relationshipCount: await h.count('MATCH ()-[r]->() RETURN count(r)'),
    nodes: sorted(nodes.records.map((r) => ({ labels: [...r.get('labels')].sort(), ...plain(r.get('props')) }))),
    relationships: sorted(rels.records.map((r) => ({ type: r.get('type'), from: r.get('from'), to: r.get('to'), ...plain(r.get('props')) }))),
  };
}

// BASE, stored before every rejection below:
//   person:ann -MEMBER_OF(acc:ann-ops)-> team:ops -USES(acc:ops-svc)-> identity:svc
//   person:ann -USES(acc:ann-adm)-> identity:adm-ann -CAN_ACCESS(acc:adm-dc)-> system:acme-dc <-contains- tenant:acme
//   identity:adm-ann -HAS_ROLE(acc:adm-ga)-> role:ga -GRANTS(acc:ga-rmm)-> tool:rmm
//   person:ann owns identity:adm-ann
export const BASE = graph({
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
export function withValid(bad: Record<string, any>): Record<string, unknown> {
  return {
    ...bad,
    // A `people` that is not a list (a case of its own) is kept as it is.
    people: Array.isArray(bad.people) || bad.people === undefined ? [...(bad.people ?? []), { id: 'person:new', name: 'New' }, { id: 'person:ann', name: 'Ann renamed', email: 'ann@new.example' }] : bad.people,
    access: [...(bad.access ?? []), grant('acc:new', 'USES', 'person:new', 'identity:svc')],
  };
}


export interface Rejection {
  rule: string;
  bad: Record<string, any>;
  problems: unknown[];
}

/** Batches the semantic rules refuse (validate.ts), with every problem each must list. */
const RULES: Rejection[] = [
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
    rule: 'MEMBER_OF from a Tool (only a Person or an Identity may be a member)',
    bad: { access: [grant('acc:bad', 'MEMBER_OF', 'tool:rmm', 'team:ops')] },
    problems: [problem('access', 0, 'acc:bad', 'fromId', 'is a TOOL; expected PERSON or IDENTITY')],
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

/**
 * Batches the SDL's types refuse (ingest/coerce.ts). Through the mutation,
 * graphql-js would refuse them too, as one message naming no record; through
 * the importer they were once written, and then answered
 * INTERNAL_SERVER_ERROR ("Enum ContractStatus cannot represent value MAYBE").
 */
const TYPES: Rejection[] = [
  {
    rule: 'the file of issue 9: a missing identityKind, MAYBE, SUPER, "yes", "true" and an unknown field',
    bad: {
      tenants: [{ id: 'tenant:new', name: 'New', contractStatus: 'MAYBE' }],
      identities: [{ id: 'identity:new', name: 'new', enabled: 'yes' }],
      roles: [{ id: 'role:new', name: 'New', privileged: 'true' }],
      systems: [{ id: 'system:new', name: 'New', tenantId: 'tenant:acme', criticality: 'SUPER', owner: 'someone' }],
    },
    problems: [
      problem('tenants', 0, 'tenant:new', 'contractStatus', 'must be one of ACTIVE, TERMINATED, got "MAYBE"'),
      problem('roles', 0, 'role:new', 'privileged', 'must be a Boolean, got "true"'),
      problem('identities', 0, 'identity:new', 'enabled', 'must be a Boolean, got "yes"'),
      problem('identities', 0, 'identity:new', 'identityKind', 'is required'),
      problem('systems', 0, 'system:new', 'criticality', 'must be one of LOW, MEDIUM, HIGH, CRITICAL, got "SUPER"'),
      problem('systems', 0, 'system:new', 'owner', 'is not a field of SystemInput'),
    ],
  },
  {
    rule: 'a status that is no PersonStatus, on a stored person',
    bad: { people: [{ id: 'person:ann', name: 'Ann', status: 'GONE' }] },
    // The riders (withValid) update person:ann too: the batch names it twice, which is listed with the type's problem.
    problems: [problem('people', 0, 'person:ann', 'status', 'must be one of ACTIVE, DEPARTED, got "GONE"'), problem('people', 2, 'person:ann', 'id', 'duplicate within the batch')],
  },
  {
    rule: 'an identityKind left out of an update of a stored Identity (the SDL requires it on every IdentityInput)',
    bad: { identities: [{ id: 'identity:svc', name: 'svc' }] },
    problems: [problem('identities', 0, 'identity:svc', 'identityKind', 'is required')],
  },
  {
    rule: 'an access record whose kind is no AccessKind, and a privileged that is a string',
    bad: { access: [grant('acc:bad', 'OWNS' as never, 'person:ann', 'identity:svc', { privileged: 'true' as never })] },
    problems: [problem('access', 0, 'acc:bad', 'kind', 'must be one of MEMBER_OF, USES, HAS_ROLE, GRANTS, CAN_ACCESS, got "OWNS"'), problem('access', 0, 'acc:bad', 'privileged', 'must be a Boolean, got "true"')],
  },
  {
    rule: 'a number where a String or a DateTime belongs, and a null where the SDL requires a value',
    bad: {
      teams: [{ id: 'team:new', name: 5 }],
      ownerships: [{ ownerId: 'person:ann', entityId: null, since: 20260101 }],
      access: [grant('acc:bad', 'USES', 'person:ann', 'identity:svc', { grantedAt: 20260101 as never })],
    },
    problems: [
      problem('teams', 0, 'team:new', 'name', 'must be a String, got 5'),
      problem('ownerships', 0, null, 'entityId', 'may not be null'),
      problem('ownerships', 0, null, 'since', 'must be a DateTime, got 20260101'),
      problem('access', 0, 'acc:bad', 'grantedAt', 'must be a DateTime, got 20260101'),
    ],
  },
  {
    rule: "a type refused in one record and the rules' problems in others, listed together (not the rules' only once the types are fixed)",
    bad: {
      tools: [{ id: 'tool:blank', name: '   ' }],
      systems: [{ id: 'system:new', name: 'New', tenantId: 'tenant:acme', criticality: 'SEVERE' }],
      access: [grant('acc:bad', 'USES', 'person:ann', 'identity:svc', { grantedAt: '2026-01-02' })],
    },
    problems: [
      problem('tools', 0, 'tool:blank', 'name', 'must not be blank'),
      problem('systems', 0, 'system:new', 'criticality', 'must be one of LOW, MEDIUM, HIGH, CRITICAL, got "SEVERE"'),
      problem('access', 0, 'acc:bad', 'grantedAt', 'got "2026-01-02"'),
    ],
  },
  {
    rule: 'a list given as a string (graphql-js would take a lone record for a list of one, but this is none)',
    bad: { people: 'notalist' },
    problems: [problem('input', -1, null, 'people', 'must be a list of PersonInput objects, got "notalist"')],
  },
  {
    rule: 'a list the batch does not have, and a record that is not an object',
    bad: { peoples: [{ id: 'person:bad', name: 'Bad' }], tools: ['tool:bad'] },
    problems: [problem('input', -1, null, 'peoples', 'is not a field of IngestInput'), problem('tools', 0, null, 'tools', 'must be an object (ToolInput), got "tool:bad"')],
  },
];

/** A string of `n` characters starting with `head`. */
const long = (head: string, n: number) => head + 'x'.repeat(n - head.length);
/** How a problem quotes an id over the limit: its first 64 characters and its length. */
const cut = (id: string) => `${id.slice(0, 64)}... (${id.length} characters)`;
const ID_257 = long('person:', 257);
const ID_40K = long('acc:', 40_000);

/** Ids and text over the limits of src/limits.ts (docs/ingest.md, "Limits"). */
const LIMITS: Rejection[] = [
  {
    rule: 'an id of 257 characters, and an access id of 40,000 (once an INTERNAL_SERVER_ERROR from the index key limit)',
    bad: { people: [{ id: ID_257, name: 'Long' }], access: [grant(ID_40K, 'USES', 'person:ann', 'identity:svc')] },
    problems: [problem('people', 0, cut(ID_257), 'id', 'must be at most 256 characters, got 257'), problem('access', 0, cut(ID_40K), 'id', 'must be at most 256 characters, got 40000')],
  },
  {
    rule: 'references over the id limit, which are not looked up',
    bad: {
      systems: [{ id: 'system:new', name: 'New', tenantId: long('tenant:', 300) }],
      ownerships: [{ ownerId: long('person:', 5_000), entityId: 'identity:svc' }],
      access: [grant('acc:bad', 'USES', long('person:', 1_000), 'identity:svc', { approvedById: long('person:', 257) })],
    },
    problems: [
      problem('systems', 0, 'system:new', 'tenantId', 'must be at most 256 characters, got 300'),
      problem('ownerships', 0, null, 'ownerId', 'must be at most 256 characters, got 5000'),
      problem('access', 0, 'acc:bad', 'approvedById', 'must be at most 256 characters, got 257'),
      problem('access', 0, 'acc:bad', 'fromId', 'must be at most 256 characters, got 1000'),
    ],
  },
  {
    rule: 'ids with a line break, a bidirectional override or surrounding spaces',
    bad: {
      people: [{ id: 'person:a\nb', name: 'A' }],
      teams: [{ id: 'team:\u202Eevil', name: 'Evil' }],
      tools: [{ id: ' tool:padded', name: 'Padded' }],
    },
    problems: [
      problem('people', 0, 'person:a\nb', 'id', 'must not contain control, format or separator characters (U+000A at position 8)'),
      problem('teams', 0, 'team:\u202Eevil', 'id', 'must not contain control, format or separator characters (U+202E'),
      problem('tools', 0, ' tool:padded', 'id', 'must not begin or end with whitespace'),
    ],
  },
  {
    rule: 'a name of 513 characters, a name with a control character, an email with a line break and a justification of 2,001 characters',
    bad: {
      people: [{ id: 'person:bad', name: long('N', 513), email: 'a@b.example\nBcc: x' }],
      tools: [{ id: 'tool:bell', name: 'Bell\u0007' }],
      access: [grant('acc:bad', 'USES', 'person:ann', 'identity:svc', { justification: long('CHG-1 ', 2_001) })],
    },
    problems: [
      problem('people', 0, 'person:bad', 'email', 'must not contain control characters or bidirectional controls (U+000A'),
      problem('people', 0, 'person:bad', 'name', 'must be at most 512 characters, got 513'),
      problem('tools', 0, 'tool:bell', 'name', 'must not contain control characters or bidirectional controls (U+0007'),
      problem('access', 0, 'acc:bad', 'justification', 'must be at most 2000 characters, got 2001'),
    ],
  },
  {
    rule: 'a bad id together with other bad fields of the same record: every problem, not the id alone',
    bad: {
      people: [{ id: 'person:blank ', name: '   ', email: 'a\u0007b' }],
      access: [grant('', 'USES', 'person:ann', 'person:ann', { expiresAt: 'tomorrow' })],
    },
    problems: [
      problem('people', 0, 'person:blank ', 'email', 'must not contain control characters or bidirectional controls (U+0007'),
      problem('people', 0, 'person:blank ', 'id', 'must not begin or end with whitespace'),
      problem('people', 0, 'person:blank ', 'name', 'must not be blank'),
      problem('access', 0, null, 'expiresAt', 'got "tomorrow"'),
      problem('access', 0, null, 'id', 'must not be blank'),
      problem('access', 0, null, 'toId', 'an access record cannot lead from an entity to itself'),
    ],
  },
  {
    rule: 'a source over the id limit (it is indexed like an id)',
    bad: { source: long('src:', 257) },
    problems: [problem('input', -1, null, 'source', 'must be at most 256 characters, got 257')],
  },
];

export const REJECTIONS: Rejection[] = [...RULES, ...TYPES, ...LIMITS];
