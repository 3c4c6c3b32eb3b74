/**
 * The figures /metrics reports about the graph itself: findings by code
 * (findingSummary), unaccountable paths by reason (the unaccountable-paths
 * report) and what the pooled tools reach (blastRadius of each), all as
 * ADMIN sees them, asked of the features' own services, so a dashboard and
 * the API can never disagree.
 *
 * Computed when scraped, never on a request, and kept while the graph
 * version the reach index holds stays the same, for at most the findings
 * cache window (PATHWARDEN_FINDINGS_CACHE_MS): findings and gaps depend on
 * the time as well as the graph (an expiry passes, a recertification falls
 * due). Findings come from the report shared with dashboards polling
 * findingSummary (findings/shared.ts), so a scrape adds no report of its own
 * while one is fresh. Nothing here names an entity: only counts leave.
 */
import { GAP_REASONS } from '../../accountability/service';
import { ALL_SCOPE, type Viewer } from '../../core/viewer';
import type { Executor } from '../../db/executor';
import { findingsCacheMs } from '../../config';
import type { GapReason } from '../../generated/graphql';
import { ReachIndexProvider } from '../../reach/index/provider';
import { KINDS } from '../../reach/index/reach-index';
import { createContext } from '../context';

export interface GraphFigures {
  /** When these figures were computed (ms). */
  computedAt: number;
  /** The instant of the findings report they come from (ms): up to the cache window before computedAt. */
  findingsObservedAt: number;
  findings: { code: string; severity: string; count: number }[];
  gaps: { reason: GapReason; count: number }[];
  tenants: number;
  systems: number;
  /** Tools marked pooled (shared across clients), and the distinct tenants and systems their blast radii cover together. */
  pooledTools: number;
  pooledTenants: number;
  pooledSystems: number;
}

/** The whole-graph view the figures are computed in, named in transaction metadata. */
const METRICS_VIEWER: Viewer = { id: 'pathwarden-metrics', role: 'ADMIN', credential: 'system', scope: ALL_SCOPE };

export class GraphFiguresCache {
  private last: { stamp: string; at: number; figures: Promise<GraphFigures> } | null = null;
  /** Figures computed so far (tests prove a scrape of an unchanged graph computes none). */
  computed = 0;

  constructor(private readonly exec: Executor) {}

  /** The figures for the graph as it stands, computed again only when the graph changed or the window passed. */
  async current(nowMs = Date.now()): Promise<GraphFigures> {
    const provider = ReachIndexProvider.for(this.exec);
    // At most one small version read per PATHWARDEN_INDEX_STALENESS_MS; a reload when another process wrote.
    await provider.current();
    const stamp = provider.stamp;
    const hit = this.last;
    if (hit && hit.stamp === stamp && nowMs >= hit.at && nowMs - hit.at < findingsCacheMs()) return hit.figures;
    const entry = { stamp, at: nowMs, figures: this.compute(nowMs) };
    this.last = entry;
    // A failed computation is not kept: the next scrape tries again.
    entry.figures.catch(() => {
      if (this.last === entry) this.last = null;
    });
    return entry.figures;
  }

  private async compute(nowMs: number): Promise<GraphFigures> {
    this.computed++;
    const ctx = createContext(this.exec, METRICS_VIEWER, new Date(nowMs).toISOString());
    const summary = await ctx.services.findings.summary({});
    const byReason = new Map<GapReason, number>(GAP_REASONS.map((r) => [r, 0]));
    for (const gap of await ctx.services.accountability.allGaps()) byReason.set(gap.reason, (byReason.get(gap.reason) ?? 0) + 1);
    const index = await ReachIndexProvider.for(this.exec).current();
    const tenants = new Set<string>();
    const systems = new Set<string>();
    let pooledTools = 0;
    for (const n of index.nodesOfKind(KINDS.indexOf('TOOL'))) {
      const id = index.ids[n];
      if (index.row(id)?.pooled !== true) continue;
      pooledTools++;
      const radius = await ctx.services.reach.blastRadius(id, {});
      for (const r of radius.systems) systems.add(r.id);
      for (const t of radius.tenants()) tenants.add(t.tenantId);
    }
    return {
      computedAt: nowMs,
      findingsObservedAt: Date.parse(summary.observedAt),
      findings: summary.byCode.map(({ check, count }) => ({ code: check.code, severity: check.severity, count })),
      gaps: [...byReason].map(([reason, count]) => ({ reason, count })),
      tenants: index.nodesOfKind(KINDS.indexOf('TENANT')).length,
      systems: index.nodesOfKind(KINDS.indexOf('SYSTEM')).length,
      pooledTools,
      pooledTenants: tenants.size,
      pooledSystems: systems.size,
    };
  }
}
