// The systems of a tenant: for a Tenant target, exposure counts whoever
// reaches the tenant itself or any of its systems, so all of them are sources.
// Params: $tenantId. Returns id, kind, privilegedRole, tenantId per system.
MATCH (:Tenant {id: $tenantId})-[:CONTAINS]->(s:System)
RETURN s.id AS id, s.kind AS kind, false AS privilegedRole, s.tenantId AS tenantId
