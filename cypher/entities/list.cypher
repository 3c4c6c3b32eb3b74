// A page of entities, optionally of one kind, in id order (keyset pagination:
// stable under concurrent inserts, and each page is an index range scan
// instead of a SKIP over everything before it).
// Params: $kind (EntityKind or null), $after (last id of the previous page or null), $limit.
// Returns entity (all properties), in ascending id order.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
MATCH (n:Entity)
WHERE ($kind IS NULL OR n.kind = $kind) AND ($after IS NULL OR n.id > $after)
  AND ($scope.all OR n.id IN $scope.entities)
RETURN n {.*} AS entity
ORDER BY n.id
LIMIT $limit
