// Every owner link, held with the reach index so that gaps (on entities, on
// path steps, in the accountability report) need no round trip. The owner's
// status is not copied here: it is read from the owner's own row, so a
// departure recorded later is seen at once.
// Returns entityId, ownerId, role, since, ordered by entity then owner.
MATCH (o:Entity)-[l:OWNS]->(e:Entity)
RETURN e.id AS entityId, o.id AS ownerId, l.role AS role, l.since AS since
ORDER BY entityId, ownerId
