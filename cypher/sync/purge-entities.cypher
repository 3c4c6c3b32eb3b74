// Scan: reads the StagedEntity label, which holds only the staged nodes of a dead or failed sync, never a published entity
// Deletes up to $limit :StagedEntity nodes left by a sync that died or
// failed before publishing (after purge-relationships, so none has a
// relationship left; DETACH all the same). They never carried :Entity, so
// no reader saw them, and no audit event records them.
// Params: $limit. Returns entities (count deleted).
MATCH (n:StagedEntity)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS entities
