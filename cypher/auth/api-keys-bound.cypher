// The API keys still in force that are bound to a person (OWNER keys) or to a
// tenant (TENANT_AUDITOR keys): offboarding a person and terminating a
// contract revoke them, since a departed person's or an ended client's
// credential must not keep reading (or certifying) after the fact.
// Scan: API keys are few (one per person or integration, not per record) and offboarding
// and termination are rare, so reading them all costs less than two more indexes.
// Params: $personId, $tenantId (one of them null). Returns id, sorted.
MATCH (k:ApiKey)
WHERE k.revokedAt IS NULL
  AND (($personId IS NOT NULL AND k.personId = $personId) OR ($tenantId IS NOT NULL AND k.tenantId = $tenantId))
RETURN k.id AS id
ORDER BY id
