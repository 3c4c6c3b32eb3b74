// Staged: creates staged ACCESS relationships (stagedBy = the sync's id), which readers ignore until publish-relationships.
// Stages the access records a whole-source sync creates, as
// ingest/create-access creates them (the same columnar parameters, the
// properties inline), with stagedBy = the sync's id. Each end is stored
// (:Entity) or staged by this same sync, found by id either way. The
// unique constraint on ACCESS.id covers staged records too.
// Params: as ingest/create-access ($id, $kind, $from, $to, ... lists; the
// instants as epoch milliseconds), $now, $source, $syncId.
// Returns staged (a count).
UNWIND range(0, size($id) - 1) AS i
OPTIONAL MATCH (storedFrom:Entity {id: $from[i]})
OPTIONAL MATCH (stagedFrom:StagedEntity {id: $from[i]})
OPTIONAL MATCH (storedTo:Entity {id: $to[i]})
OPTIONAL MATCH (stagedTo:StagedEntity {id: $to[i]})
WITH i, coalesce(storedFrom, stagedFrom) AS a, coalesce(storedTo, stagedTo) AS b
CREATE (a)-[r:ACCESS {
  id: $id[i], kind: $kind[i], privileged: $privileged[i], justification: $justification[i],
  requestedBy: $requestedBy[i], approvedBy: $approvedBy[i], certifiedBy: $certifiedBy[i],
  approvedAt: CASE WHEN $approvedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $approvedAt[i]}) END,
  grantedAt: CASE WHEN $grantedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $grantedAt[i]}) END,
  expiresAt: CASE WHEN $expiresAt[i] IS NULL THEN null ELSE datetime({epochMillis: $expiresAt[i]}) END,
  lastCertifiedAt: CASE WHEN $lastCertifiedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $lastCertifiedAt[i]}) END,
  revokedAt: CASE WHEN $revokedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $revokedAt[i]}) END,
  lastUsedAt: CASE WHEN $lastUsedAt[i] IS NULL THEN null ELSE datetime({epochMillis: $lastUsedAt[i]}) END,
  createdAt: $now, updatedAt: $now, source: $source, stagedBy: $syncId
}]->(b)
RETURN count(r) AS staged
