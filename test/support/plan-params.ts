/**
 * A representative value for every parameter name used by cypher/ files, so
 * test/query-plans.test.ts plans each query with parameters of the types it
 * is really sent (the planner caches plans per parameter type). A query that
 * takes a new parameter fails that test until its value is added here.
 */
import neo4j from 'neo4j-driver';

const at = neo4j.types.DateTime.fromStandardDate(new Date('2026-06-01T00:00:00Z'));
const scope = { all: false, entities: ['person:a', 'tenant:a'], access: ['access:a'] };

export const REPRESENTATIVE_PARAMS: Record<string, unknown> = {
  scope,
  now: at,
  at,
  asOf: at,
  since: at,
  from: at,
  to: at,
  afterAt: at,
  createdAt: at,
  expiresAt: at,
  departedAt: at,
  endedAt: at,
  grantedAt: at,
  revokedAt: at,
  approvedAt: at,
  lastUsedAt: at,
  lastCertifiedAt: at,
  times: { grantedAt: at },
  id: 'access:a',
  ids: ['person:a', 'tenant:a'],
  keep: ['access:a'],
  kinds: ['ACCESS_GRANTED'],
  pairs: [{ ownerId: 'person:a', entityId: 'tool:a' }],
  rows: [{ id: 'system:a', tenantId: 'tenant:a', kind: 'SYSTEM', label: 'System', props: {}, defaults: {}, fromId: 'person:a', toId: 'tool:a', ownerId: 'person:a', entityId: 'tool:a' }],
  events: [{ id: 'event:a', kind: 'ACCESS_GRANTED', at, actorId: 'person:a', actorRole: 'ADMIN', subjects: ['access:a'] }],
  props: { id: 'access:a', kind: 'USES' },
  label: 'System',
  kind: 'SYSTEM',
  source: 'psa',
  sources: ['psa'],
  personId: 'person:a',
  ownerId: 'person:a',
  entityId: 'tool:a',
  tenantId: 'tenant:a',
  identityId: 'identity:a',
  accessId: 'access:a',
  actorId: 'person:a',
  fromId: 'person:a',
  toId: 'tool:a',
  reviewerId: 'person:b',
  approvedBy: 'person:b',
  requestedBy: 'person:a',
  certifiedBy: 'person:b',
  createdBy: 'person:b',
  by: 'person:b',
  actor: 'person:b',
  role: 'PRIMARY',
  reason: 'a reason',
  note: 'a note',
  notes: 'notes',
  justification: 'a justification',
  name: 'a name',
  hash: 'abc',
  privileged: true,
  includeRevoked: false,
  after: 'person:a',
  afterId: 'event:a',
  limit: 50,
  query: 'acme* AND dc*',
  // The change feed (cypher/feed/): graph versions are integers, epochs random UUIDs.
  epoch: '3f2b1c9e-0000-4000-8000-000000000000',
  version: 41,
  upTo: 43,
  reload: false,
  size: 3,
  change: null,
  retentionMs: 900_000,
  syncId: 'sync:a',
  leaseMs: 60000,
  labels: { SYSTEM: 'System', TENANT: 'Tenant' },
};

/** ingest/create-access's and sync/stage-access's columns: one list per field, instants as epoch milliseconds. */
const INGEST_ACCESS_COLUMNS = Object.fromEntries(
  ['id', 'kind', 'from', 'to', 'justification', 'requestedBy', 'approvedBy', 'certifiedBy'].map((k) => [k, ['x']] as [string, unknown])
    .concat(['approvedAt', 'grantedAt', 'expiresAt', 'lastCertifiedAt', 'revokedAt', 'lastUsedAt'].map((k) => [k, [1_700_000_000_000]]))
    .concat([['privileged', [true]]]),
);

/** Files that send a name with another type: the bulk path sends columns (one list per field, indexes into $times), ingest's create columns of epoch milliseconds. */
export const FILE_PARAMS: Record<string, Record<string, unknown>> = {
  'entities/search': { kinds: ['SYSTEM'] },
  'bulk/create-access': Object.fromEntries(
    ['id', 'kind', 'from', 'to', 'justification', 'requestedBy', 'approvedBy', 'certifiedBy'].map((k) => [k, ['x']] as [string, unknown])
      .concat(['approvedAt', 'grantedAt', 'expiresAt', 'lastCertifiedAt', 'revokedAt', 'lastUsedAt'].map((k) => [k, [0]]))
      .concat([['privileged', [true]], ['times', [at]]]),
  ),
  'ingest/create-access': INGEST_ACCESS_COLUMNS,
  'sync/stage-access': INGEST_ACCESS_COLUMNS,
};
