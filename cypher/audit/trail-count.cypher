// How many AuditEvents match the audit trail's filters (its totalCount),
// with exactly the filters of audit/trail.cypher and no cursor, run in the
// same read transaction as the page so the two agree.
// Whole-graph roles only, like the trail itself (no $scope: docs/audit.md).
// Params: $from, $to (DateTime, inclusive), $entityId, $accessId, $actorId, $kinds.
// Returns total.
MATCH (e:AuditEvent)
WHERE e.at >= $from AND e.at <= $to
  AND ($entityId IS NULL OR $entityId IN e.subjectIds)
  AND ($accessId IS NULL OR $accessId IN e.subjectIds)
  AND ($actorId IS NULL OR e.actorId = $actorId)
  AND ($kinds IS NULL OR e.kind IN $kinds)
RETURN count(e) AS total
