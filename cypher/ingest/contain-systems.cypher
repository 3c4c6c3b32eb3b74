// Staged: nothing to filter: both ends are :Entity, and a staged CONTAINS only ever ends at a staged (:StagedEntity) system.
// Derives the containment step Tenant -> System from System.tenantId, for the
// systems of a batch whose tenant is recorded by it: new systems, and stored
// ones that had none (ingest/service.ts passes only those). The tenant of a
// system is fixed once recorded (validation refuses a change), so such a
// system has no CONTAINS yet, and CREATE adds its one without MERGE's check
// and lock of what the tenant already contains.
// Params: $rows (list of {id, tenantId}).
UNWIND $rows AS row
MATCH (t:Entity:Tenant {id: row.tenantId})
MATCH (s:Entity:System {id: row.id})
CREATE (t)-[:CONTAINS]->(s)
