/**
 * The findings queries: arguments checked first (each failure names its
 * argument), then one report per asOf over the request's index (already
 * narrowed for OWNER and TENANT_AUDITOR, so every finding, count and tenant
 * is computed inside the caller's scope), then filters and a page.
 *
 * Order, for stable pages: severity (CRITICAL first), code, subject id, and
 * the break-glass use id where a subject has several. totalCount is exact:
 * the report is computed whole.
 */
import type { Viewer } from '../core/viewer';
import { asOfArg } from '../arguments';
import type { Executor } from '../db/executor';
import { badArgument, notFound } from '../errors';
import type { Severity } from '../generated/graphql';
import type { Policy } from '../governance/policy';
import { decodeCursor, pageOf, pageSize, type Connection, type SortKey } from '../pagination';
import { KINDS, type ReachIndex } from '../reach/index/reach-index';
import type { Traverser } from '../reach/traverser';
import { breakGlassUses, type BreakGlassUseRow } from './break-glass';
import { SEVERITIES } from './catalog';
import { CHECK_BY_CODE, CHECKS, type RegisteredCheck } from './checks';
import type { FindingModel, FindingSummaryModel, SeverityCount } from './model';
import { Report } from './report';
import { sharedReport, type ReportEntry } from './shared';
import { ReachIndexProvider } from '../reach/index/provider';
import type { ReachMode } from '../reach/traverser';

export interface FindingsArgs {
  codes?: readonly string[] | null;
  severities?: readonly Severity[] | null;
  tenantId?: string | null;
  entityId?: string | null;
  asOf?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface SummaryArgs {
  asOf?: string | null;
  tenantId?: string | null;
}

const KEY_ARITY = 4;
const keyOf = (f: FindingModel): SortKey => [f.check.rank, f.check.code, f.subjectId, f.extra];

export class FindingService {
  private readonly reports = new Map<string, ReportEntry>();
  /** One index for every report of the request (in Neo4j reach mode each wholeGraph() call loads the graph anew). */
  private graph: Promise<ReachIndex> | null = null;

  constructor(
    private readonly traverser: Traverser,
    private readonly exec: Executor,
    private readonly viewer: Viewer,
    private readonly now: string,
    private readonly policy: Policy,
    private readonly mode: ReachMode = 'index',
  ) {}

  async findings(args: FindingsArgs): Promise<Connection<FindingModel>> {
    const codes = codesArg(args.codes);
    const asOf = asOfArg(args.asOf, this.now);
    // Page arguments are checked before the report runs, not after.
    pageSize(args.first);
    decodeCursor(args.after, KEY_ARITY);
    const index = await (this.graph ??= this.traverser.wholeGraph());
    const tenant = args.tenantId == null ? -1 : tenantArg(index, args.tenantId);
    const entity = args.entityId == null ? -1 : entityArg(index, args.entityId);
    const severities = args.severities == null ? null : new Set(args.severities);
    const checks = CHECKS.filter((c) => (!codes || codes.has(c.code)) && (!severities || severities.has(c.severity)));
    let found = await this.compute(index, asOf, checks, args.asOf == null);
    if (tenant >= 0) found = found.filter(concerns(tenant));
    if (entity >= 0) found = found.filter((f) => f.entity === entity || (f.edge >= 0 && index.edgeEnds(f.edge).includes(entity)));
    return pageOf(found, keyOf, KEY_ARITY, args.first, args.after);
  }

