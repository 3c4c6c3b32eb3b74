// Bulk path: creates one batch of access records (:ACCESS) in an empty
// database, the bulk of every benchmark graph. Shaped for throughput: one
// UNWIND of tens of thousands of rows per transaction, two index seeks on
// Entity.id per row, CREATE rather than MERGE (nothing can exist yet; the
// unique constraint on ACCESS.id still refuses a duplicate id), and the whole
// property map set at once. Each row's props are the record's complete
// property map as ingest stores it (id, kind, privileged default, grantedAt
// default, requestedBy/approvedBy/certifiedBy, instants as DateTime,
// createdAt, updatedAt, source).
// Params: $rows (list of {from, to, props}). Returns created (checked by the caller).
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:ACCESS]->(b)
SET r = row.props
RETURN count(*) AS created
