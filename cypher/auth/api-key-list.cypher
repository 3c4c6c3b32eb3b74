// Every API key, newest first, for administrators (never the hash).
// Params: $includeRevoked. Returns key.
MATCH (k:ApiKey)
WHERE $includeRevoked OR k.revokedAt IS NULL
RETURN k {.*, hash: null} AS key
ORDER BY k.createdAt DESC, k.id
