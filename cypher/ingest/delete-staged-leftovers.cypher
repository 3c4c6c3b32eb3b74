// Staged: deletes the staged records of a dead sync that hold the ids of access records about to be created (never visible; the unique constraint would refuse the new ones).
// Runs just before ingest/create-access.cypher, in the same transaction, when
// ingest/staged-access-exists finds any staged record at all, and
// apart from it: in one query the delete made the planner materialize every
// row between the create's steps. A staged record under one of these ids can
// only be a leftover of a sync that died or failed before publishing (this
// write holds the write lock and passed the sync lease check, so no sync is
// staging). Found through the id constraint's index (pinned: the planner
// would scan the small stagedBy index instead).
// Params: $ids (the new access records' ids). Returns nothing.
UNWIND $ids AS id
MATCH ()-[leftover:ACCESS {id: id}]->()
USING INDEX leftover:ACCESS(id)
WHERE leftover.stagedBy IS NOT NULL
DELETE leftover
