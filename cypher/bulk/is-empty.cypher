// Whether the database holds anything at all. The bulk path (src/bench/bulk.ts)
// CREATEs without looking up what exists, so it refuses any database that is
// not empty rather than duplicating or colliding with stored records. Any
// node counts, the GraphState version node included: the load's final version
// bump must start a new epoch (see reach/index-version.cypher). npm run
// restore (src/cli/restore.ts) asks it too: replacing a database that holds
// anything (API keys and audit events included) needs --force, and so does
// npm run bulk-import (src/bulk/admin-import.ts), which replaces the database.
// Params: none. Returns one row: empty (boolean). Stops at the first node found.
// Scan: any node at all answers the question, and the scan stops at the first one (LIMIT 1).
OPTIONAL MATCH (n)
WITH n LIMIT 1
RETURN n IS NULL AS empty
