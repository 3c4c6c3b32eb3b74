// What is stored of each access record a whole-source sync lists, every
// property, so the plan can tell a changed record from an unchanged one.
// Staged records (of a dead sync, purged before staging) are not stored state.
// Params: $ids. Returns id, props of each id found.
UNWIND $ids AS id
MATCH (:Entity)-[r:ACCESS {id: id}]->(:Entity)
WHERE r.stagedBy IS NULL
RETURN id, r {.*} AS props
