// Records the one post-use review of a break-glass use. The WHERE keeps a
// second review from overwriting the first even if two race (the caller
// refuses it when no row comes back).
// Params: $id, $at (DateTime), $reviewerId, $notes. Returns use (all properties), or no row.
MATCH (u:BreakGlassUse {id: $id})
WHERE u.reviewedAt IS NULL
SET u.reviewedAt = $at, u.reviewedBy = $reviewerId, u.reviewNotes = $notes
RETURN u {.*} AS use
