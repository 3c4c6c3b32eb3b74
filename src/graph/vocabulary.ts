/**
 * The graph vocabulary, defined once: node labels, relationship types, which
 * access kinds may join which entity kinds, and the traversal limits. Code
 * uses these constants; the .cypher files spell the same names, and
 * test/vocabulary.test.ts fails if a query uses a label or type not listed here.
 */
import type { AccessKind, EntityKind, GapReason, IdentityKind, OwnerRole } from '../generated/graphql';

export const ENTITY_KINDS: readonly EntityKind[] = ['PERSON', 'TEAM', 'IDENTITY', 'TOOL', 'ROLE', 'TENANT', 'SYSTEM'];
export const ACCESS_KINDS: readonly AccessKind[] = ['MEMBER_OF', 'USES', 'HAS_ROLE', 'GRANTS', 'CAN_ACCESS'];

/** Every entity node carries the shared label plus its kind's label. */
export const ENTITY_LABEL = 'Entity';
export const KIND_LABEL: Record<EntityKind, string> = {
  PERSON: 'Person',
  TEAM: 'Team',
  IDENTITY: 'Identity',
  TOOL: 'Tool',
  ROLE: 'Role',
  TENANT: 'Tenant',
  SYSTEM: 'System',
};

/** GraphQL type name of each kind (the same words as the labels). */
export const TYPENAME = KIND_LABEL;

/**
 * One node that versions the graph: every write bumps it, so each API process
 * can tell whether its in-memory reach index is current. Not an entity.
 */
export const GRAPH_STATE_LABEL = 'GraphState';

/**
 * One change-feed entry (reach/index/feed.ts): the ids one write changed, keyed
 * by the graph version it made, for other processes' reach indexes. Not an
 * entity; pruned after PATHWARDEN_FEED_RETENTION_MS (the audit trail keeps who
 * changed what). Properties: epoch, version, at, reload, entities, access, owned.
 */
export const GRAPH_CHANGE_LABEL = 'GraphChange';

/**
 * An entity a whole-source sync has staged but not yet published
 * (ingest/source-sync.ts): only this label, no ENTITY_LABEL or kind label, so
 * no reader sees it; publishing relabels it as an entity.
 */
export const STAGED_ENTITY_LABEL = 'StagedEntity';

/** A machine client's API key (auth/api-keys.ts): not an entity, never in the access graph. */
export const API_KEY_LABEL = 'ApiKey';
/** One append-only audit event (audit/events.ts): not an entity. */
export const AUDIT_EVENT_LABEL = 'AuditEvent';

/**
 * One use of a BREAK_GLASS identity (lifecycle/): who used it, when, why, and
 * its post-use review once recorded. Not an entity; never deleted.
 * Properties: id, identityId, personId, at, reason, reviewedAt, reviewedBy, reviewNotes.
 */
export const BREAK_GLASS_USE_LABEL = 'BreakGlassUse';

export const REL = {
  /** An access record; its `kind` property is one of ACCESS_KINDS. One type so one constraint covers every id. */
  ACCESS: 'ACCESS',
  /** Tenant -> System containment: derived from System.tenantId, never an access record, never a gap. */
  CONTAINS: 'CONTAINS',
  /** Person|Team -> Identity|Tool|Role owner link. Grants no access. */
  OWNS: 'OWNS',
} as const;

/** domain.md "Access records": the kinds each access kind may join. */
export const ACCESS_ENDPOINTS: Record<AccessKind, { from: readonly EntityKind[]; to: readonly EntityKind[] }> = {
  MEMBER_OF: { from: ['PERSON', 'IDENTITY'], to: ['TEAM'] },
  USES: { from: ['PERSON', 'TEAM'], to: ['IDENTITY'] },
  HAS_ROLE: { from: ['IDENTITY', 'TEAM'], to: ['ROLE'] },
  GRANTS: { from: ['ROLE'], to: ['TOOL', 'SYSTEM', 'TENANT'] },
  CAN_ACCESS: { from: ['IDENTITY', 'TEAM', 'TOOL'], to: ['TOOL', 'SYSTEM', 'TENANT', 'IDENTITY'] },
};

/** Owner links: who may own, and what needs an owner. */
export const OWNER_KINDS: readonly EntityKind[] = ['PERSON', 'TEAM'];
export const OWNED_KINDS: readonly EntityKind[] = ['IDENTITY', 'TOOL', 'ROLE'];
export const DEFAULT_OWNER_ROLE: OwnerRole = 'SERVICE_OWNER';

/** Entity gaps in order of precedence (exactly one applies to an unowned entity). */
export const ENTITY_GAP_PRECEDENCE: readonly GapReason[] = ['OWNER_DEPARTED', 'OWNER_IS_TEAM', 'NO_OWNER'];
/** Every gap in the order answers list them: an access record's first (as a path step lists them), then an entity's. */
export const GAP_ORDER: readonly GapReason[] = ['NO_APPROVAL', 'NO_JUSTIFICATION', ...ENTITY_GAP_PRECEDENCE];

/** The pooled account kind that, like a Tool, carries many people's reach (Reacher.through groups an exposure by them). */
export const CARRIER_IDENTITY_KIND: IdentityKind = 'SHARED_ADMIN';

export const DEFAULT_MAX_DEPTH = 8;
export const MAX_DEPTH_CAP = 16;
export const MAX_PAGE_SIZE = 1000;
export const MAX_PATHS = 100;
/** Records (entities + ownerships + access) one ingest call may carry; larger files go through `npm run import`. */
export const INGEST_BATCH_LIMIT = 5000;
