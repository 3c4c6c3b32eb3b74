// Renews the sync lease of a running whole-source sync for $leaseMs more
// (ingest/sync-lease.ts), only if it still holds it: no row back means the
// lease lapsed and was taken over or released, and the sync must stop.
// Params: $syncId, $leaseMs. Returns expiresAt (no row: the lease is lost).
MATCH (g:GraphState {id: 'graph'})
WHERE g.syncLeaseId = $syncId
SET g.syncLeaseExpiresAt = datetime.realtime() + duration({milliseconds: $leaseMs})
RETURN g.syncLeaseExpiresAt AS expiresAt
