// The naive way, for the benchmark only: exposure as one variable-length
// pattern ending at the target, enumerating every path into it (see
// naive-blast-radius.cypher for why this is the shape to avoid).
// Params: $id, $asOf (DateTime). Returns id, distance per person or identity.
MATCH p = (x:Entity)-[:ACCESS|CONTAINS*1..8]->(t:Entity {id: $id})
WHERE (x:Person OR x:Identity)
  AND all(r IN relationships(p) WHERE r.stagedBy IS NULL AND (type(r) = 'CONTAINS' OR (r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf))))
  AND none(n IN nodes(p)[..-1] WHERE n:Identity AND n.enabled = false)
RETURN x.id AS id, min(length(p)) AS distance
