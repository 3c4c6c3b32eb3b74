// Upserts entities by id. Only the fields present in the input are in
// row.props (a null there removes the property: explicit null clears);
// row.defaults apply only when the node is created. The kind label is set
// dynamically from the vocabulary (Cypher 5.26 `$(...)`), so one query
// serves every kind and the label set cannot drift from the kind property.
// Params: $rows (list of {id, kind, label, props, defaults}), $now, $source.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
ON CREATE SET n += row.defaults, n.kind = row.kind, n.createdAt = $now
SET n:$(row.label), n += row.props, n.updatedAt = $now, n.source = coalesce($source, n.source)
