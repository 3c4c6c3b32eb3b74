/**
 * /metrics in the Prometheus text format (prom-client), one registry per API:
 * - pathwarden_graphql_requests_total{operation, code} and
 *   pathwarden_graphql_request_duration_seconds{operation} (requests.ts);
 * - pathwarden_neo4j_up, and since when it is known to be unreachable
 *   (the Executor's circuit, else a ping); the time of each named query
 *   (labelled by its cypher/ file) and of each write's commit;
 * - the reach index the process holds: version, size, full loads, catch-ups
 *   from the change feed (entries and records applied), how long each reload and
 *   catch-up took, the time of the last load, when it was last known current;
 * - the graph as ADMIN sees it (graph.ts): findings by code and severity,
 *   unaccountable paths by reason, what pooled tools reach; absent while
 *   Neo4j is unreachable, since they could not be checked against it;
 * - the process (prom-client's defaults: memory, CPU, event loop).
 * Every label value comes from a closed vocabulary (a root field of the
 * schema, an error code, a finding code or severity, a gap reason): no id of
 * a person, system or anything else is ever a label.
 *
 * Only what changed is computed at a scrape: the gauges of the graph come
 * from caches the features keep (graph.ts), the rest is read from memory,
 * plus one small ping.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import type { Executor } from '../../db/executor';
import { ReachIndexProvider } from '../../reach/index/provider';
import type { RequestContext } from '../context';
import type { Logger } from '../logging';
import { GraphFiguresCache, type GraphFigures } from './graph';
import { refusalMetrics, requestMetricsPlugin, type Outcome } from './requests';

/** Request time buckets (seconds): from an index answer to the database time limit per transaction. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Fewer for the per-query histogram (one series per bucket and query file): from a seek to a whole-graph read. */
const QUERY_BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10];

const seconds = (ms: number) => ms / 1000;

/**
 * A gauge with no labels that can be absent: prom-client shows an unlabelled
 * Gauge as 0 until set, and a 0 would read as a fact ("0 pooled tools",
 * "loaded at 1970"), where the truth is "not known now".
 */
class OptionalGauge {
  readonly type = 'gauge';
  readonly aggregator = 'sum';
  value: number | null = null;

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  set(value: number | null): void {
    this.value = value;
  }

  /** What the registry reads at each scrape. */
  get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.value === null ? [] : [{ value: this.value, labels: {} }] };
  }
}

export class Metrics {
  readonly registry = new Registry();
  readonly graph: GraphFiguresCache;
  private readonly requests: Counter<'operation' | 'code'>;
  private readonly duration: Histogram<'operation'>;
  private readonly neo4jUp: Gauge;
  private readonly neo4jDownSince: OptionalGauge;
  private readonly queryDuration: Histogram<'query'>;
  private readonly commitDuration: Histogram;
  private readonly index: Record<'version' | 'entities' | 'edges' | 'loadSeconds' | 'loadedAt' | 'verifiedAt', OptionalGauge>;
  private readonly indexLoads: Counter;
  private loadsSeen = 0;
  private readonly feed: Record<'catchUps' | 'entries' | 'ids', Counter>;
  private readonly updateDuration: Histogram<'kind'>;
  private readonly reloadReasons: Counter<'reason'>;
  private readonly findings: Gauge<'code' | 'severity'>;
  private readonly gaps: Gauge<'reason'>;
  /** Stops what the executor and the index provider tell this registry (they outlive one API in tests). */
  private readonly detach: (() => void)[] = [];
  private readonly counts: Record<'tenants' | 'systems' | 'pooledTools' | 'pooledTenants' | 'pooledSystems' | 'computedAt' | 'findingsAt', OptionalGauge>;

