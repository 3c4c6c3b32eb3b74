// The second half of an ingest batch's lookup (ingest/service.ts `lookup`),
// asked only for the ids that name no entity (one id namespace: an id names
// an entity or an access record, never both): which name a stored access
// record, with its fixed kind and endpoints and its grant and revocation
// instants (a partial update must not leave a record revoked before it was
// granted). One seek per id through the ACCESS.id constraint's index; staged
// records of a sync are not stored yet.
// Params: $ids. Returns a row for each id found: id, accessKind, fromId,
// toId, grantedAt and revokedAt (epoch milliseconds or null).
UNWIND $ids AS id
MATCH (a:Entity)-[r:ACCESS {id: id}]->(b:Entity)
WHERE r.stagedBy IS NULL
RETURN id, r.kind AS accessKind, a.id AS fromId, b.id AS toId,
       r.grantedAt.epochMillis AS grantedAt, r.revokedAt.epochMillis AS revokedAt
