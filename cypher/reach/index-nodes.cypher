// Every entity, with what the reach index needs of it (kind, enabled,
// privileged, tenant), streamed once when an API process loads its index.
// Also every stored property (row), so entity fields resolve from memory.
// Returns id, kind, enabled, privileged, tenantId, row.
// Scan: loading the reach index reads every entity once, by design (then it is patched by id).
MATCH (n:Entity)
RETURN n.id AS id, n.kind AS kind, n.enabled AS enabled, n.privileged AS privileged, n.tenantId AS tenantId, n {.*} AS row
