// Records that an Identity was used (through one of its access records, or as
// a break-glass account). lastUsedAt only ever moves forwards, like the
// record's own, so dormancy is judged on the latest use whatever the order of reports.
// Params: $id, $at (DateTime), $now. Returns lastUsedAt (after).
MATCH (i:Entity:Identity {id: $id})
SET i.lastUsedAt = CASE WHEN i.lastUsedAt IS NULL OR i.lastUsedAt < $at THEN $at ELSE i.lastUsedAt END,
    i.updatedAt = $now
RETURN i.lastUsedAt AS lastUsedAt
