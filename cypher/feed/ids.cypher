// The ids the change-feed entries of one epoch in versions ($version, $upTo]
// list: what a reach index catching up re-reads (reach/index-*-by-ids) and
// patches in. The reader checked first (feed/after.cypher) that these
// entries are contiguous and none says reload.
// Params: $epoch, $version, $upTo. Returns entities, access, owned (one row an entry).
MATCH (c:GraphChange)
WHERE c.version > $version AND c.version <= $upTo AND c.epoch = $epoch
RETURN c.entities AS entities, c.access AS access, c.owned AS owned
ORDER BY c.version
