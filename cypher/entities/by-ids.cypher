// Entities by id, for the per-request entity DataLoader: one round trip for
// every entity a response mentions (path steps, owners, tenants...).
// Params: $ids (list of ids). Returns one row per id found: entity (all properties).
// Missing ids return no row; the loader answers null for them.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE $scope.all OR n.id IN $scope.entities
RETURN n {.*} AS entity
