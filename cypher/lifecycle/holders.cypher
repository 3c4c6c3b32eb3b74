// Who would hold access granted from an entity at $at, for separation of
// duties (an approver or certifier may not approve or certify access they
// would hold themselves): the entity itself when it is a Person; for an
// Identity, the people who use it (a present USES record, directly or through
// a Team they are a present member of, as domain.md's "uses"); for a Team,
// its present members. Present = granted by $at and not revoked by $at.
// Params: $fromId, $at (DateTime). Returns personId, one row per person.
MATCH (f:Entity {id: $fromId})
OPTIONAL MATCH (direct:Person)-[u:ACCESS {kind: 'USES'}]->(f)
  WHERE u.stagedBy IS NULL AND u.grantedAt <= $at AND (u.revokedAt IS NULL OR u.revokedAt > $at)
WITH f, collect(direct.id) AS direct
OPTIONAL MATCH (viaTeam:Person)-[m:ACCESS {kind: 'MEMBER_OF'}]->(:Team)-[tu:ACCESS {kind: 'USES'}]->(f)
  WHERE m.stagedBy IS NULL AND tu.stagedBy IS NULL AND m.grantedAt <= $at AND (m.revokedAt IS NULL OR m.revokedAt > $at)
    AND tu.grantedAt <= $at AND (tu.revokedAt IS NULL OR tu.revokedAt > $at)
WITH f, direct, collect(viaTeam.id) AS viaTeam
OPTIONAL MATCH (member:Person)-[mm:ACCESS {kind: 'MEMBER_OF'}]->(f)
  WHERE mm.stagedBy IS NULL AND mm.grantedAt <= $at AND (mm.revokedAt IS NULL OR mm.revokedAt > $at)
WITH f, direct, viaTeam, collect(member.id) AS members
UNWIND direct + viaTeam + members + CASE WHEN f:Person THEN [f.id] ELSE [] END AS personId
RETURN DISTINCT personId
ORDER BY personId
