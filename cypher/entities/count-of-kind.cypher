// How many entities of one kind exist: the totalCount of `entities(kind:)`,
// a seek on the (kind, id) index (every entity has an id), not a label scan.
// Params: $kind (EntityKind). Returns total.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
MATCH (n:Entity)
WHERE n.kind = $kind AND n.id IS NOT NULL AND ($scope.all OR n.id IN $scope.entities)
RETURN count(n) AS total
