// How many entities (optionally of one kind) exist: the totalCount of `entities`.
// Params: $kind (EntityKind or null). Returns total.
MATCH (n:Entity)
WHERE $kind IS NULL OR n.kind = $kind
RETURN count(n) AS total
