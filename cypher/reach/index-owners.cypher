// Every owner link, held with the reach index so that gaps (on entities, on
// path steps, in the accountability report) need no round trip. The owner's
// status is not copied here: it is read from the owner's own row, so a
// departure recorded later is seen at once.
// A removed link is kept (removedAt set: nothing an audit may need is deleted) and counts until then.
// Returns entityId, ownerId, role, since, until (removedAt or null), ordered by entity then owner; the
// instants as epoch milliseconds (the driver's DateTime decoding would cost more than the rest of the row).
// Scan: loading the reach index reads every owner link once, by design (then it is patched by entity id).
MATCH (o:Entity)-[l:OWNS]->(e:Entity)
WHERE l.stagedBy IS NULL
RETURN e.id AS entityId, o.id AS ownerId, l.role AS role, l.since.epochMillis AS since, l.removedAt.epochMillis AS until
ORDER BY entityId, ownerId
