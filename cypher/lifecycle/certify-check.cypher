// Whether $personId may certify an access record as an owner: the record is
// in the caller's scope, and the person owns its from or its to entity
// through one owner link that stands from $at (the certification's instant)
// to $now (the real time of the request). An OWNER's eligibility is judged at
// the real time: a removed owner cannot backdate a certification to a time
// they still owned the entity, and `at` can only make the check stricter.
// Run first as the OWNER who asks, so a record outside their scope reads
// exactly like one that does not exist, and again inside the write
// transaction to close the gap between the two.
// Params: $id, $personId, $at, $now (DateTime, $at <= $now). Returns id, owns
// (boolean); no row when the record is missing or out of scope.
MATCH (a:Entity)-[r:ACCESS {id: $id}]->(b:Entity)
WHERE r.stagedBy IS NULL AND ($scope.all OR r.id IN $scope.access)
OPTIONAL MATCH (:Entity:Person {id: $personId})-[l:OWNS]->(owned:Entity)
  WHERE l.stagedBy IS NULL AND (owned = a OR owned = b) AND l.since <= $at AND (l.removedAt IS NULL OR l.removedAt > $now)
RETURN r.id AS id, count(l) > 0 AS owns
