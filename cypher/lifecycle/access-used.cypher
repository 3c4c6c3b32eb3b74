// Records a use of an access record. lastUsedAt only ever moves forwards, so
// usage reported late or out of order cannot make access look dormant.
// Params: $id, $at (DateTime), $now. Returns lastUsedAt (after).
MATCH ()-[r:ACCESS {id: $id}]->()
WHERE r.stagedBy IS NULL
SET r.lastUsedAt = CASE WHEN r.lastUsedAt IS NULL OR r.lastUsedAt < $at THEN $at ELSE r.lastUsedAt END,
    r.updatedAt = $now
RETURN r.lastUsedAt AS lastUsedAt
