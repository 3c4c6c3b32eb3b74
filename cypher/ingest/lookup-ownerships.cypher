// Which owner links of a batch already exist, to count created vs updated.
// Params: $pairs (list of {ownerId, entityId}). Returns ownerId, entityId of those found.
UNWIND $pairs AS pair
MATCH (:Entity {id: pair.ownerId})-[:OWNS]->(:Entity {id: pair.entityId})
RETURN pair.ownerId AS ownerId, pair.entityId AS entityId
