// Whether the database holds anything at all: the bulk path (src/bench/bulk.ts)
// CREATEs without looking up what exists, so it refuses any database that is
// not empty rather than duplicating or colliding with stored records. Any
// node counts, the GraphState version node included: the load's final version
// bump must start a new epoch (see reach/index-version.cypher).
// Params: none. Returns one row: empty (boolean). Stops at the first node found.
// Scan: any node at all answers the question, and the scan stops at the first one (LIMIT 1).
OPTIONAL MATCH (n)
WITH n LIMIT 1
RETURN n IS NULL AS empty
