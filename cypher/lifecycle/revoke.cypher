// Revokes access records: sets revokedAt, revokedBy and revokeReason and
// keeps the record, so the past can still be replayed and audited (nothing
// is deleted). Each row's instant was decided by the checks that ran in this
// transaction (never before the record's grantedAt).
// Params: $rows (list of {id, at: DateTime}), $by (the caller), $reason, $now.
// Returns id, one row per record revoked.
UNWIND $rows AS row
MATCH ()-[r:ACCESS {id: row.id}]->()
WHERE r.stagedBy IS NULL
SET r.revokedAt = row.at, r.revokedBy = $by, r.revokeReason = $reason, r.updatedAt = $now
RETURN r.id AS id
