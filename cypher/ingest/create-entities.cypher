// Creates the entities of a batch that validation found new (the others go
// through ingest/upsert-entities.cypher). Validation ran in this same
// transaction under the write lock and the unique constraint on Entity.id
// guards against any other writer, so CREATE is safe. The kind label is set
// from the vocabulary (Cypher 5.26 `$(...)`), as upsert-entities does.
// It returns only the ids: a new entity holds exactly what was sent (the
// defaults, the given fields, kind, createdAt, updatedAt, source), so
// ingest/service.ts builds the reach index's row from that, and skips the
// read-back of every property that cost upsert-entities about a quarter of
// its time (5,000 systems into the medium graph: 171 ms against 242, median
// of 9).
// Params: $rows (list of {id, kind, label, props, at}: props the defaults
// and the given non-null fields, at the given instants as epoch
// milliseconds), $now, $source.
// Returns id (one row per entity created).
UNWIND $rows AS row
CREATE (n:Entity {id: row.id})
SET n:$(row.label), n += row.props, n.kind = row.kind, n.createdAt = $now, n.updatedAt = $now, n.source = $source
FOREACH (field IN keys(row.at) | SET n[field] = datetime({epochMillis: row.at[field]}))
RETURN n.id AS id
