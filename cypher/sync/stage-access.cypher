// Staged: creates staged ACCESS relationships (stagedBy = the sync's id), which readers ignore until publish-relationships.
// Stages the access records a whole-source sync creates, as
// ingest/create-access would create them, with stagedBy = the sync's id.
// Each end is stored (:Entity) or staged by this same sync, found by id
// either way. The unique constraint on ACCESS.id covers staged records too.
// Params: $rows (list of {fromId, toId, props, at}: see
// ingest/create-access), $now, $source, $syncId. Returns staged (a count).
UNWIND $rows AS row
OPTIONAL MATCH (storedFrom:Entity {id: row.fromId})
OPTIONAL MATCH (stagedFrom:StagedEntity {id: row.fromId})
OPTIONAL MATCH (storedTo:Entity {id: row.toId})
OPTIONAL MATCH (stagedTo:StagedEntity {id: row.toId})
WITH row, coalesce(storedFrom, stagedFrom) AS a, coalesce(storedTo, stagedTo) AS b
CREATE (a)-[r:ACCESS]->(b)
SET r = row.props, r.createdAt = $now, r.updatedAt = $now, r.source = $source, r.stagedBy = $syncId
FOREACH (field IN keys(row.at) | SET r[field] = datetime({epochMillis: row.at[field]}))
RETURN count(r) AS staged
