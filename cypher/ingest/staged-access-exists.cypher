// Whether any access record is staged (a whole-source sync's, stagedBy set):
// an ingest batch of new access records deletes a dead sync's leftovers under
// its ids only when there are any (ingest/delete-staged-leftovers.cypher),
// which spares it one seek per new id on every batch otherwise.
// Staged: it asks whether any staged record exists at all, and reads none.
// Scan: the access_staged_by index holds staged records alone (none unless a sync is staging or died), and the first found ends it.
// Params: none. Returns any (boolean).
RETURN EXISTS {
  MATCH ()-[r:ACCESS]->()
  USING INDEX r:ACCESS(stagedBy)
  WHERE r.stagedBy IS NOT NULL
} AS any
