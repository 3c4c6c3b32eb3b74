// A page of the entities of one kind, in id order: equality on kind and a
// range on id, a seek on the (kind, id) index read in its order, so a page of
// the 2,000 tenants among a million systems does not read the systems.
// Params: $kind (EntityKind), $after (last id of the previous page, or ''), $limit.
// Returns entity (all properties), in ascending id order.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
MATCH (n:Entity)
WHERE n.kind = $kind AND n.id > $after AND ($scope.all OR n.id IN $scope.entities)
RETURN n {.*} AS entity
ORDER BY n.kind, n.id
LIMIT $limit
