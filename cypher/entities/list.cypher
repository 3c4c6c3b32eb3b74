// A page of entities of every kind, in id order (keyset pagination: stable
// under concurrent inserts). `n.id > $after` (the empty string before the
// first page) is a range seek on the unique id index, read in the index's
// own order, so a page costs its size, never a SKIP over what came before.
// entities/list-of-kind.cypher is the same for one kind.
// Params: $after (last id of the previous page, or ''), $limit.
// Returns entity (all properties), in ascending id order.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
MATCH (n:Entity)
WHERE n.id > $after AND ($scope.all OR n.id IN $scope.entities)
RETURN n {.*} AS entity
ORDER BY n.id
LIMIT $limit
