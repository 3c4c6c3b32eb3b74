// Sync of one source (ingest with sync: true): revokes the access records
// last written by $source that are still in force and that the batch no
// longer lists, in the batch's own transaction. Nothing is deleted: the
// record stays, with revokedAt, revokedBy and revokeReason, so the past can
// be replayed and audited.
// "In force" = present now or later: not revoked, or revoked only in the
// future, and not an empty interval (revokedAt <= grantedAt). revokedAt is
// the ingest time, or grantedAt for a record granted in the future (it is
// then never present), so a record is never revoked before it was granted
// and running the same sync again finds nothing left to revoke. The
// source's records are found through the access_source index (a seek), so
// a sync costs the size of its source, not of the whole graph; "in force" is
// one coalesce (a null revokedAt is in force) rather than an OR, which the
// planner would turn into a union of scans over the whole index.
// The hint pins the seek: with few records the planner would rather scan entities and expand.
// Params: $source, $keep (access ids of the batch), $now (DateTime), $actor, $reason.
// Returns id, fromId, toId, kind, revokedAt of each record revoked, by id.
MATCH (a:Entity)-[r:ACCESS]->(b:Entity)
USING INDEX r:ACCESS(source)
WHERE r.source = $source AND r.stagedBy IS NULL AND NOT r.id IN $keep
  AND coalesce(r.revokedAt > $now AND r.revokedAt > r.grantedAt, true)
SET r.revokedAt = CASE WHEN r.grantedAt > $now THEN r.grantedAt ELSE $now END,
    r.revokedBy = $actor, r.revokeReason = $reason, r.updatedAt = $now
RETURN r.id AS id, a.id AS fromId, b.id AS toId, r.kind AS kind, r.revokedAt AS revokedAt
ORDER BY id
