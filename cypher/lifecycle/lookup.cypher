// What the store holds under each id a lifecycle mutation names, read inside
// the mutation's own write transaction so that its checks and its writes see
// one state (a concurrent change cannot slip between the check and the write).
// One id namespace: an id names an entity or an access record, never both.
// Params: $ids. Returns one row per id found: id, entity (all properties) or
// access (all properties plus fromId and toId); the other column is null.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (a:Entity)-[r:ACCESS {id: id}]->(b:Entity)
  WHERE r.stagedBy IS NULL
WITH id, n, a, r, b
WHERE n IS NOT NULL OR r IS NOT NULL
RETURN id, n {.*} AS entity, CASE WHEN r IS NULL THEN null ELSE r {.*, fromId: a.id, toId: b.id} END AS access
