// The access records a contract termination revokes: every record into the
// tenant itself or into one of its systems (whatever its kind or origin),
// and every HAS_ROLE record into a Role of the tenant (its roles mean nothing
// once the contract ends), not revoked by $at. Records revoked later than $at
// are brought forward; records granted after $at are revoked at their grant.
// Params: $tenantId, $at (DateTime). Returns id, fromId, toId, grantedAt, revokedAt, ordered by id.
MATCH (t:Entity:Tenant {id: $tenantId})
CALL (t) {
  MATCH (a:Entity)-[r:ACCESS]->(t)
  RETURN a, r, t AS b
  UNION
  MATCH (t)-[c:CONTAINS]->(b:System)<-[r:ACCESS]-(a:Entity)
  WHERE c.stagedBy IS NULL
  RETURN a, r, b
  UNION
  MATCH (a:Entity)-[r:ACCESS {kind: 'HAS_ROLE'}]->(b:Role {tenantId: t.id})
  RETURN a, r, b
}
WITH a, r, b
WHERE r.stagedBy IS NULL AND (r.revokedAt IS NULL OR r.revokedAt > $at)
RETURN r.id AS id, a.id AS fromId, b.id AS toId, r.grantedAt AS grantedAt, r.revokedAt AS revokedAt
ORDER BY id
