// What traversal needs to know of the entities it starts from.
// Params: $ids. Returns id, kind, privilegedRole, tenantId (Systems) per id found.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.kind AS kind, (n:Role AND n.privileged = true) AS privilegedRole, n.tenantId AS tenantId
