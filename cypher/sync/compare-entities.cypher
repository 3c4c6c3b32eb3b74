// What is stored of each entity a whole-source sync lists, every property,
// so the plan can tell a changed record from an unchanged one (an unchanged
// one is not written at all). Reads :Entity only: staged nodes are not stored state.
// Params: $ids. Returns id, props of each id found.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, n {.*} AS props
