// Creates the one access record grantAccess approved, after every check ran
// in this same transaction; the unique constraint on ACCESS.id stops a
// concurrent writer from creating the same id. CREATE, not MERGE: the id was
// checked unused, and MERGE would scan the records already between the two
// entities (a pooled tool has thousands).
// Params: $fromId, $toId, $props (the record's properties; instants as DateTime; nulls are not stored), $now.
// Returns id.
MATCH (a:Entity {id: $fromId})
MATCH (b:Entity {id: $toId})
CREATE (a)-[r:ACCESS]->(b)
SET r = $props, r.createdAt = $now, r.updatedAt = $now
RETURN r.id AS id
