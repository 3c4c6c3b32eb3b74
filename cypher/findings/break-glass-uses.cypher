// Break-glass uses for BREAK_GLASS_UNREVIEWED: every recorded use of an
// identity up to $asOf, with its review as stored (the lifecycle records a
// use, then its review, on one BreakGlassUse node; nothing is deleted).
// Params: $asOf (DateTime). Returns id, identityId, personId, at, reason,
// reviewedAt, reviewedBy (instants as DateTime; review fields may be null).
// Whether the review came within the window, and whether the identity is a
// BREAK_GLASS one, is decided in the check (src/findings/checks), against the
// same asOf and the reach index the rest of the report reads.
// Scope: only uses of identities in $scope.entities: a narrowed viewer sees
// the uses of the break-glass accounts it can see, and no other.
// Scan: the findings report judges every recorded break-glass use up to asOf; uses are rare events, not inventory.
MATCH (u:BreakGlassUse)
WHERE u.at <= $asOf AND ($scope.all OR u.identityId IN $scope.entities)
RETURN u.id AS id, u.identityId AS identityId, u.personId AS personId, u.at AS at, u.reason AS reason,
       u.reviewedAt AS reviewedAt, u.reviewedBy AS reviewedBy
ORDER BY identityId, at, id
