// How many entities (optionally of one kind) exist: the totalCount of `entities`.
// Params: $kind (EntityKind or null). Returns total.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
MATCH (n:Entity)
WHERE ($kind IS NULL OR n.kind = $kind) AND ($scope.all OR n.id IN $scope.entities)
RETURN count(n) AS total
