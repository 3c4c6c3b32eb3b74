// Appends audit events, in the transaction of the change they record, so
// a change and its record commit together or not at all. Events are never
// updated or deleted: this is the only query that writes an AuditEvent, and
// it only CREATEs (test/audit-trail.test.ts checks every query in cypher/).
// A list, so a change that concerns many records (a source sync revoking
// thousands) appends all its events in one round trip.
// Params: $events (list of {id, kind, at (DateTime), actorId, actorRole,
// requestId, subjectIds (ids of the entities, records or keys it concerns),
// details (JSON text)}). Returns id, one row per event.
UNWIND $events AS ev
CREATE (e:AuditEvent {
  id: ev.id, kind: ev.kind, at: ev.at, actorId: ev.actorId, actorRole: ev.actorRole,
  requestId: ev.requestId, subjectIds: ev.subjectIds, details: ev.details
})
RETURN e.id AS id
