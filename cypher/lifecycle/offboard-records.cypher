// The access records offboarding revokes: every MEMBER_OF and USES record
// from the person not revoked by $at (those are the only kinds a Person can
// hold; records revoked later than $at are brought forward, and records
// granted after $at are revoked at their grant so they never start).
// Params: $personId, $at (DateTime). Returns id, fromId, toId, grantedAt, revokedAt, ordered by id.
MATCH (p:Entity:Person {id: $personId})-[r:ACCESS]->(b:Entity)
WHERE r.stagedBy IS NULL AND r.kind IN ['MEMBER_OF', 'USES'] AND (r.revokedAt IS NULL OR r.revokedAt > $at)
RETURN r.id AS id, p.id AS fromId, b.id AS toId, r.grantedAt AS grantedAt, r.revokedAt AS revokedAt
ORDER BY id
