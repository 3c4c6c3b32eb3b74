// What the store holds under each id an ingest batch declares or refers to,
// so the whole batch can be validated before anything is written (one id
// namespace: an id may name an entity or an access record, never both).
// Params: $ids. Returns id, kind (entity kind or null), tenantId, and for an
// access record its accessKind, fromId, toId, grantedAt and revokedAt (a
// partial update must not leave a record revoked before it was granted).
// One row per id.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (a:Entity)-[r:ACCESS {id: id}]->(b:Entity)
RETURN id, n.kind AS kind, n.tenantId AS tenantId, r.kind AS accessKind, a.id AS fromId, b.id AS toId,
       r.grantedAt AS grantedAt, r.revokedAt AS revokedAt
