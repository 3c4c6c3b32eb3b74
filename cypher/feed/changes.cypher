// The changes the change-feed entries of one epoch in versions
// ($version, $upTo] carry, in version order: what a reach index catching up
// patches in (src/reach/index/feed.ts decodes them). The reader checked
// first (feed/after.cypher) that these entries are contiguous and none says
// reload.
// Params: $epoch, $version, $upTo. Returns change (one row an entry).
MATCH (c:GraphChange)
WHERE c.version > $version AND c.version <= $upTo AND c.epoch = $epoch
RETURN c.change AS change
ORDER BY c.version
