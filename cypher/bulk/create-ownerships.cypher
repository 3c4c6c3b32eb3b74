// Bulk path: creates one batch of owner links (:OWNS) in an empty database.
// Each row's props are the link's complete property map as ingest stores it
// (ownerId, entityId, role default, since default, createdAt, updatedAt,
// source). Endpoints are found through the Entity.id uniqueness index.
// Params: $rows (list of {from, to, props}). Returns created (checked by the caller).
UNWIND $rows AS row
MATCH (o:Entity {id: row.from})
MATCH (e:Entity {id: row.to})
CREATE (o)-[l:OWNS]->(e)
SET l = row.props
RETURN count(*) AS created
