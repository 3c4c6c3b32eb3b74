// Bulk path: creates one batch of entities of ONE kind in an empty database.
// CREATE, not MERGE: the database was checked empty and the input is valid by
// construction (src/bench/generate.ts), so there is nothing to find first,
// and the unique constraint on Entity.id still refuses a duplicate id.
// Each row is the node's complete property map exactly as ingest stores it
// (defaults, kind, instants as DateTime, createdAt, updatedAt, source), built
// by src/bench/bulk.ts from the same record table (src/ingest/records.ts);
// `SET n = row` skips nulls, as ingest's create does.
// Params: $label (the kind's label, from the vocabulary), $rows (property maps).
// Returns created: the number of nodes created (the caller checks it).
UNWIND $rows AS row
CREATE (n:Entity:$($label))
SET n = row
RETURN count(*) AS created
