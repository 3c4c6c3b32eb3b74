// Updates access records that already exist: found by id through the unique
// constraint's index. Kind and endpoints are fixed once recorded (validation
// refuses a change: a record is never moved or deleted, only revoked), so
// only the given fields change; a null clears one.
// Params: $rows (list of {id, props}), $now, $source.
UNWIND $rows AS row
MATCH ()-[r:ACCESS {id: row.id}]->()
SET r += row.props, r.updatedAt = $now, r.source = coalesce($source, r.source)
