/**
 * The audit trail's writer: one append-only AuditEvent per change, created
 * inside the change's own transaction (so there is never a change without
 * its record, nor a record of a change that rolled back). Issue 5 adds the
 * lifecycle's event kinds and the query that reads them.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../auth/viewer';
import type { Tx } from '../db/executor';
import { toNeo } from '../time';

export type AuditKind = 'INGESTED' | 'API_KEY_CREATED' | 'API_KEY_REVOKED';

export interface AuditEventInput {
  kind: AuditKind;
  actor: Viewer;
  at: string;
  subjectIds?: string[];
  details?: Record<string, unknown>;
  requestId?: string | null;
}

export async function recordEvent(tx: Tx, event: AuditEventInput): Promise<string> {
  const id = `ev-${randomUUID()}`;
  await tx.run('audit/record', {
    id,
    kind: event.kind,
    at: toNeo(Date.parse(event.at)),
    actorId: event.actor.id,
    actorRole: event.actor.role,
    requestId: event.requestId ?? null,
    subjectIds: event.subjectIds ?? [],
    details: JSON.stringify(event.details ?? {}),
  });
  return id;
}
