// Every access record, with what the reach index needs: endpoints, validity
// interval as epoch milliseconds (cheap to stream and compare, unlike
// DateTime values), and the flags traversal and the accountability report
// use. Streamed once when an API process loads its index.
// Returns id, from, to, grantedAt, revokedAt, privileged, approved, justified.
MATCH (a:Entity)-[r:ACCESS]->(b:Entity)
RETURN r.id AS id, a.id AS from, b.id AS to,
       r.grantedAt.epochMillis AS grantedAt, r.revokedAt.epochMillis AS revokedAt,
       r.privileged = true AS privileged, r.approvedBy IS NOT NULL AS approved,
       coalesce(trim(r.justification), '') <> '' AS justified