  constructor(
    private readonly exec: Executor,
    private readonly logger: Logger,
  ) {
    const registers = [this.registry];
    this.graph = new GraphFiguresCache(exec);
    this.requests = new Counter({ name: 'pathwarden_graphql_requests_total', help: 'GraphQL operations answered, per root field (operation; "(none)" when refused before one was known) and the code the client was sent (OK, or an error code).', labelNames: ['operation', 'code'], registers });
    this.duration = new Histogram({ name: 'pathwarden_graphql_request_duration_seconds', help: 'Time from receiving an operation to sending its answer, per root field.', labelNames: ['operation'], buckets: DURATION_BUCKETS, registers });
    this.neo4jUp = new Gauge({ name: 'pathwarden_neo4j_up', help: '1 when Neo4j answered at this scrape, 0 when it is unreachable.', registers });
    const gauge = (name: string, help: string) => new OptionalGauge(name, help, this.registry);
    this.neo4jDownSince = gauge('pathwarden_neo4j_unavailable_since_seconds', 'While Neo4j is unreachable: since when (Unix time); absent while it answers.');
    // The label is the query's file under cypher/ (about 150 names, fixed by the code), never a parameter.
    this.queryDuration = new Histogram({ name: 'pathwarden_neo4j_query_duration_seconds', help: 'Time of each named query, from sending it to its last row read, per file under cypher/ (query).', labelNames: ['query'], buckets: QUERY_BUCKETS, registers });
    this.commitDuration = new Histogram({ name: 'pathwarden_neo4j_commit_duration_seconds', help: "Time of each write transaction's commit, from its last query's end to the database's acknowledgement.", buckets: DURATION_BUCKETS, registers });
    this.detach.push(exec.onTiming((t) => (t.kind === 'query' ? this.queryDuration.observe({ query: t.query }, seconds(t.ms)) : this.commitDuration.observe(seconds(t.ms)))));
    this.index = {
      version: gauge('pathwarden_reach_index_version', 'The graph version the in-memory reach index holds (every write adds one).'),
      entities: gauge('pathwarden_reach_index_entities', 'Entities in the reach index.'),
      edges: gauge('pathwarden_reach_index_edges', 'Edges in the reach index: access records plus tenant-to-system containment.'),
      loadSeconds: gauge('pathwarden_reach_index_load_duration_seconds', 'How long the last full load of the reach index from Neo4j took.'),
      loadedAt: gauge('pathwarden_reach_index_loaded_timestamp_seconds', 'When the last full load of the reach index ended (Unix time).'),
      verifiedAt: gauge('pathwarden_reach_index_verified_timestamp_seconds', 'When the reach index was last known to hold the stored graph version (Unix time); time() minus it is its staleness bound.'),
    };
    this.indexLoads = new Counter({
      name: 'pathwarden_reach_index_loads_total',
      help: 'Full loads of the reach index from Neo4j: the first, and one whenever the change feed cannot bring it up to date (behind the feed horizon, a new epoch, a write too large to list).',
      registers,
    });
    this.feed = {
      catchUps: new Counter({ name: 'pathwarden_reach_index_feed_catch_ups_total', help: 'Times the reach index caught up with writes made by other processes from the change feed, without a full load.', registers }),
      entries: new Counter({ name: 'pathwarden_reach_index_feed_entries_applied_total', help: 'Change-feed entries (one per write by another process) applied to the reach index.', registers }),
      ids: new Counter({ name: 'pathwarden_reach_index_feed_ids_applied_total', help: 'Records (entities, access records, owned entities) patched into the reach index from the change feed.', registers }),
    };
    this.updateDuration = new Histogram({
      name: 'pathwarden_reach_index_update_duration_seconds',
      help: 'How long bringing the reach index up to a newer graph version took: kind="reload" (a full load) or kind="delta" (a catch-up from the change feed).',
      labelNames: ['kind'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.reloadReasons = new Counter({
      name: 'pathwarden_reach_index_reloads_by_reason_total',
      help: 'Full loads of the reach index by why the change feed could not be used: first, epoch (a restore or a wiped database), horizon (entries pruned or never written), reload-entry (a write too large to list), too-many-ids, unpatchable.',
      labelNames: ['reason'],
      registers,
    });
    const stopUpdates = ReachIndexProvider.for(exec).onUpdate((update) => {
      this.updateDuration.observe({ kind: update.kind }, seconds(update.ms));
      if (update.kind === 'reload') this.reloadReasons.inc({ reason: update.reason });
      if (update.kind === 'delta') {
        this.feed.catchUps.inc();
        this.feed.entries.inc(update.entries);
        this.feed.ids.inc(update.ids);
      }
    });
    this.detach.push(stopUpdates);
    this.findings = new Gauge({ name: 'pathwarden_findings', help: 'Findings over the whole graph, by finding code and its severity.', labelNames: ['code', 'severity'], registers });
    this.gaps = new Gauge({ name: 'pathwarden_unaccountable_paths', help: 'Gaps of the unaccountable-paths report over the whole graph (default depth), by reason.', labelNames: ['reason'], registers });
    this.counts = {
      tenants: gauge('pathwarden_tenants', 'Tenants in the graph.'),
      systems: gauge('pathwarden_systems', 'Systems in the graph.'),
      pooledTools: gauge('pathwarden_pooled_tools', 'Tools marked pooled (shared across clients).'),
      pooledTenants: gauge('pathwarden_pooled_tools_reached_tenants', 'Distinct tenants in the blast radius of at least one pooled tool.'),
      pooledSystems: gauge('pathwarden_pooled_tools_reached_systems', 'Distinct systems in the blast radius of at least one pooled tool.'),
      computedAt: gauge('pathwarden_graph_observed_timestamp_seconds', 'When the gauges about the graph (findings, gaps, pooled tools) were computed (Unix time).'),
      findingsAt: gauge('pathwarden_findings_observed_timestamp_seconds', 'The instant of the findings report the findings gauges come from (Unix time; shared with findingSummary, up to PATHWARDEN_FINDINGS_CACHE_MS old).'),
    };
    collectDefaultMetrics({ register: this.registry });
  }

  /** Stops listening to the executor and the reach index (the API stops). */
  close(): void {
    for (const stop of this.detach.splice(0)) stop();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counts answered operations: the Apollo plugin (createApollo takes it). */
  plugin(): ApolloServerPlugin<RequestContext> {
    return requestMetricsPlugin(this.record);
  }

  /** Counts requests refused before Apollo: mount before authentication on /graphql. */
  refusals(): express.RequestHandler {
    return refusalMetrics(this.record);
  }

  private readonly record = (outcomes: Outcome[], elapsed: number): void => {
    for (const { operation, code } of outcomes) {
      this.requests.inc({ operation, code });
      this.duration.observe({ operation }, elapsed);
    }
  };

  /** The exposition text, with every gauge brought up to date first. */
  async scrape(): Promise<string> {
    const up = await this.databaseUp();
    let figures: GraphFigures | null = null;
    if (up) {
      try {
        figures = await this.graph.current();
      } catch (err) {
        this.logger.warn({ err }, 'metrics: the gauges about the graph could not be computed');
      }
    }
    this.setGraph(figures);
    this.setIndex();
    return this.registry.metrics();
  }

  /** Whether Neo4j answers: not while the Executor's circuit is open (no wait), else one ping. */
  private async databaseUp(): Promise<boolean> {
    let up = false;
    if (this.exec.unavailableSince() === null) {
      try {
        await this.exec.ping();
        up = true;
      } catch {
        // The ping's failure is the answer; /health and the request logs carry the rest.
      }
    }
    this.neo4jUp.set(up ? 1 : 0);
    const since = this.exec.unavailableSince();
    this.neo4jDownSince.set(since === null ? null : seconds(Date.parse(since)));
    return up;
  }

  private setIndex(): void {
    const status = ReachIndexProvider.for(this.exec).status();
    const held = status.version !== null;
    this.index.version.set(status.version);
    this.index.entities.set(held ? status.entities : null);
    this.index.edges.set(held ? status.edges : null);
    this.index.loadSeconds.set(status.lastLoadMs === null ? null : seconds(status.lastLoadMs));
    this.index.loadedAt.set(status.loadedAt === null ? null : seconds(status.loadedAt));
    this.index.verifiedAt.set(status.verifiedAt === null ? null : seconds(status.verifiedAt));
    if (status.loads > this.loadsSeen) this.indexLoads.inc(status.loads - this.loadsSeen);
    this.loadsSeen = status.loads;
  }

  private setGraph(figures: GraphFigures | null): void {
    this.findings.reset();
    this.gaps.reset();
    for (const g of Object.values(this.counts)) g.set(null);
    if (!figures) return;
    for (const f of figures.findings) this.findings.set({ code: f.code, severity: f.severity }, f.count);
    for (const g of figures.gaps) this.gaps.set({ reason: g.reason }, g.count);
    this.counts.tenants.set(figures.tenants);
    this.counts.systems.set(figures.systems);
    this.counts.pooledTools.set(figures.pooledTools);
    this.counts.pooledTenants.set(figures.pooledTenants);
    this.counts.pooledSystems.set(figures.pooledSystems);
    this.counts.computedAt.set(seconds(figures.computedAt));
    this.counts.findingsAt.set(seconds(figures.findingsObservedAt));
  }
}
