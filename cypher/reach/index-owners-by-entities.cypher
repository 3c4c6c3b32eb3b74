// The owner links of the entities one write touched (as owned entities),
// read back inside that write's transaction for the reach index.
// Params: $ids (owned entity ids). Same columns as index-owners.cypher.
UNWIND $ids AS id
MATCH (o:Entity)-[l:OWNS]->(e:Entity {id: id})
WHERE l.stagedBy IS NULL
RETURN e.id AS entityId, o.id AS ownerId, l.role AS role, l.since.epochMillis AS since, l.removedAt.epochMillis AS until
ORDER BY entityId, ownerId
