// Serializes every write to the access graph (ingest batches, lifecycle
// changes, the publishing transaction of a whole-source sync): the first
// statement of each takes the write lock of the one GraphState node, which
// every write bumps at its end anyway. So a write's checks see every write
// committed before it, no other write can commit between its checks and its
// writes (two callers revoking one record: the second is refused as already
// revoked, not revoked twice), and two writes never deadlock: each takes this
// lock before any other, where an ingest that locked its records first and
// the version last would wait on a change holding the version while that
// change waits on the ingest's records.
// Writing a fresh value makes sure the lock is taken.
// It also returns the sync lease (ingest/sync-lease.ts) if one is live: a
// whole-source sync staging its new state; every write but that sync's own
// is then refused (graph/write-lock.ts). Live = its expiry is later than the
// database's clock now (realtime: a write that waited on the lock judges the
// lease as it is when it gets the lock, not when it started).
// Params: none. Returns epoch and version (the graph version before this write), and
// leaseId, leaseSource, leaseExpiresAt (null when no lease is live).
MERGE (g:GraphState {id: 'graph'})
ON CREATE SET g.epoch = randomUUID(), g.version = 0
SET g.writeLock = randomUUID()
WITH g, coalesce(g.syncLeaseExpiresAt > datetime.realtime(), false) AS live
RETURN g.epoch AS epoch, g.version AS version,
       CASE WHEN live THEN g.syncLeaseId END AS leaseId,
       CASE WHEN live THEN g.syncLeaseSource END AS leaseSource,
       CASE WHEN live THEN g.syncLeaseExpiresAt END AS leaseExpiresAt
