// Owner links of entities, with what is needed to judge accountability at any
// instant (link since and, once removed, until; the owner's kind, status and departure), so gaps can be
// computed for several asOf values from one round trip.
// Params: $ids (owned entity ids). Returns one row per owner link.
// Scope: $scope.all, or only ids in $scope.entities / $scope.access (the viewer's scope; out-of-scope ids behave as absent).
UNWIND $ids AS id
MATCH (o:Entity)-[l:OWNS]->(e:Entity {id: id})
WHERE l.stagedBy IS NULL AND ($scope.all OR (e.id IN $scope.entities AND o.id IN $scope.entities))
RETURN id AS entityId, o.id AS ownerId, o.kind AS ownerKind, l.role AS role, l.since AS since, l.removedAt AS until,
       o.status AS ownerStatus, o.departedAt AS ownerDepartedAt
ORDER BY entityId, ownerId
