// The naive way, for the benchmark only: the blast radius as one
// variable-length pattern. Cypher expands every path (not every entity) up
// to the bound before aggregating, so its cost grows with the number of
// paths: this is the query shape that makes graph access tools hang, kept
// here to measure PathWarden's breadth-first traversal against it. Same
// rules: present records, no step out of a disabled identity, containment.
// Params: $id, $asOf (DateTime). Returns id, distance per reached system.
MATCH p = (a:Entity {id: $id})-[:ACCESS|CONTAINS*1..8]->(s:System)
WHERE all(r IN relationships(p) WHERE r.stagedBy IS NULL AND (type(r) = 'CONTAINS' OR (r.grantedAt <= $asOf AND (r.revokedAt IS NULL OR r.revokedAt > $asOf))))
  AND none(n IN nodes(p)[..-1] WHERE n:Identity AND n.enabled = false)
RETURN s.id AS id, min(length(p)) AS distance
