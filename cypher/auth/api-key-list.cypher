// Every API key, newest first, for administrators (never the hash).
// Params: $includeRevoked. Returns key.
// Scan: an administrator lists every API key; keys are few (people and integrations, not records).
MATCH (k:ApiKey)
WHERE $includeRevoked OR k.revokedAt IS NULL
RETURN k {.*, hash: null} AS key
ORDER BY k.createdAt DESC, k.id
