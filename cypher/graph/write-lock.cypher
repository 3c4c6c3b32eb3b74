// Serializes every write to the access graph (ingest batches and lifecycle
// changes): the first statement of each takes the write lock of the one
// GraphState node, which every write bumps at its end anyway. So a write's
// checks see every write committed before it, no other write can commit
// between its checks and its writes (two callers revoking one record: the
// second is refused as already revoked, not revoked twice), and two writes
// never deadlock: each takes this lock before any other, where an ingest
// that locked its records first and the version last would wait on a change
// holding the version while that change waits on the ingest's records.
// Writing a fresh value makes sure the lock is taken.
// Params: none. Returns version (the graph version before this write).
MERGE (g:GraphState {id: 'graph'})
ON CREATE SET g.epoch = randomUUID(), g.version = 0
SET g.writeLock = randomUUID()
RETURN g.version AS version
