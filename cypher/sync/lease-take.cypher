// Takes the sync lease for a whole-source sync (ingest/sync-lease.ts), in
// the transaction that just took the write lock and found no live lease of
// another sync (graph/write-lock.ts): from its commit until the lease is
// released or lapses, every other write to the access graph is refused, so
// the sync's plan stays true while it stages. The lease lasts $leaseMs from
// the database's clock; the importer renews it while it runs.
// Params: $syncId, $source, $leaseMs. Returns version (the graph version the
// sync's plan is made against: publishing refuses if it moved), expiresAt.
MATCH (g:GraphState {id: 'graph'})
SET g.syncLeaseId = $syncId, g.syncLeaseSource = $source,
    g.syncLeaseExpiresAt = datetime.realtime() + duration({milliseconds: $leaseMs})
RETURN g.version AS version, g.syncLeaseExpiresAt AS expiresAt
