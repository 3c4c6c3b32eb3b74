// For the benchmark only: empties its own database between two loads through
// `ingest` (src/bench/ingest-load.ts), relationships first, one slice per
// transaction, so no transaction holds a tool with a hundred thousand edges.
// Scan: emptying the database deletes every relationship, whatever its type.
// Params: $limit (relationships per transaction). Returns deleted.
MATCH ()-[r]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
