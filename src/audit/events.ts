/**
 * The audit trail's writer: one append-only AuditEvent per change, created
 * inside the change's own transaction (so there is never a change without
 * its record, nor a record of a change that rolled back). `subjectIds` holds
 * every entity, access record, key or break-glass use the event concerns, so
 * the audit trail can be filtered by any of them.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../core/viewer';
import type { Tx } from '../db/executor';
import { toNeo } from '../time';

/** domain.md's lifecycle kinds, then PathWarden's own (an ingest batch, API key changes). */
export const AUDIT_KINDS = [
  'REQUESTED',
  'APPROVED',
  'GRANTED',
  'USED',
  'CERTIFIED',
  'REVOKED',
  'OWNER_ASSIGNED',
  'OWNER_REMOVED',
  'BREAK_GLASS_USED',
  'BREAK_GLASS_REVIEWED',
  'PERSON_OFFBOARDED',
  'CONTRACT_TERMINATED',
  'INGESTED',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface AuditEventInput {
  kind: AuditKind;
  actor: Viewer;
  at: string;
  subjectIds?: string[];
  details?: Record<string, unknown>;
  requestId?: string | null;
}

export async function recordEvent(tx: Tx, event: AuditEventInput): Promise<string> {
  const [id] = await recordEvents(tx, [event]);
  return id;
}

/** Events appended per round trip (a sync can revoke thousands of records in one transaction). */
const EVENT_CHUNK = 1000;

/** Appends several events in `tx` (in chunks) and returns their ids, in order. */
export async function recordEvents(tx: Tx, events: readonly AuditEventInput[]): Promise<string[]> {
  const rows = events.map((event) => ({
    id: `ev-${randomUUID()}`,
    kind: event.kind,
    at: toNeo(Date.parse(event.at)),
    actorId: event.actor.id,
    actorRole: event.actor.role,
    requestId: event.requestId ?? null,
    subjectIds: event.subjectIds ?? [],
    details: JSON.stringify(event.details ?? {}),
  }));
  for (let i = 0; i < rows.length; i += EVENT_CHUNK) await tx.run('audit/record', { events: rows.slice(i, i + EVENT_CHUNK) });
  return rows.map((r) => r.id);
}
