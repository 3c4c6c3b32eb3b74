// Appends one audit event, in the transaction of the change it records, so
// a change and its record commit together or not at all. Events are never
// updated or deleted (no query in cypher/ does either; test/security tests it).
// Params: $id, $kind, $at (DateTime), $actorId, $actorRole, $requestId,
// $subjectIds (ids of the entities, records or keys it concerns), $details (JSON text).
CREATE (e:AuditEvent {
  id: $id, kind: $kind, at: $at, actorId: $actorId, actorRole: $actorRole,
  requestId: $requestId, subjectIds: $subjectIds, details: $details
})
RETURN e.id AS id
