// Entities by id, for the per-request entity DataLoader: one round trip for
// every entity a response mentions (path steps, owners, tenants...).
// Params: $ids (list of ids). Returns one row per id found: entity (all properties).
// Missing ids return no row; the loader answers null for them.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n {.*} AS entity
