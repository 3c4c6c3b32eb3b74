// Upserts entities by id, and returns each as the reach index reads it (no
// second read for the index). Only the fields present in the input are in
// row.props and row.at (a null there removes the field: explicit null
// clears); row.defaults apply only when the node is created. The kind label
// is set dynamically from the vocabulary (Cypher 5.26 `$(...)`), so one query
// serves every kind and the label set cannot drift from the kind property.
// Params: $rows (list of {id, kind, label, props, at, defaults}: at holds
// the given instants as epoch milliseconds or null), $now, $source.
// Same columns as reach/index-nodes.cypher.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n += row.defaults, n.kind = row.kind, n.createdAt = $now
SET n:$(row.label), n += row.props, n.updatedAt = $now, n.source = coalesce($source, n.source)
FOREACH (field IN keys(row.at) | SET n[field] = CASE WHEN row.at[field] IS NULL THEN null ELSE datetime({epochMillis: row.at[field]}) END)
RETURN n.id AS id, n.kind AS kind, n.enabled AS enabled, n.privileged AS privileged, n.tenantId AS tenantId,
       [k IN keys(n) | [k, CASE WHEN n[k] IS :: ZONED DATETIME THEN n[k].epochMillis ELSE n[k] END]] AS props,
       [k IN keys(n) WHERE n[k] IS :: ZONED DATETIME] AS instants
