// The entities one write touched, read back inside that write's transaction,
// so the reach index applies exactly what was stored (upsert rules included).
// Params: $ids. Returns the same columns as index-nodes.cypher.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.kind AS kind, n.enabled AS enabled, n.privileged AS privileged, n.tenantId AS tenantId,
       [k IN keys(n) | [k, CASE WHEN n[k] IS :: ZONED DATETIME THEN n[k].epochMillis ELSE n[k] END]] AS props,
       [k IN keys(n) WHERE n[k] IS :: ZONED DATETIME] AS instants
