/**
 * Lifecycle answers as the resolvers receive them: ids, instants (ISO) and
 * numbers. Entities and access records are loaded by the request's loaders,
 * through the caller's scope, only when a client asks for their fields.
 */
import type { CredentialRoute, OwnerRole } from '../generated/graphql';
import type { PathModel } from '../reach/model';

export interface AccessChangeModel {
  accessId: string;
  eventIds: string[];
}

export interface OwnershipChangeModel {
  ownerId: string;
  entityId: string;
  role: OwnerRole;
  since: string;
  removedAt: string | null;
  removedBy: string | null;
  removeReason: string | null;
  eventIds: string[];
}

/** One record a lifecycle step revokes, and the instant it stops counting. */
export interface RevocationModel {
  accessId: string;
  revokedAt: string;
}

export interface CredentialModel {
  identityId: string;
  routes: CredentialRoute[];
  /** Person ids, sorted. */
  sharedWith: string[];
}

export interface ReassignModel {
  entityId: string;
  role: OwnerRole;
}

export interface OffboardingModel {
  personId: string;
  departedAt: string | null;
  revokedAt: string;
  revoked: RevocationModel[];
  credentials: CredentialModel[];
  needsNewOwner: ReassignModel[];
  /** API keys bound to the person, in force, revoked by the step at once (lifecycle/api-keys.ts); sorted. */
  apiKeysRevoked: string[];
}

export interface RemainingReachModel {
  entityId: string;
  distance: number;
  path: PathModel;
}

export interface TerminationModel {
  tenantId: string;
  contractEndedAt: string;
  revokedAt: string;
  revoked: RevocationModel[];
  stillReaching: RemainingReachModel[];
  /** API keys bound to the tenant, in force, revoked by the step at once (lifecycle/api-keys.ts); sorted. */
  apiKeysRevoked: string[];
}

/** A break-glass use as stored (the properties findings read). */
export interface BreakGlassUseRow {
  id: string;
  identityId: string;
  personId: string;
  at: string;
  reason: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewNotes: string | null;
}

export interface BreakGlassUseChangeModel {
  use: BreakGlassUseRow;
  eventIds: string[];
}

/** A dry run's or a real run's answer: the same report either way, and the events only a real run appends. */
export interface StepResult<R> {
  dryRun: boolean;
  report: R;
  eventIds: string[];
}
