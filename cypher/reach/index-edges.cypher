// Every access record, with what the reach index needs: endpoints, validity
// interval as epoch milliseconds (cheap to stream and compare, unlike
// DateTime values), and the flags traversal and the accountability report
// use. Streamed once when an API process loads its index.
// Also the facts the findings check per record (kind, expiry, last certification, last use,
// approver), so findings need no second pass over a million records.
// Returns id, from, to, kind, grantedAt, revokedAt, privileged, approved, justified,
// expiresAt, lastCertifiedAt, lastUsedAt (epoch ms or null), approvedBy, requestedBy, certifiedBy
// (person ids or null: who a narrowed viewer may also see, auth/scope.ts), in this order:
// the load reads them by position (provider.ts EDGE_COLUMNS, checked against the names).
// Scan: loading the reach index reads every access record once, by design (then it is patched by id).
MATCH (a:Entity)-[r:ACCESS]->(b:Entity)
WHERE r.stagedBy IS NULL
RETURN r.id AS id, a.id AS from, b.id AS to, r.kind AS kind,
       r.grantedAt.epochMillis AS grantedAt, r.revokedAt.epochMillis AS revokedAt,
       r.privileged = true AS privileged, r.approvedBy IS NOT NULL AS approved,
       coalesce(trim(r.justification), '') <> '' AS justified,
       r.expiresAt.epochMillis AS expiresAt, r.lastCertifiedAt.epochMillis AS lastCertifiedAt,
       r.lastUsedAt.epochMillis AS lastUsedAt, r.approvedBy AS approvedBy,
       r.requestedBy AS requestedBy, r.certifiedBy AS certifiedBy
