// Staged: deletes staged relationships, which no reader ever saw.
// Scan: reads the stagedBy indexes end to end; they hold only staged relationships (of a dead or failed sync), never a published one
// Deletes up to $limit staged relationships of each type (ACCESS, OWNS,
// CONTAINS) left by a sync that died or failed before publishing; the
// next sync runs it, in batches, each its own transaction, before it
// stages (ingest/source-sync.ts). They were never visible, so no audit
// event records them. The hints pin the index: a type scan would read
// every relationship of the graph.
// Params: $limit. Returns access, ownerships, contains (counts deleted).
CALL () {
  MATCH ()-[r:ACCESS]->()
  USING INDEX r:ACCESS(stagedBy)
  WHERE r.stagedBy IS NOT NULL
  WITH r LIMIT $limit
  DELETE r
  RETURN count(*) AS access
}
CALL () {
  MATCH ()-[l:OWNS]->()
  USING INDEX l:OWNS(stagedBy)
  WHERE l.stagedBy IS NOT NULL
  WITH l LIMIT $limit
  DELETE l
  RETURN count(*) AS ownerships
}
CALL () {
  MATCH ()-[c:CONTAINS]->()
  USING INDEX c:CONTAINS(stagedBy)
  WHERE c.stagedBy IS NOT NULL
  WITH c LIMIT $limit
  DELETE c
  RETURN count(*) AS contains
}
RETURN access, ownerships, contains
