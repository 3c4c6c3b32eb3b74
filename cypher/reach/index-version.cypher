// Which state of the graph the reach index holds. Every write transaction
// (ingest, bulk load) bumps GraphState.version; a wiped database loses the
// node and gets a new random epoch, so (epoch, version) never repeats.
// The provider reads this once per request: equal means the index is current.
// Returns epoch (null when nothing was ever written), version.
OPTIONAL MATCH (g:GraphState {id: 'graph'})
RETURN g.epoch AS epoch, coalesce(g.version, 0) AS version
