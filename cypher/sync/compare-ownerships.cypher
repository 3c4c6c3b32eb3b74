// What is stored of each standing owner link a whole-source sync lists
// (by owner and entity; removed links are history, and naming the pair
// again creates a new link), every property, so the plan can tell a changed
// link from an unchanged one. Staged links are not stored state.
// Params: $pairs (list of {ownerId, entityId}). Returns ownerId, entityId, props.
UNWIND $pairs AS pair
MATCH (:Entity {id: pair.ownerId})-[l:OWNS]->(:Entity {id: pair.entityId})
WHERE l.removedAt IS NULL AND l.stagedBy IS NULL
RETURN pair.ownerId AS ownerId, pair.entityId AS entityId, l {.*} AS props
