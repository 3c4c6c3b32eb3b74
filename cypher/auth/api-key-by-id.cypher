// One API key with its hash, to verify a presented token (before any viewer
// exists, so it runs as the system and takes no $scope).
// Params: $id. Returns key (all stored properties, hash included).
MATCH (k:ApiKey {id: $id})
RETURN k {.*} AS key
