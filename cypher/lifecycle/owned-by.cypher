// The entities a person owns at $at (an owner link from them present then),
// each with every owner link it has, so offboarding can tell which ones no
// ACTIVE person will own once the person is gone (accountability/gaps.ts
// judges the links, as for every other gap).
// Params: $personId, $at (DateTime). Returns entityId, kind, role (the
// person's owner role), links (list of owner links as entities/owners.cypher
// returns them), ordered by entityId.
MATCH (:Entity:Person {id: $personId})-[l:OWNS]->(e:Entity)
WHERE l.stagedBy IS NULL AND l.since <= $at AND (l.removedAt IS NULL OR l.removedAt > $at)
WITH e, min(l.role) AS role
MATCH (o:Entity)-[k:OWNS]->(e)
WHERE k.stagedBy IS NULL
RETURN e.id AS entityId, e.kind AS kind, role,
       collect({entityId: e.id, ownerId: o.id, ownerKind: o.kind, role: k.role, since: k.since, until: k.removedAt,
                ownerStatus: o.status, ownerDepartedAt: o.departedAt}) AS links
ORDER BY entityId
