// For the benchmark only: the heap the largest open PathWarden transaction
// holds now (Neo4j's own estimate, mostly its uncommitted writes), polled
// while a whole-source sync runs in one transaction, to size the heap a
// sync of that many records needs (docs/ingest.md, "Sync of a whole source").
// It lists the open transactions and reads nothing of the graph.
// Params: none. Returns heap (bytes; null when none is open).
SHOW TRANSACTIONS YIELD metaData, estimatedUsedHeapMemory
WHERE metaData.app = 'pathwarden'
RETURN max(estimatedUsedHeapMemory) AS heap
