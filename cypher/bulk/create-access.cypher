// Bulk path: creates one batch of access records (:ACCESS) in an empty
// database: the bulk of every benchmark graph, so it is shaped for throughput.
// - Columnar parameters: one list per field ($id[i], $from[i], ...), so the
//   driver packs each value once instead of a map (and its 16 keys) per row;
//   instants are indexes into $times, the batch's distinct DateTimes, so each
//   is packed once however many records share it.
// - CREATE with the properties inline (a null value stores nothing, as
//   ingest's create does), not MERGE and not `SET r = map` (which makes the
//   planner add an Eager over the whole batch); the unique constraint on
//   ACCESS.id still refuses a duplicate id.
// - Two index seeks on Entity.id per row; tens of thousands of rows per
//   transaction. The cost that remains is the store's: about ten property
//   records per access record (each DateTime takes most of one).
// The properties are exactly those ingest stores (ingest/create-access.cypher):
// id, kind, privileged (default false), justification, requestedBy,
// approvedBy, approvedAt, grantedAt (default: the load time), expiresAt,
// lastCertifiedAt, certifiedBy, revokedAt, lastUsedAt, createdAt, updatedAt,
// source; src/bench/bulk.ts fills the defaults and test/generate.test.ts
// compares every stored property with ingest's.
// Params: $id, $kind, $from, $to, $privileged, $justification, $requestedBy,
// $approvedBy, $certifiedBy (lists of values), $approvedAt, $grantedAt,
// $expiresAt, $lastCertifiedAt, $revokedAt, $lastUsedAt (lists of indexes
// into $times, or null), $times, $now, $source.
// Returns created (checked by the caller: a row whose endpoint is missing
// would otherwise vanish silently).
UNWIND range(0, size($id) - 1) AS i
MATCH (a:Entity {id: $from[i]})
MATCH (b:Entity {id: $to[i]})
CREATE (a)-[:ACCESS {
  id: $id[i], kind: $kind[i], privileged: $privileged[i], justification: $justification[i],
  requestedBy: $requestedBy[i], approvedBy: $approvedBy[i], approvedAt: $times[$approvedAt[i]],
  grantedAt: $times[$grantedAt[i]], expiresAt: $times[$expiresAt[i]],
  lastCertifiedAt: $times[$lastCertifiedAt[i]], certifiedBy: $certifiedBy[i],
  revokedAt: $times[$revokedAt[i]], lastUsedAt: $times[$lastUsedAt[i]],
  createdAt: $now, updatedAt: $now, source: $source
}]->(b)
RETURN count(*) AS created
