// Creates an owner link. A new relationship even when an earlier link
// between the same two was removed: the removed one keeps who removed it and
// when, for the audit. assignOwner checked in this transaction that no link stands.
// $source marks the link as made through the API, so no source sync removes it as missing.
// Params: $ownerId, $entityId, $role, $since (DateTime), $by (the caller), $source, $now.
// Returns link (all properties).
MATCH (o:Entity {id: $ownerId})
MATCH (e:Entity {id: $entityId})
CREATE (o)-[l:OWNS {role: $role, since: $since, assignedBy: $by, source: $source, createdAt: $now, updatedAt: $now}]->(e)
RETURN l {.*} AS link
