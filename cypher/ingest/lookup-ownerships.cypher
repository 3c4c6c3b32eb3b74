// Which owner links of a batch already stand (not removed), to count created
// vs updated: a removed link is history, and naming its pair again creates a new one.
// Params: $pairs (list of {ownerId, entityId}). Returns ownerId, entityId of those found.
UNWIND $pairs AS pair
MATCH (:Entity {id: pair.ownerId})-[l:OWNS]->(:Entity {id: pair.entityId})
WHERE l.removedAt IS NULL AND l.stagedBy IS NULL
RETURN DISTINCT pair.ownerId AS ownerId, pair.entityId AS entityId
