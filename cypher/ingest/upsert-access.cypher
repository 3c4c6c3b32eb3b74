// Upserts access records by id as :ACCESS relationships between their
// entities. Kind and endpoints are fixed once recorded (validation refuses a
// change: a record is never moved or deleted, only revoked), so MERGE on the
// id between the same two entities finds the existing record.
// grantedAt defaults to the time the record was first recorded.
// Params: $rows (list of {id, kind, fromId, toId, props, defaults}), $now, $source.
UNWIND $rows AS row
MATCH (a:Entity {id: row.fromId})
MATCH (b:Entity {id: row.toId})
MERGE (a)-[r:ACCESS {id: row.id}]->(b)
ON CREATE SET r += row.defaults, r.kind = row.kind, r.grantedAt = coalesce(row.props.grantedAt, $now), r.createdAt = $now
SET r += row.props, r.updatedAt = $now, r.source = coalesce($source, r.source)
