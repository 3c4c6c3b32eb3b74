// Ends the standing owner link from one owner to one entity: sets removedAt,
// removedBy and removeReason and keeps the link, which the reach index and
// gaps count until removedAt (nothing an audit may need is deleted).
// Params: $ownerId, $entityId, $by (the caller), $reason, $now (DateTime).
// Returns link (all properties) of each link ended.
MATCH (:Entity {id: $ownerId})-[l:OWNS]->(:Entity {id: $entityId})
WHERE l.stagedBy IS NULL AND (l.removedAt IS NULL OR l.removedAt > $now)
SET l.removedAt = $now, l.removedBy = $by, l.removeReason = $reason, l.updatedAt = $now
RETURN l {.*} AS link
