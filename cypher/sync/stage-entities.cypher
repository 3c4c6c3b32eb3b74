// Stages the entities a whole-source sync creates: each as a node labelled
// :StagedEntity only (not :Entity, not its kind label), so no reader query,
// index or full-text index sees it until publish-entities relabels it. It
// carries what ingest/upsert-entities would store on create: the defaults,
// then the given fields (nulls dropped), kind, createdAt, updatedAt, source,
// and stagedBy = the sync's id.
// Params: $rows (list of {id, kind, props, at}: props holds the defaults and
// the given fields but the instants, at the instants as epoch
// milliseconds), $now, $source, $syncId. Returns staged (a count).
UNWIND $rows AS row
CREATE (n:StagedEntity)
SET n = row.props, n.id = row.id, n.kind = row.kind, n.createdAt = $now, n.updatedAt = $now,
    n.source = $source, n.stagedBy = $syncId
FOREACH (field IN keys(row.at) | SET n[field] = datetime({epochMillis: row.at[field]}))
RETURN count(n) AS staged
