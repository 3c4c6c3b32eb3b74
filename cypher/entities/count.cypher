// How many entities exist: the totalCount of `entities` without a kind.
// Scan: a total over every entity the viewer sees is a pass over all of them
// (the scope filter rules out the count store); entities/count-of-kind.cypher seeks one kind.
// Params: none. Returns total.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
MATCH (n:Entity)
WHERE $scope.all OR n.id IN $scope.entities
RETURN count(n) AS total
