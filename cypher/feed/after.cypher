// The change-feed entries after the version a reach index holds, in version
// order, without their changes: the reader (src/reach/index/feed.ts) first
// checks they continue its version with no gap, in its epoch, none saying
// reload, and how many records they carry, before reading those
// (feed/changes.cypher). An entry without a change (written by an earlier
// PathWarden, which listed ids to re-read instead) says reload.
// Params: $version. Returns epoch, version, reload, size.
MATCH (c:GraphChange)
WHERE c.version > $version
RETURN c.epoch AS epoch, c.version AS version, c.reload OR c.change IS NULL AS reload, c.size AS size
ORDER BY version
