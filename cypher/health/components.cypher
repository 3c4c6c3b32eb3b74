// Which Neo4j answers: /health reports it, so an operator can see at a glance
// that the API reaches the database it expects.
// Returns: version, edition.
CALL dbms.components() YIELD versions, edition
RETURN versions[0] AS version, edition
