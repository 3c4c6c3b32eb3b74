// Publishes the entities a whole-source sync staged, in its one publishing
// transaction: each :StagedEntity of $syncId becomes an :Entity with its
// kind label (from $labels, the vocabulary's KIND_LABEL; a dynamic label,
// Cypher 5.26 `$(...)`), and loses stagedBy. Per node this is a label
// change and a property removal, a few hundred bytes of transaction state.
// Params: $syncId, $labels (map kind -> label). Returns published (a count).
MATCH (n:StagedEntity {stagedBy: $syncId})
REMOVE n:StagedEntity, n.stagedBy
SET n:Entity, n:$($labels[n.kind])
RETURN count(n) AS published
