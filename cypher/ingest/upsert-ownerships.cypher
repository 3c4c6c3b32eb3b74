// Upserts owner links, one standing link per (owner, entity) pair. A removed
// link (removedAt set, by removeOwner or a sync) is history and is never
// revived: naming the pair again records a new link beside it. `since`
// defaults to the time the link was first recorded, like grantedAt on access
// records. FOREACH over a zero-or-one list chooses between create and update
// row by row, without a subquery per row.
// Params: $rows (list of {ownerId, entityId, props, defaults}), $now, $source.
// Returns ownerId, entityId and standing (whether a standing link was updated
// rather than a new one created) for every row: the batch's counts.
UNWIND $rows AS row
MATCH (o:Entity {id: row.ownerId})
MATCH (e:Entity {id: row.entityId})
OPTIONAL MATCH (o)-[standing:OWNS]->(e)
WHERE standing.removedAt IS NULL AND standing.stagedBy IS NULL
WITH o, e, row, head(collect(standing)) AS link
FOREACH (_ IN CASE WHEN link IS NULL THEN [1] ELSE [] END |
  CREATE (o)-[l:OWNS]->(e)
  SET l += row.defaults, l.since = coalesce(row.props.since, $now), l.createdAt = $now,
      l += row.props, l.updatedAt = $now, l.source = $source)
FOREACH (_ IN CASE WHEN link IS NULL THEN [] ELSE [1] END |
  SET link += row.props, link.updatedAt = $now, link.source = coalesce($source, link.source))
RETURN row.ownerId AS ownerId, row.entityId AS entityId, link IS NOT NULL AS standing
