// Entities whose name or id has words starting with the searched words
// (searchEntities): the Lucene query is built in entities/search.ts from the
// caller's text (each word escaped, then `word*`, all words required).
// The full-text index is the lookup, so the cost follows the matches, not the
// graph; the scope filter then drops what the viewer may not see, before the
// limit, so a narrowed viewer still gets `first` answers when it has them.
// Params: $query (Lucene), $kinds (entity kinds, or null: all), $limit.
// Returns entity (all properties), best match first, then by id.
// Scope: $scope.all, or only ids in $scope.entities (out-of-scope ids behave as absent).
CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node, score
WHERE ($scope.all OR node.id IN $scope.entities) AND ($kinds IS NULL OR node.kind IN $kinds)
RETURN node {.*} AS entity
ORDER BY score DESC, node.id
LIMIT $limit
