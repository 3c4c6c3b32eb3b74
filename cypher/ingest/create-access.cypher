// Creates the access records of a batch that validation found new, as
// :ACCESS relationships between their entities. Validation ran in this same
// transaction and the unique constraint on ACCESS.id guards against a
// concurrent writer, so CREATE is safe, and it avoids MERGE's scan of the
// relationships already between the two entities (pooled tools have
// thousands).
// - Columnar parameters, one list per field ($id[i], $from[i], ...): the
//   driver packs each value once instead of a map and its keys per record,
//   and the properties are written inline in the CREATE (a null stores
//   nothing), not by `SET r = map` and a FOREACH per instant, which made the
//   planner buffer the batch three times (Eager). Measured on 5,000 records
//   into the medium graph: 208 ms against 326 (median of 9).
// - Instants as epoch milliseconds, made DateTimes here.
// - It returns only what the caller cannot know without Cypher: whether the
//   justification is blank by Cypher's trim() (the reach index's rule,
//   reach/index-edges.cypher); ingest/service.ts builds the rest of each
//   record's index columns from the values it sent, by `i`.
// The properties are those of ACCESS_SPEC (src/ingest/records.ts) with id,
// kind, createdAt, updatedAt and source, as bulk/create-access.cypher
// stores them; ingest/service.ts fills the defaults (privileged false,
// grantedAt the ingest time).
// A dead sync's staged records under the same ids were deleted just before
// (ingest/delete-staged-leftovers.cypher).
// Params: $id, $kind, $from, $to, $privileged, $justification, $requestedBy,
// $approvedBy, $certifiedBy (lists of values or nulls), $approvedAt,
// $grantedAt, $expiresAt, $lastCertifiedAt, $revokedAt, $lastUsedAt (lists
// of epoch milliseconds or nulls), $now, $source.
// Returns i, justified (one row per record created).
UNWIND range(0, size($id) - 1) AS i
MATCH (a:Entity {id: $from[i]})
MATCH (b:Entity {id: $to[i]})
CREATE (a)-[r:ACCESS {
  id: $id[i], kind: $kind[i], privileged: $privileged[i], justification: $justification[i],
  requestedBy: $requestedBy[i], approvedBy: $approvedBy[i], certifiedBy: $certifiedBy[i],
  approvedAt: CASE WHEN $approvedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $approvedAt[i]}) END,
  grantedAt: CASE WHEN $grantedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $grantedAt[i]}) END,
  expiresAt: CASE WHEN $expiresAt[i] IS NULL THEN null ELSE datetime({epochMillis: $expiresAt[i]}) END,
  lastCertifiedAt: CASE WHEN $lastCertifiedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $lastCertifiedAt[i]}) END,
  revokedAt: CASE WHEN $revokedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $revokedAt[i]}) END,
  lastUsedAt: CASE WHEN $lastUsedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $lastUsedAt[i]}) END,
  createdAt: $now, updatedAt: $now, source: $source
}]->(b)
RETURN i, coalesce(trim(r.justification), '') <> '' AS justified
