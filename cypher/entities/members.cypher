// Members of teams at an instant: the people and the identities (accounts in
// a directory security group) with a MEMBER_OF record present at $asOf
// (granted by then and not revoked by then). Team.members keeps the people,
// Team.memberIdentities the identities (src/entities/service.ts).
// Params: $ids (team ids), $asOf (DateTime). Returns teamId, member, ordered by member id.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
UNWIND $ids AS id
MATCH (m:Entity)-[r:ACCESS {kind: 'MEMBER_OF'}]->(:Entity:Team {id: id})
WHERE (m:Person OR m:Identity) AND r.stagedBy IS NULL
  AND r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf)
  AND ($scope.all OR (id IN $scope.entities AND m.id IN $scope.entities))
RETURN DISTINCT id AS teamId, m {.*} AS member
ORDER BY teamId, member.id
