// Upserts owner links, one per (owner, entity) pair. `since` defaults to the
// time the link was first recorded, like grantedAt on access records.
// Params: $rows (list of {ownerId, entityId, props, defaults}), $now, $source.
UNWIND $rows AS row
MATCH (o:Entity {id: row.ownerId})
MATCH (e:Entity {id: row.entityId})
MERGE (o)-[l:OWNS]->(e)
ON CREATE SET l += row.defaults, l.since = coalesce(row.props.since, $now), l.createdAt = $now
SET l += row.props, l.updatedAt = $now, l.source = coalesce($source, l.source)
