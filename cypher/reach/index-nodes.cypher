// Every entity, with what the reach index needs of it (kind, enabled,
// privileged, tenant), streamed once when an API process loads its index.
// Also every stored property, so entity fields resolve from memory: as
// [key, value] pairs (props), each instant as epoch milliseconds and its key
// listed in `instants` (nodeFromRow makes the ISO strings). The driver's own
// DateTime decoding cost about a sixth of loading the index at medium scale.
// Returns id, kind, enabled, privileged, tenantId, props, instants.
// Scan: loading the reach index reads every entity once, by design (then it is patched by id).
MATCH (n:Entity)
RETURN n.id AS id, n.kind AS kind, n.enabled AS enabled, n.privileged AS privileged, n.tenantId AS tenantId,
       [k IN keys(n) | [k, CASE WHEN n[k] IS :: ZONED DATETIME THEN n[k].epochMillis ELSE n[k] END]] AS props,
       [k IN keys(n) WHERE n[k] IS :: ZONED DATETIME] AS instants
