// Every step of the graph present at $asOf, for the unaccountable-paths
// report, which needs reach from and to every gap: loading the present graph
// once and traversing it in memory costs one scan, where a query per gap
// would cost a round trip per gap per level.
// Same presence rules as reach/expand-out.cypher: granted by $asOf, not
// revoked by $asOf, never leaving a disabled Identity; plus containment.
// Params: $asOf (DateTime). Returns from, to, accessId, privileged, approvedBy, justification.
MATCH (a:Entity)-[r:ACCESS]->(b:Entity)
WHERE r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf)
  AND NOT (a:Identity AND a.enabled = false)
RETURN a.id AS from, b.id AS to, r.id AS accessId, r.privileged AS privileged,
       r.approvedBy AS approvedBy, r.justification AS justification
UNION ALL
MATCH (t:Tenant)-[:CONTAINS]->(s:System)
RETURN t.id AS from, s.id AS to, null AS accessId, false AS privileged, null AS approvedBy, null AS justification
