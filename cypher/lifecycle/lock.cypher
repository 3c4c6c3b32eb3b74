// Serializes lifecycle changes: the first statement of each takes the write
// lock of the one GraphState node (which every write bumps at its end
// anyway), so a change's checks see every change committed before it and no
// other write can commit between its checks and its writes (two callers
// revoking one record: the second is refused as already revoked, not
// revoked twice). Writing a fresh value makes sure the lock is taken.
// Params: none. Returns version (the graph version before this change).
MERGE (g:GraphState {id: 'graph'})
ON CREATE SET g.epoch = randomUUID(), g.version = 0
SET g.lifecycleLock = randomUUID()
RETURN g.version AS version
