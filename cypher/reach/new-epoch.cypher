// Gives a restored database a new epoch (see reach/index-version.cypher).
// Params: none. Returns epoch (no row when nothing was ever written).
// Why: a restore may put back an older state under the same epoch and a
// lower version; an API process whose reach index holds the newer version
// would take its index for current and answer from access that no longer
// exists in the system of record. A new epoch makes every process reload.
MATCH (g:GraphState {id: 'graph'})
SET g.epoch = randomUUID()
RETURN g.epoch AS epoch
