// Updates access records that already exist: found by id through the unique
// constraint's index. Kind and endpoints are fixed once recorded (validation
// refuses a change: a record is never moved or deleted, only revoked), so
// only the given fields change; a null clears one. Returns each record as
// the reach index reads it (no second read for the index).
// Params: $rows (list of {id, props, at}: the given fields, instants apart
// as epoch milliseconds or null), $now, $source. Same columns as reach/index-edges.cypher.
UNWIND $rows AS row
MATCH (a:Entity)-[r:ACCESS {id: row.id}]->(b:Entity)
WHERE r.stagedBy IS NULL
SET r += row.props, r.updatedAt = $now, r.source = coalesce($source, r.source)
FOREACH (field IN keys(row.at) | SET r[field] = CASE WHEN row.at[field] IS NULL THEN null ELSE datetime({epochMillis: row.at[field]}) END)
RETURN r.id AS id, a.id AS from, b.id AS to, r.kind AS kind,
       r.grantedAt.epochMillis AS grantedAt, r.revokedAt.epochMillis AS revokedAt,
       r.privileged = true AS privileged, r.approvedBy IS NOT NULL AS approved,
       coalesce(trim(r.justification), '') <> '' AS justified,
       r.expiresAt.epochMillis AS expiresAt, r.lastCertifiedAt.epochMillis AS lastCertifiedAt,
       r.lastUsedAt.epochMillis AS lastUsedAt, r.approvedBy AS approvedBy,
       r.requestedBy AS requestedBy, r.certifiedBy AS certifiedBy
