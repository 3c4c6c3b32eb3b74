// What the store holds under each id an ingest batch declares or refers to,
// so the whole batch can be validated before anything is written (one id
// namespace: an id may name an entity or an access record, never both).
// Params: $ids. Returns a row for each id found (none for a new id): id,
// kind (entity kind or null), tenantId, and for an access record its
// accessKind, fromId, toId, grantedAt and revokedAt (a partial update must
// not leave a record revoked before it was granted).
UNWIND $ids AS id
CALL {
  WITH id
  MATCH (n:Entity {id: id})
  RETURN n.kind AS kind, n.tenantId AS tenantId, null AS accessKind, null AS fromId, null AS toId, null AS grantedAt, null AS revokedAt
  UNION ALL
  WITH id
  MATCH (a:Entity)-[r:ACCESS {id: id}]->(b:Entity)
  WHERE r.stagedBy IS NULL
  RETURN null AS kind, null AS tenantId, r.kind AS accessKind, a.id AS fromId, b.id AS toId, r.grantedAt AS grantedAt, r.revokedAt AS revokedAt
}
RETURN id, kind, tenantId, accessKind, fromId, toId, grantedAt, revokedAt
