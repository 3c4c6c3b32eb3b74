// Creates the access records of a batch that validation found new, as
// :ACCESS relationships between their entities, and returns each as the
// reach index reads it, so the write needs no second read for the index.
// Validation ran in this same transaction and the unique constraint on
// ACCESS.id guards against a concurrent writer, so CREATE is safe, and it
// avoids MERGE's scan of the relationships already between the two entities
// (pooled tools have thousands).
// Params: $rows (list of {fromId, toId, props, at}), $now, $source. row.props
// holds every given field but the instants, with id, kind and the defaults
// (one map write per record); row.at the instants as epoch milliseconds
// (grantedAt always: the caller defaults it to the ingest time), made
// DateTimes here. Same columns as reach/index-edges.cypher.
// A dead sync's staged records under the same ids were deleted just before
// (ingest/delete-staged-leftovers.cypher).
UNWIND $rows AS row
MATCH (a:Entity {id: row.fromId})
MATCH (b:Entity {id: row.toId})
CREATE (a)-[r:ACCESS]->(b)
SET r = row.props, r.createdAt = $now, r.updatedAt = $now, r.source = $source
FOREACH (field IN keys(row.at) | SET r[field] = datetime({epochMillis: row.at[field]}))
RETURN r.id AS id, a.id AS from, b.id AS to, r.kind AS kind,
       r.grantedAt.epochMillis AS grantedAt, r.revokedAt.epochMillis AS revokedAt,
       r.privileged = true AS privileged, r.approvedBy IS NOT NULL AS approved,
       coalesce(trim(r.justification), '') <> '' AS justified,
       r.expiresAt.epochMillis AS expiresAt, r.lastCertifiedAt.epochMillis AS lastCertifiedAt,
       r.lastUsedAt.epochMillis AS lastUsedAt, r.approvedBy AS approvedBy,
       r.requestedBy AS requestedBy, r.certifiedBy AS certifiedBy
