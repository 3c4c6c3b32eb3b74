// Revokes several API keys at once (offboarding, contract termination): sets
// revokedAt and revokedBy and keeps each key; a key already revoked keeps its
// first revocation.
// Params: $ids, $at (DateTime), $by. Returns id of each key found.
UNWIND $ids AS id
MATCH (k:ApiKey {id: id})
SET k.revokedAt = coalesce(k.revokedAt, $at), k.revokedBy = coalesce(k.revokedBy, $by)
RETURN k.id AS id
