// What a sync of one source would revoke, without writing anything (the
// importer's dry run, and its guards before it writes): the access records
// last written by $source, still in force and not in $keep, judged exactly
// as sync-revoke-access judges them (same index seek, same "in force"), so
// the count equals what that query then revokes. Counted per access kind.
// Params: $source, $keep (access ids of the source's new state), $now (DateTime).
// Returns kind, records (one row per access kind with any), by kind.
MATCH (:Entity)-[r:ACCESS]->(:Entity)
USING INDEX r:ACCESS(source)
WHERE r.source = $source AND r.stagedBy IS NULL AND NOT r.id IN $keep
  AND coalesce(r.revokedAt > $now AND r.revokedAt > r.grantedAt, true)
RETURN r.kind AS kind, count(r) AS records
ORDER BY kind
