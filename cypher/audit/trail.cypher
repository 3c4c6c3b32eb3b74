// One page of the audit trail: the AuditEvents matching every filter given
// (AND), newest first, then by id (a stable keyset order for cursors).
// Read only for whole-graph roles (ADMIN, ANALYST): an event's details are
// free text that may name anything, so no narrowed viewer reads it (this
// query has no $scope, so the Executor refuses it for one; docs/audit.md).
// Shape: the range on `at` is always bounded (the service fills open ends),
// so the audit_event_at index serves it in descending order and a page reads
// about $limit events past the cursor, not the whole trail. The keyset
// ($afterAt, $afterId) resumes after the previous page's last event, and
// stays correct while events are appended.
// Params: $from, $to (DateTime, inclusive), $afterAt (DateTime or null),
// $afterId, $entityId, $accessId, $actorId, $kinds (list or null), $limit.
// Returns event: the event's stored properties (details is JSON text).
MATCH (e:AuditEvent)
WHERE e.at >= $from AND e.at <= $to
  AND ($afterAt IS NULL OR e.at < $afterAt OR (e.at = $afterAt AND e.id > $afterId))
  AND ($entityId IS NULL OR $entityId IN e.subjectIds)
  AND ($accessId IS NULL OR $accessId IN e.subjectIds)
  AND ($actorId IS NULL OR e.actorId = $actorId)
  AND ($kinds IS NULL OR e.kind IN $kinds)
RETURN e {.*} AS event
ORDER BY e.at DESC, e.id
LIMIT $limit
