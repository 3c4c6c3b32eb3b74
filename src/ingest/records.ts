/**
 * What ingest knows of each record type: which input list it comes from, its
 * instants, its references, the defaults that apply only on create, and the
 * fields that may not be cleared. One table, read by validation and writing.
 */
import type { EntityKind } from '../generated/graphql';

export interface Reference {
  /** Input field, e.g. tenantId. */
  field: string;
  /** Stored property name, e.g. tenantId or approvedBy. */
  property: string;
  kinds: readonly EntityKind[];
  required?: boolean;
  /** Once recorded it may not change (a System's tenant: moving it would rewrite history). */
  fixed?: boolean;
}

export interface RecordSpec {
  list: string;
  instants: readonly string[];
  references: readonly Reference[];
  /** Applied only when the record is created, for fields the input left out. */
  defaults: Readonly<Record<string, unknown>>;
  /** Non-null in the API: an explicit null is refused rather than clearing them. */
  notNull: readonly string[];
}

const TENANT_REF = { field: 'tenantId', property: 'tenantId', kinds: ['TENANT'] as const };

/** Entity lists in write order: what others refer to comes first. */
export const ENTITY_SPECS: readonly (RecordSpec & { kind: EntityKind })[] = [
  { kind: 'TENANT', list: 'tenants', instants: ['contractEndedAt'], references: [], defaults: { contractStatus: 'ACTIVE' }, notNull: ['name', 'contractStatus'] },
  { kind: 'PERSON', list: 'people', instants: ['departedAt'], references: [], defaults: { status: 'ACTIVE' }, notNull: ['name', 'status'] },
  { kind: 'TEAM', list: 'teams', instants: [], references: [], defaults: {}, notNull: ['name'] },
  { kind: 'TOOL', list: 'tools', instants: [], references: [], defaults: { category: 'OTHER', pooled: false }, notNull: ['name', 'category', 'pooled'] },
  { kind: 'ROLE', list: 'roles', instants: [], references: [TENANT_REF], defaults: { privileged: false }, notNull: ['name', 'privileged'] },
  {
    kind: 'IDENTITY',
    list: 'identities',
    instants: ['lastUsedAt', 'credentialRotatedAt', 'credentialExpiresAt'],
    references: [TENANT_REF],
    defaults: { enabled: true },
    notNull: ['name', 'identityKind', 'enabled'],
  },
  {
    kind: 'SYSTEM',
    list: 'systems',
    instants: [],
    references: [{ ...TENANT_REF, required: true, fixed: true }],
    defaults: { criticality: 'MEDIUM', environment: 'PRODUCTION' },
    notNull: ['name', 'tenantId', 'criticality', 'environment'],
  },
];

export const OWNERSHIP_SPEC: RecordSpec = {
  list: 'ownerships',
  instants: ['since'],
  references: [
    { field: 'ownerId', property: 'ownerId', kinds: ['PERSON', 'TEAM'], required: true },
    { field: 'entityId', property: 'entityId', kinds: ['IDENTITY', 'TOOL', 'ROLE'], required: true },
  ],
  // `since` defaults to the time the link was first recorded (domain.md).
  defaults: { role: 'SERVICE_OWNER' },
  notNull: ['role', 'since'],
};

export const ACCESS_SPEC: RecordSpec = {
  list: 'access',
  instants: ['approvedAt', 'grantedAt', 'expiresAt', 'lastCertifiedAt', 'revokedAt', 'lastUsedAt'],
  references: [
    { field: 'requestedById', property: 'requestedBy', kinds: ['PERSON'] },
    { field: 'approvedById', property: 'approvedBy', kinds: ['PERSON'] },
    { field: 'certifiedById', property: 'certifiedBy', kinds: ['PERSON'] },
  ],
  // `grantedAt` defaults to the time the record was first recorded (domain.md).
  defaults: { privileged: false },
  notNull: ['privileged', 'grantedAt'],
};
