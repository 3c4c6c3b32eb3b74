// Records one use of a break-glass identity, unreviewed. Not an entity and
// never in the access graph; the BREAK_GLASS_UNREVIEWED finding reads these
// nodes (reviewedAt/reviewedBy/reviewNotes are absent, i.e. null, until reviewed).
// Params: $id, $identityId, $personId, $at (DateTime), $reason. Returns use (all properties).
CREATE (u:BreakGlassUse {id: $id, identityId: $identityId, personId: $personId, at: $at, reason: $reason,
                         reviewedAt: null, reviewedBy: null, reviewNotes: null})
RETURN u {.*} AS use
