// Marks that the graph changed, in the same transaction as the change, so
// every API process can tell whether its reach index is current (see
// reach/index-version.cypher). The MERGE also serializes writers on this one
// node, which gives each committed write its own version number.
// Returns epoch, version (after this write).
MERGE (g:GraphState {id: 'graph'})
ON CREATE SET g.epoch = randomUUID(), g.version = 0
SET g.version = g.version + 1
RETURN g.epoch AS epoch, g.version AS version
