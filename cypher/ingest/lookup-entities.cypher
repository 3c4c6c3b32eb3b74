// The first half of an ingest batch's lookup (ingest/service.ts `lookup`):
// which of the ids the batch declares or refers to name a stored entity, and
// its kind and tenant, so the whole batch can be validated before anything
// is written. One seek per id through the Entity.id constraint's index.
// Params: $ids. Returns a row for each id found (none for the others): id,
// kind, tenantId.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, n.kind AS kind, n.tenantId AS tenantId
