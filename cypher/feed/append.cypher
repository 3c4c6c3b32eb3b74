// Appends one entry to the change feed (src/reach/index/feed.ts), in the
// same transaction as the write it describes and right after that write
// bumped GraphState (ingest/bump-version.cypher): the entry is keyed by the
// new (epoch, version), and writes hold the write lock until they commit,
// so entries are totally ordered and committed in version order.
// It lists what the write changed, for another process to re-read through
// reach/index-*-by-ids and patch its reach index with: entities, access
// records, and owned entities whose owner links changed. $reload: the write
// was too large to list (a whole-source sync, a bulk load); a process that
// meets this entry reloads its whole index. `at` is the database's clock, so
// every writer prunes by one clock (feed/prune.cypher).
// Params: $epoch, $version, $reload, $changedEntities, $changedAccess, $changedOwned.
CREATE (c:GraphChange {
  epoch: $epoch,
  version: $version,
  at: timestamp(),
  reload: $reload,
  entities: $changedEntities,
  access: $changedAccess,
  owned: $changedOwned
})
RETURN c.version AS version
