// One breadth-first level, forward: the steps leaving a frontier of entities.
// The traversal (src/reach/traversal.ts) calls this once per depth, so a
// query costs at most maxDepth round trips and reads only the edges of what
// it reaches; a variable-length pattern would instead enumerate every path.
//
// Rules applied here (domain.md, "Traversal"):
// - an access record is a step only when present at $asOf: granted by then
//   and not revoked by then (expiresAt does NOT stop it: expired-but-present
//   access is still real access);
// - a disabled Identity cannot act, so no step leaves one;
// - a Tenant steps to each of its Systems by containment (accessId null).
// - scope: only records in $scope.access, systems in $scope.entities.
// Params: $ids (frontier entity ids), $asOf (DateTime).
// Returns one row per step: from, to, accessId, privileged, approved, justified (its gaps), and what the
// traversal needs of the entity entered (toKind, toPrivilegedRole, toTenantId).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE NOT (n:Identity AND n.enabled = false) AND ($scope.all OR n.id IN $scope.entities)
CALL (n) {
  MATCH (n)-[r:ACCESS]->(m:Entity)
  WHERE r.stagedBy IS NULL AND r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf)
    AND ($scope.all OR r.id IN $scope.access)
  RETURN m, r.id AS accessId, r.privileged AS privileged,
         r.approvedBy IS NOT NULL AS approved, coalesce(trim(r.justification), '') <> '' AS justified
  UNION ALL
  MATCH (n:Tenant)-[c:CONTAINS]->(m:System)
  WHERE c.stagedBy IS NULL AND ($scope.all OR m.id IN $scope.entities)
  RETURN m, null AS accessId, false AS privileged, true AS approved, true AS justified
}
RETURN id AS from, m.id AS to, accessId, privileged, approved, justified,
       m.kind AS toKind, (m:Role AND m.privileged = true) AS toPrivilegedRole, m.tenantId AS toTenantId
