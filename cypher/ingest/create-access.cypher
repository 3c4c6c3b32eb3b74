// Creates the access records of a batch that validation found new, as
// :ACCESS relationships between their entities. Validation ran in this same
// transaction and the unique constraint on ACCESS.id guards against a
// concurrent writer, so CREATE is safe, and it avoids MERGE's scan of the
// relationships already between the two entities (pooled tools have
// thousands). grantedAt defaults to the time the record was first recorded.
// Params: $rows (list of {id, kind, fromId, toId, props, defaults}), $now, $source.
UNWIND $rows AS row
MATCH (a:Entity {id: row.fromId})
MATCH (b:Entity {id: row.toId})
CREATE (a)-[r:ACCESS {id: row.id}]->(b)
SET r += row.defaults, r.kind = row.kind, r.grantedAt = coalesce(row.props.grantedAt, $now), r.createdAt = $now
SET r += row.props, r.updatedAt = $now, r.source = $source
