// Appends one entry to the change feed (src/reach/index/feed.ts), in the
// same transaction as the write it describes and right after that write
// bumped GraphState (ingest/bump-version.cypher): the entry is keyed by the
// new (epoch, version), and writes hold the write lock until they commit,
// so entries are totally ordered and committed in version order.
// It carries the change itself ($change: the rows the writing process
// patched its own reach index with, deflated JSON as bytes; $size: how many
// records), so another process patches its index from the entry alone,
// without re-reading the graph. $reload: the write was too large to carry
// (a whole-source sync, a bulk load; $change null); a process that meets
// this entry reloads its whole index. `at` is the database's clock, so every
// writer prunes by one clock (feed/prune.cypher).
// Params: $epoch, $version, $reload, $size, $change.
CREATE (c:GraphChange {
  epoch: $epoch,
  version: $version,
  at: timestamp(),
  reload: $reload,
  size: $size,
  change: $change
})
RETURN c.version AS version
