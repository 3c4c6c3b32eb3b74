// The change-feed entries after the version a reach index holds, in version
// order, without their id lists: the reader (src/reach/index/feed.ts) first
// checks they continue its version with no gap, in its epoch, none saying
// reload, and how many ids they list, before reading those (feed/ids.cypher).
// Params: $version. Returns epoch, version, reload, ids (how many ids the entry lists).
MATCH (c:GraphChange)
WHERE c.version > $version
RETURN c.epoch AS epoch, c.version AS version, c.reload AS reload,
       size(c.entities) + size(c.access) + size(c.owned) AS ids
ORDER BY version
