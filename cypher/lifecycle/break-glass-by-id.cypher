// One break-glass use by id (through its unique constraint), to check a
// review against it inside the review's transaction.
// Params: $id. Returns use (all properties), or no row.
MATCH (u:BreakGlassUse {id: $id})
RETURN u {.*} AS use
