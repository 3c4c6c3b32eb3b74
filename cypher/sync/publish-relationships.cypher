// Staged: publishes the sync's staged relationships, so it reads exactly the staged ones ($syncId's).
// Publishes the relationships a whole-source sync staged, in its one
// publishing transaction: removing stagedBy makes them visible to every
// reader (each filters stagedBy IS NULL). Found through the stagedBy
// indexes, one seek per type (pinned by seek hints: with few staged records
// the planner would rather scan the whole index).
// Params: $syncId. Returns access, ownerships, contains (counts published).
CALL () {
  MATCH ()-[r:ACCESS {stagedBy: $syncId}]->()
  USING INDEX SEEK r:ACCESS(stagedBy)
  REMOVE r.stagedBy
  RETURN count(r) AS access
}
CALL () {
  MATCH ()-[l:OWNS {stagedBy: $syncId}]->()
  USING INDEX SEEK l:OWNS(stagedBy)
  REMOVE l.stagedBy
  RETURN count(l) AS ownerships
}
CALL () {
  MATCH ()-[c:CONTAINS {stagedBy: $syncId}]->()
  USING INDEX SEEK c:CONTAINS(stagedBy)
  REMOVE c.stagedBy
  RETURN count(c) AS contains
}
RETURN access, ownerships, contains
