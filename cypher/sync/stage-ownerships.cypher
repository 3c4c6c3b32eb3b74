// Staged: creates staged OWNS relationships (stagedBy = the sync's id), which readers ignore until publish-relationships.
// Stages the owner links a whole-source sync creates (pairs with no
// standing link), as ingest/upsert-ownerships would create them, with
// stagedBy = the sync's id. Each end is stored (:Entity) or staged by this
// same sync, found by id either way.
// Params: $rows (list of {ownerId, entityId, props, defaults}), $now,
// $source, $syncId. Returns staged (a count).
UNWIND $rows AS row
OPTIONAL MATCH (storedOwner:Entity {id: row.ownerId})
OPTIONAL MATCH (stagedOwner:StagedEntity {id: row.ownerId})
OPTIONAL MATCH (storedEntity:Entity {id: row.entityId})
OPTIONAL MATCH (stagedEntity:StagedEntity {id: row.entityId})
WITH row, coalesce(storedOwner, stagedOwner) AS o, coalesce(storedEntity, stagedEntity) AS e
CREATE (o)-[l:OWNS]->(e)
SET l += row.defaults, l.since = coalesce(row.props.since, $now), l.createdAt = $now,
    l += row.props, l.updatedAt = $now, l.source = $source, l.stagedBy = $syncId
RETURN count(l) AS staged
