// The systems of a tenant: for a Tenant target, exposure counts whoever
// reaches the tenant itself or any of its systems, so all of them are sources.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
// Params: $tenantId. Returns id, kind, privilegedRole, tenantId per system.
MATCH (:Entity:Tenant {id: $tenantId})-[c:CONTAINS]->(s:System)
WHERE c.stagedBy IS NULL AND ($scope.all OR s.id IN $scope.entities)
RETURN s.id AS id, s.kind AS kind, false AS privilegedRole, s.tenantId AS tenantId
