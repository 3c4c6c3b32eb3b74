// Members of teams at an instant: people with a MEMBER_OF record present at
// $asOf (granted by then and not revoked by then).
// Params: $ids (team ids), $asOf (DateTime). Returns teamId, person, ordered by person id.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
UNWIND $ids AS id
MATCH (p:Person)-[r:ACCESS {kind: 'MEMBER_OF'}]->(:Entity:Team {id: id})
WHERE r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf)
  AND ($scope.all OR (id IN $scope.entities AND p.id IN $scope.entities))
RETURN DISTINCT id AS teamId, p {.*} AS person
ORDER BY teamId, person.id
