// Every entity with what traversal and the report need: kind, privileged
// role, tenant (Systems). Owner links come from entities/owners.cypher.
// Params: none. Returns id, kind, privilegedRole, tenantId.
MATCH (n:Entity)
RETURN n.id AS id, n.kind AS kind, (n:Role AND n.privileged = true) AS privilegedRole, n.tenantId AS tenantId
