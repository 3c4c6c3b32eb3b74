// Revokes an API key: sets revokedAt and revokedBy and keeps the key, so
// that audits can still name the credential behind past requests.
// Revoking a revoked key changes nothing (it keeps the first revocation).
// Params: $id, $at (DateTime), $by. Returns key (without hash), or no row when no key has the id.
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, $at), k.revokedBy = coalesce(k.revokedBy, $by)
RETURN k {.*, hash: null} AS key
