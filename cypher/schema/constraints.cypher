// The schema, applied at every start-up (each statement is IF NOT EXISTS, so
// applying it twice changes nothing).
//
// - One id namespace: every entity node carries :Entity, and Entity.id is
//   unique, so an id can never name two entities of different kinds. Access
//   records are :ACCESS relationships whose id is unique too; ingest checks
//   that no id is used by both an entity and an access record.
// - Every lookup by id (entity, access, traversal frontiers, ingest) is an
//   index seek through these constraints' backing indexes: a query matches
//   `(:Entity:Kind {id: ...})`, never `(:Kind {id: ...})`, since only
//   Entity.id is indexed (test/query-plans.test.ts checks every query's plan).
// - GraphState (one node) versions the graph for the in-memory reach index;
//   GraphChange nodes (the change feed) say what each version changed.
// - The kind labels' indexes serve `entities(kind:)` ordered by id.
CREATE CONSTRAINT entity_id_unique IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT access_id_unique IF NOT EXISTS FOR ()-[r:ACCESS]-() REQUIRE r.id IS UNIQUE;
CREATE INDEX entity_kind_id IF NOT EXISTS FOR (n:Entity) ON (n.kind, n.id);
CREATE INDEX system_tenant IF NOT EXISTS FOR (n:System) ON (n.tenantId);
// A contract termination (lifecycle/terminate-records.cypher) finds the roles bound to the tenant by seek.
CREATE INDEX role_tenant IF NOT EXISTS FOR (n:Role) ON (n.tenantId);
// No index on ACCESS.kind: every query reaches access records from an entity it found by id, then filters
// by kind; the index served none of them and cost every new record an index entry at commit. Dropped where
// an earlier PathWarden made it.
DROP INDEX access_kind IF EXISTS;
// A source sync (ingest/sync-revoke-access.cypher) finds the records one source wrote without scanning every record.
CREATE INDEX access_source IF NOT EXISTS FOR ()-[r:ACCESS]-() ON (r.source);
CREATE INDEX owns_source IF NOT EXISTS FOR ()-[l:OWNS]-() ON (l.source);
// A whole-source sync stages its new entities as :StagedEntity nodes (no :Entity, no kind label: no reader,
// index or full-text index sees them) and its new relationships with a stagedBy property (every reader filters
// stagedBy IS NULL), then publishes them in one transaction (docs/ingest.md, "Sync of a whole source").
// Staging looks its nodes up by id, publishing and purging by the sync's id: seeks through these indexes.
CREATE CONSTRAINT staged_entity_id_unique IF NOT EXISTS FOR (n:StagedEntity) REQUIRE n.id IS UNIQUE;
CREATE INDEX staged_entity_staged_by IF NOT EXISTS FOR (n:StagedEntity) ON (n.stagedBy);
CREATE INDEX access_staged_by IF NOT EXISTS FOR ()-[r:ACCESS]-() ON (r.stagedBy);
CREATE INDEX owns_staged_by IF NOT EXISTS FOR ()-[l:OWNS]-() ON (l.stagedBy);
CREATE INDEX contains_staged_by IF NOT EXISTS FOR ()-[c:CONTAINS]-() ON (c.stagedBy);
CREATE CONSTRAINT graph_state_id IF NOT EXISTS FOR (g:GraphState) REQUIRE g.id IS UNIQUE;
// The change feed (cypher/feed/): a reach index catching up reads the entries after its version, and
// writers prune those older than the horizon, each by a range seek.
CREATE INDEX graph_change_version IF NOT EXISTS FOR (c:GraphChange) ON (c.version);
CREATE INDEX graph_change_at IF NOT EXISTS FOR (c:GraphChange) ON (c.at);
// API keys (auth/api-keys.ts) and audit events (audit/events.ts) are not entities: no :Entity label, never in the access graph.
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;
CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.id IS UNIQUE;
CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at);
CREATE CONSTRAINT break_glass_use_id IF NOT EXISTS FOR (u:BreakGlassUse) REQUIRE u.id IS UNIQUE;
// searchEntities (entities/search.cypher): part of a name or id, any kind. A full-text (Lucene) index
// tokenizes "Acme DC01" and "system:acme-dc01" into words, so a prefix of any word finds the entity.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.id];
