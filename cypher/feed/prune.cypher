// Drops change-feed entries older than the feed's horizon
// (PATHWARDEN_FEED_RETENTION_MS), at most $limit of them: every write runs
// it after appending its own entry, so no transaction grows with the backlog
// and the feed stays about one horizon long. An entry is a hint for other
// processes' reach indexes, not a record: the audit trail (AuditEvent) keeps
// who changed what. A process behind the horizon reloads its whole index.
// Params: $retentionMs, $limit. Returns pruned.
MATCH (c:GraphChange)
WHERE c.at < timestamp() - $retentionMs
WITH c LIMIT $limit
DELETE c
RETURN count(*) AS pruned
