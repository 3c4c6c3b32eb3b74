// What traversal needs to know of the entities it starts from.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
// Params: $ids. Returns id, kind, privilegedRole, tenantId (Systems) per id found.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE $scope.all OR n.id IN $scope.entities
RETURN n.id AS id, n.kind AS kind, (n:Role AND n.privileged = true) AS privilegedRole, n.tenantId AS tenantId
