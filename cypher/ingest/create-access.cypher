// Staged: deletes a staged record of a dead sync that holds the same id (never visible; the unique constraint would refuse the new one).
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
// A staged record under the same id can only be a leftover of a sync that
// died or failed before publishing (this write holds the write lock and
// passed the sync lease check, so no sync is staging): it is deleted first,
// found through the id constraint's index (pinned: the planner would scan
// the small stagedBy index instead).
UNWIND $rows AS row
OPTIONAL MATCH ()-[leftover:ACCESS {id: row.id}]->()
USING INDEX leftover:ACCESS(id)
WHERE leftover.stagedBy IS NOT NULL
DELETE leftover
WITH row
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
