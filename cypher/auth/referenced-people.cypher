// The people a set of access records names as requester, approver or
// certifier: a narrowed viewer who may see a record may also see who asked
// for it, who approved it and who last certified it (the evidence an auditor
// needs), even when those people reach nothing in scope themselves.
// Runs as the system while a scope is being resolved (auth/scope.ts), so it
// takes no $scope: its answer is what becomes part of the scope.
// Params: $ids (access record ids). Returns id, one row per distinct person.
UNWIND $ids AS accessId
MATCH ()-[r:ACCESS {id: accessId}]->()
UNWIND [r.requestedBy, r.approvedBy, r.certifiedBy] AS personId
WITH DISTINCT personId
WHERE personId IS NOT NULL
RETURN personId AS id
