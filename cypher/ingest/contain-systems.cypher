// Staged: MERGE cannot filter, and needs none: both ends are :Entity, and a staged CONTAINS only ever ends at a staged (:StagedEntity) system.
// Derives the containment step Tenant -> System from System.tenantId. The
// tenant of a system is fixed once recorded (validation refuses a change), so
// this only ever adds the one CONTAINS relationship a new system needs.
// Params: $rows (list of {id, tenantId}).
UNWIND $rows AS row
MATCH (t:Entity:Tenant {id: row.tenantId})
MATCH (s:Entity:System {id: row.id})
MERGE (t)-[:CONTAINS]->(s)
