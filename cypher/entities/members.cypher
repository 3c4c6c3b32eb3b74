// Members of teams at an instant: people with a MEMBER_OF record present at
// $asOf (granted by then and not revoked by then).
// Params: $ids (team ids), $asOf (DateTime). Returns teamId, person, ordered by person id.
UNWIND $ids AS id
MATCH (p:Person)-[r:ACCESS {kind: 'MEMBER_OF'}]->(:Team {id: id})
WHERE r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf)
RETURN DISTINCT id AS teamId, p {.*} AS person
ORDER BY teamId, person.id
