/**
 * Small builders for fixture graphs. Records are accountable by default
 * (approved, justified, owned by an active person where the fixture adds an
 * owner), so a test adds exactly the gaps it is about.
 */
import type { AccessInput, AccessKind, IngestInput } from '../../src/generated/graphql';

export const T0 = '2026-01-01T00:00:00Z';
export const APPROVER = 'person:approver';

/** The approver every default access record names; add it to fixtures that use `grant`. */
export const approver = { id: APPROVER, name: 'Approver' };

/** An approved, justified, non-privileged access record granted at T0. */
export function grant(id: string, kind: AccessKind, fromId: string, toId: string, extra: Partial<AccessInput> = {}): AccessInput {
  return { id, kind, fromId, toId, approvedById: APPROVER, justification: 'ticket 1', grantedAt: T0, ...extra };
}

/** A fixture graph: the approver is always present. */
export function graph(parts: IngestInput): IngestInput {
  return { ...parts, people: [approver, ...(parts.people ?? [])] };
}

/** Ids of a connection's nodes, as a sorted list (for whole-set comparisons). */
export function ids(nodes: { id: string }[]): string[] {
  return nodes.map((n) => n.id).sort();
}
