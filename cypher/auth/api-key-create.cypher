// Stores a new API key for a machine client. Only the SHA-256 of its secret
// is stored: the token is shown once, at creation, and cannot be recovered.
// Params: $id, $name, $role, $personId, $tenantId, $sources (INGEST: list of
// sources it may write, or null for any), $hash, $createdAt, $createdBy,
// $expiresAt (DateTime or null).
// Returns key (the stored properties, without hash).
CREATE (k:ApiKey {
  id: $id, name: $name, role: $role, personId: $personId, tenantId: $tenantId, sources: $sources, hash: $hash,
  createdAt: $createdAt, createdBy: $createdBy, expiresAt: $expiresAt
})
RETURN k {.*, hash: null} AS key
