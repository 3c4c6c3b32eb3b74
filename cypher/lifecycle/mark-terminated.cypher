// Marks a tenant's contract TERMINATED as of $endedAt (terminateContract
// decided the instant: the earlier of the stored end and the effective date).
// Params: $tenantId, $endedAt (DateTime), $now. Returns id.
MATCH (t:Entity:Tenant {id: $tenantId})
SET t.contractStatus = 'TERMINATED', t.contractEndedAt = $endedAt, t.updatedAt = $now
RETURN t.id AS id
