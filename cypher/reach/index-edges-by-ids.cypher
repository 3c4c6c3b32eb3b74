// The access records one write touched, read back inside that write's
// transaction for the reach index. Params: $ids. Same columns as index-edges.cypher.
UNWIND $ids AS id
MATCH (a:Entity)-[r:ACCESS {id: id}]->(b:Entity)
WHERE r.stagedBy IS NULL
RETURN r.id AS id, a.id AS from, b.id AS to, r.kind AS kind,
       r.grantedAt.epochMillis AS grantedAt, r.revokedAt.epochMillis AS revokedAt,
       r.privileged = true AS privileged, r.approvedBy IS NOT NULL AS approved,
       coalesce(trim(r.justification), '') <> '' AS justified,
       r.expiresAt.epochMillis AS expiresAt, r.lastCertifiedAt.epochMillis AS lastCertifiedAt,
       r.lastUsedAt.epochMillis AS lastUsedAt, r.approvedBy AS approvedBy,
       r.requestedBy AS requestedBy, r.certifiedBy AS certifiedBy
