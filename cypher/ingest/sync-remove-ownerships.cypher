// Sync of one source (ingest with sync: true): removes the owner links last
// written by $source that still stand and that the batch no longer lists.
// A removed link is kept with removedAt, removedBy and removeReason (it
// counts until removedAt: reach/index-owners.cypher reads it as `until`).
// As for access records, removedAt is the ingest time, or `since` for a link
// that starts in the future, so a second run of the same sync removes nothing.
// "Still stands" is one coalesce (a null removedAt stands), not an OR, so the
// planner filters one pass over the owner links instead of a union of two.
// The source's links are found through the owns_source index (a seek, pinned by the hint).
// Params: $source, $keep (list of [ownerId, entityId] pairs of the batch),
// $now (DateTime), $actor, $reason.
// Returns ownerId, entityId, role, removedAt of each link removed, ordered.
MATCH (o:Entity)-[l:OWNS]->(e:Entity)
USING INDEX l:OWNS(source)
WHERE l.source = $source AND l.stagedBy IS NULL AND NOT [o.id, e.id] IN $keep
  AND coalesce(l.removedAt > $now AND l.removedAt > l.since, true)
SET l.removedAt = CASE WHEN l.since > $now THEN l.since ELSE $now END,
    l.removedBy = $actor, l.removeReason = $reason, l.updatedAt = $now
RETURN o.id AS ownerId, e.id AS entityId, l.role AS role, l.removedAt AS removedAt
ORDER BY entityId, ownerId
