// Access records by id, for the per-request access DataLoader.
// Params: $ids. Returns access: the record's properties plus fromId and toId.
// The unique constraint on ACCESS.id makes each lookup a relationship index seek.
UNWIND $ids AS id
MATCH (a:Entity)-[r:ACCESS {id: id}]->(b:Entity)
RETURN r {.*, fromId: a.id, toId: b.id} AS access