  async summary(args: SummaryArgs): Promise<FindingSummaryModel> {
    const asOf = asOfArg(args.asOf, this.now);
    const index = await (this.graph ??= this.traverser.wholeGraph());
    const tenant = args.tenantId == null ? -1 : tenantArg(index, args.tenantId);
    const entry = this.entry(index, asOf, args.asOf == null);
    let found = await this.compute(index, asOf, CHECKS, args.asOf == null);
    if (tenant >= 0) found = found.filter(concerns(tenant));

    const byCode = new Map<string, number>();
    const bySeverity = severityCounts();
    // A tenant list is shared by every finding about one entity: count lists first, then spread each over its tenants.
    const lists = new Map<readonly number[], number[]>();
    for (const f of found) {
      byCode.set(f.check.code, (byCode.get(f.check.code) ?? 0) + 1);
      bySeverity[f.check.rank].count++;
      const perRank = lists.get(f.tenants) ?? lists.set(f.tenants, [0, 0, 0, 0]).get(f.tenants)!;
      perRank[f.check.rank]++;
    }
    const byTenant = new Map<number, SeverityCount[]>();
    for (const [tenants, perRank] of lists) {
      for (const t of tenants) {
        if (tenant >= 0 && t !== tenant) continue;
        const counts = byTenant.get(t) ?? byTenant.set(t, severityCounts()).get(t)!;
        perRank.forEach((n, rank) => (counts[rank].count += n));
      }
    }
    const total = (counts: SeverityCount[]) => counts.reduce((sum, c) => sum + c.count, 0);
    return {
      observedAt: entry.asOf.iso,
      total: found.length,
      byCode: CHECKS.map((check) => ({ check, count: byCode.get(check.code) ?? 0 })),
      bySeverity,
      byTenant: [...byTenant]
        .map(([t, counts]) => ({ tenantId: index.ids[t], count: total(counts), bySeverity: counts, asOf: entry.asOf.iso }))
        .sort((a, b) => b.count - a.count || (a.tenantId < b.tenantId ? -1 : 1)),
    };
  }

  /**
   * The report a request answers from: for an explicit asOf, its own for that
   * instant; without one (asOf = the request's now), the report shared between
   * such requests (shared.ts), which may be up to a minute older.
   */
  private entry(index: ReachIndex, asOf: { ms: number; iso: string }, defaulted: boolean): ReportEntry {
    const key = defaulted ? 'now' : asOf.iso;
    let entry = this.reports.get(key);
    if (!entry) {
      const make = (): ReportEntry => ({ report: new Report(index, asOf, this.policy), asOf, uses: null });
      // In the Neo4j reach mode every request loads its own graph: nothing to share.
      entry = defaulted && this.mode === 'index' ? sharedReport(index, ReachIndexProvider.for(this.exec).stamp, asOf.ms, make) : make();
      this.reports.set(key, entry);
    }
    return entry;
  }

  /** The findings of `checks` from the request's report (see `entry`). */
  private async compute(index: ReachIndex, asOf: { ms: number; iso: string }, checks: readonly RegisteredCheck[], defaulted: boolean): Promise<FindingModel[]> {
    const entry = this.entry(index, asOf, defaulted);
    let uses: BreakGlassUseRow[] = [];
    if (checks.some((c) => c.code === 'BREAK_GLASS_UNREVIEWED')) {
      if (!entry.uses) {
        const reading = breakGlassUses(this.exec, this.viewer, entry.asOf.ms);
        // A failed read must not stick to a report that later requests share: the next one reads again.
        reading.catch(() => {
          if (entry.uses === reading) entry.uses = null;
        });
        entry.uses = reading;
      }
      uses = await entry.uses;
    }
    return entry.report.findings(checks, uses);
  }
}

function codesArg(codes: readonly string[] | null | undefined): Set<string> | null {
  if (codes == null) return null;
  const unknown = codes.filter((c) => !CHECK_BY_CODE.has(c));
  if (unknown.length > 0) {
    throw badArgument('codes', `unknown finding code${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => JSON.stringify(c)).join(', ')}; the codes are ${CHECKS.map((c) => c.code).join(', ')}`);
  }
  return new Set(codes);
}

/** tenantId must name a Tenant the caller can see: NOT_FOUND otherwise (out of scope looks the same), BAD_USER_INPUT for another kind. */
function tenantArg(index: ReachIndex, tenantId: string): number {
  const t = index.node(tenantId);
  if (t === undefined) throw notFound('tenantId', tenantId);
  const kind = KINDS[index.kindOf(t)];
  if (kind !== 'TENANT') throw badArgument('tenantId', `${JSON.stringify(tenantId)} is a ${kind}, not a TENANT`);
  return t;
}

function entityArg(index: ReachIndex, entityId: string): number {
  const n = index.node(entityId);
  if (n === undefined) throw notFound('entityId', entityId);
  return n;
}

/** Whether a finding concerns tenant t; memoized per tenant list (lists are shared between findings). */
function concerns(t: number): (f: FindingModel) => boolean {
  const memo = new Map<readonly number[], boolean>();
  return (f) => {
    let hit = memo.get(f.tenants);
    if (hit === undefined) memo.set(f.tenants, (hit = f.tenants.includes(t)));
    return hit;
  };
}

function severityCounts(): SeverityCount[] {
  return SEVERITIES.map((severity) => ({ severity, count: 0 }));
}
