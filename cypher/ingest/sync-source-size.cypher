// How much of one source is in force before a sync of it writes anything:
// its access records in force and its owner links that stand, judged exactly
// as sync-revoke-access and sync-remove-ownerships judge them. A sync that
// would revoke or remove more than a configured share of this needs an
// explicit override (ingest/sync.ts). Seeks the source's records through the
// access_source and owns_source indexes (pinned by hints), as the sync itself does.
// Params: $source, $now (DateTime). Returns access, ownerships (counts).
CALL () {
  MATCH (:Entity)-[r:ACCESS]->(:Entity)
  USING INDEX r:ACCESS(source)
  WHERE r.source = $source AND r.stagedBy IS NULL AND coalesce(r.revokedAt > $now AND r.revokedAt > r.grantedAt, true)
  RETURN count(r) AS access
}
CALL () {
  MATCH (:Entity)-[l:OWNS]->(:Entity)
  USING INDEX l:OWNS(source)
  WHERE l.source = $source AND l.stagedBy IS NULL AND coalesce(l.removedAt > $now AND l.removedAt > l.since, true)
  RETURN count(l) AS ownerships
}
RETURN access, ownerships
