// Every owner link from one owner to one entity, removed ones included, to
// decide whether assignOwner would duplicate a standing link and which link
// removeOwner ends. Removed links are kept (removedAt set), so there can be several.
// Params: $ownerId, $entityId. Returns link (all properties), oldest first.
MATCH (:Entity {id: $ownerId})-[l:OWNS]->(:Entity {id: $entityId})
WHERE l.stagedBy IS NULL
RETURN l {.*} AS link
ORDER BY l.since, l.createdAt
