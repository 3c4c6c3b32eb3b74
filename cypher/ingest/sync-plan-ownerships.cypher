// What a sync of one source would remove of its owner links, without
// writing anything (the importer's dry run, and its guards before it
// writes): the links last written by $source that still stand and whose
// (owner, entity) pair is not in $keep, judged exactly as
// sync-remove-ownerships judges them (same index seek, same "stands").
// Params: $source, $keep (list of [ownerId, entityId] pairs), $now (DateTime).
// Returns links (a count).
MATCH (o:Entity)-[l:OWNS]->(e:Entity)
USING INDEX l:OWNS(source)
WHERE l.source = $source AND l.stagedBy IS NULL AND NOT [o.id, e.id] IN $keep
  AND coalesce(l.removedAt > $now AND l.removedAt > l.since, true)
RETURN count(l) AS links
