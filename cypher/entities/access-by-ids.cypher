// Access records by id, for the per-request access DataLoader.
// Params: $ids. Returns access: the record's properties plus fromId and toId.
// The unique constraint on ACCESS.id makes each lookup a relationship index seek.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
UNWIND $ids AS id
MATCH (a:Entity)-[r:ACCESS {id: id}]->(b:Entity)
WHERE r.stagedBy IS NULL AND ($scope.all OR r.id IN $scope.access)
RETURN r {.*, fromId: a.id, toId: b.id} AS access
