// For the benchmark only: after bench/empty-relationships, deletes every node
// (entities, audit events, the graph state, the change feed), one slice per
// transaction: what is left is an empty database with its schema.
// Scan: emptying the database deletes every node, whatever its label.
// Params: $limit (nodes per transaction). Returns deleted.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
