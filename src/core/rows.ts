/**
 * The rows every layer passes around (the reach index, the services, the
 * resolvers): below all of them, so none imports a feature folder for them.
 * What the data layer hands to resolvers: stored properties as plain values
 * (instants as ISO strings). `asOf` is set when a row is returned inside a
 * time-scoped answer (blastRadius(asOf:), a path step...), so that fields that
 * depend on time (Person.status, gaps, Team.members) answer for that instant.
 */
import type { AccessKind, EntityKind, OwnerRole } from '../generated/graphql';

export interface EntityRow {
  id: string;
  kind: EntityKind;
  name: string;
  /** Instant (ISO) at which time-dependent fields are evaluated; absent = the request's now. */
  asOf?: string;
  [property: string]: unknown;
}

export interface AccessRow {
  id: string;
  kind: AccessKind;
  fromId: string;
  toId: string;
  privileged: boolean;
  justification: string | null;
  requestedBy: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  grantedAt: string;
  expiresAt: string | null;
  lastCertifiedAt: string | null;
  certifiedBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  source: string | null;
  asOf?: string;
}

/** An access record as a resolver may receive it: its id, and its fields once loaded. */
export type AccessRef = Pick<AccessRow, 'id'> & Partial<AccessRow>;

export interface OwnerLinkRow {
  entityId: string;
  ownerId: string;
  ownerKind: EntityKind;
  role: OwnerRole;
  since: string;
  /** When the link was removed (kept for the audit; it counts until then); null while it stands. */
  until: string | null;
  /** The owner's departure instant when the owner is a Person (null: not departed or a team). */
  ownerDepartedAt: string | null;
  /** The owner's recorded status when the owner is a Person. */
  ownerStatus: string | null;
  asOf?: string;
}
