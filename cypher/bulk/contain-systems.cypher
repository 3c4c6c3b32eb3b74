// Bulk path: the containment step Tenant -> System for one batch of new
// systems, as ingest/contain-systems.cypher derives it from System.tenantId.
// Both ends are found through the Entity.id uniqueness index (the :Entity
// label is what makes it an index seek); CREATE, since the database was empty.
// Params: $rows (list of {id, tenantId}). Returns created (checked by the caller:
// a row whose system or tenant is missing would otherwise vanish silently).
UNWIND $rows AS row
MATCH (t:Entity {id: row.tenantId})
MATCH (s:Entity {id: row.id})
CREATE (t)-[:CONTAINS]->(s)
RETURN count(*) AS created
