// Staged: creates staged CONTAINS relationships (stagedBy = the sync's id), which readers ignore until publish-relationships.
// Stages the containment step Tenant -> System of the systems a whole-source
// sync creates (staged by stage-entities): the tenant is stored (:Entity) or
// staged by this same sync, found by id either way.
// Params: $rows (list of {id, tenantId}), $syncId. Returns staged (a count).
UNWIND $rows AS row
MATCH (s:StagedEntity {id: row.id})
OPTIONAL MATCH (stored:Entity:Tenant {id: row.tenantId})
OPTIONAL MATCH (staged:StagedEntity {id: row.tenantId})
WITH s, coalesce(stored, staged) AS t
CREATE (t)-[c:CONTAINS {stagedBy: $syncId}]->(s)
RETURN count(c) AS staged
