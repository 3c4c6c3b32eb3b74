// One breadth-first level, reverse: the steps entering a frontier of
// entities, for "who can reach T" (exposure) without enumerating paths.
// Same rules as expand-out.cypher, seen from the other end:
// - only records present at $asOf (granted by then, not revoked by then);
// - a disabled Identity is never a step's origin: it cannot act, so nothing
//   is reachable from it (it can still be the target itself);
// - a System is entered from its Tenant by containment (accessId null).
// - scope: only records in $scope.access, tenants in $scope.entities.
// Params: $ids (frontier entity ids), $asOf (DateTime).
// Returns one row per step: from, to, accessId, privileged, approved, justified (its gaps), and the entity
// stepped back to (fromKind, fromPrivilegedRole, fromTenantId).
UNWIND $ids AS id
MATCH (m:Entity {id: id})
WHERE $scope.all OR m.id IN $scope.entities
CALL (m) {
  MATCH (n:Entity)-[r:ACCESS]->(m)
  WHERE r.stagedBy IS NULL AND r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf)
    AND NOT (n:Identity AND n.enabled = false)
    AND ($scope.all OR r.id IN $scope.access)
  RETURN n, r.id AS accessId, r.privileged AS privileged,
         r.approvedBy IS NOT NULL AS approved, coalesce(trim(r.justification), '') <> '' AS justified
  UNION ALL
  MATCH (n:Tenant)-[c:CONTAINS]->(m:System)
  WHERE c.stagedBy IS NULL AND ($scope.all OR n.id IN $scope.entities)
  RETURN n, null AS accessId, false AS privileged, true AS approved, true AS justified
}
RETURN n.id AS from, id AS to, accessId, privileged, approved, justified,
       n.kind AS fromKind, (n:Role AND n.privileged = true) AS fromPrivilegedRole, n.tenantId AS fromTenantId
