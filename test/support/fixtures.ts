/**
 * Small builders for fixture graphs. Records are accountable by default
 * (approved, justified, owned by an active person where the fixture adds an
 * owner), so a test adds exactly the gaps it is about.
 */
import type { AccessInput, AccessKind, IdentityInput, IngestInput, OwnershipInput, ToolCategory } from '../../src/generated/graphql';

export const T0 = '2026-01-01T00:00:00Z';
export const APPROVER = 'person:approver';

/** The approver every default access record names; add it to fixtures that use `grant`. */
export const approver = { id: APPROVER, name: 'Approver' };

/** An approved, justified, non-privileged access record granted at T0. */
export function grant(id: string, kind: AccessKind, fromId: string, toId: string, extra: Partial<AccessInput> = {}): AccessInput {
  return { id, kind, fromId, toId, approvedById: APPROVER, justification: 'ticket 1', grantedAt: T0, ...extra };
}

/** The same access record with approvedById left out altogether (not set to null). */
export function unapproved(record: AccessInput): AccessInput {
  const copy = { ...record };
  delete copy.approvedById;
  return copy;
}

/** An owner link from `ownerId` to `entityId`, present from `since` (T0 unless given). */
export function own(ownerId: string, entityId: string, since = T0): OwnershipInput {
  return { ownerId, entityId, since };
}

// ---- entities named by their id, so a fixture reads like its drawing ----

/** A Person, Team or Tenant whose name is its id. */
export const named = (id: string) => ({ id, name: id });

/** A HUMAN_ACCOUNT identity whose name is its id; `extra` adds or overrides fields. */
export const identity = (id: string, extra: Partial<IdentityInput> = {}): IdentityInput => ({ id, name: id, identityKind: 'HUMAN_ACCOUNT', ...extra });

/** A Tool whose name is its id, of `category` (RMM unless given). */
export const tool = (id: string, category: ToolCategory = 'RMM') => ({ id, name: id, category });

/** A Role whose name is its id, not privileged unless `privileged`. */
export const role = (id: string, privileged = false) => ({ id, name: id, privileged });

/** A System whose name is its id, contained in `tenantId`. */
export const system = (id: string, tenantId: string) => ({ id, name: id, tenantId });

/** A fixture graph: the approver is always present. */
export function graph(parts: IngestInput): IngestInput {
  return { ...parts, people: [approver, ...(parts.people ?? [])] };
}

/** Ids of a connection's nodes, as a sorted list (for whole-set comparisons). */
export function ids(nodes: { id: string }[]): string[] {
  return nodes.map((n) => n.id).sort();
}
