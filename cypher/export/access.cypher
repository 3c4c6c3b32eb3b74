// A page of the access records present at $asOf, in id order, for the
// BloodHound export (src/export/opengraph.ts): granted by then and not
// revoked by then, the records traversal crosses (domain.md "Traversal");
// revoked history is left out, since every edge in BloodHound is a path an
// attacker could take now. Keyset pagination on the unique ACCESS.id (the
// empty string before the first page): a range seek on its index, read in
// the index's order, so a page costs its size and the whole export one pass.
// Params: $after (last id of the previous page, or ''), $limit, $asOf (DateTime).
// Returns access: the record's properties plus fromId and toId, in ascending id order.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
MATCH (a:Entity)-[r:ACCESS]->(b:Entity)
WHERE r.stagedBy IS NULL AND r.id > $after AND ($scope.all OR r.id IN $scope.access)
  AND r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf)
RETURN r {.*, fromId: a.id, toId: b.id} AS access
ORDER BY r.id
LIMIT $limit
