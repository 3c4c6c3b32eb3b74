/**
 * One findings report: every check asked for, over one index view at one
 * asOf. Checks are computed on demand and kept, so a request asking for
 * findings and a summary at the same asOf computes each check once. Checks
 * computed together share one pass over the access records (each sees every
 * present record once, catalog.ts), then finish in catalog order.
 *
 * A report lives for one request (FindingService keeps it per asOf): its
 * index is the request's snapshot, narrowed to the caller's scope.
 */
import type { Policy } from '../governance/policy';
import type { IndexRecord, ReachIndex } from '../reach/index/reach-index';
import type { BreakGlassUseRow } from './break-glass';
import type { CheckRun, Draft } from './catalog';
import type { RegisteredCheck } from './checks';
import { FindingFacts } from './facts';
import type { FindingModel, ReportScope } from './model';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class Report {
  readonly scope: ReportScope;
  private readonly facts: FindingFacts;
  private readonly computed = new Map<string, FindingModel[]>();

  constructor(index: ReachIndex, asOf: { ms: number; iso: string }, policy: Policy) {
    this.scope = { index, asOf: asOf.ms, asOfIso: asOf.iso, policy };
    this.facts = new FindingFacts(index, asOf.ms, policy);
  }

  /**
   * The findings of `checks` (in catalog order), each list in subject order.
   * `uses`: the break-glass uses the viewer may see, when BREAK_GLASS_UNREVIEWED is among them.
   */
  findings(checks: readonly RegisteredCheck[], uses: BreakGlassUseRow[] = []): FindingModel[] {
    const missing = checks.filter((c) => !this.computed.has(c.code));
    if (missing.length > 0) this.compute(missing, uses);
    return checks.flatMap((c) => this.computed.get(c.code) as FindingModel[]);
  }

  private compute(checks: readonly RegisteredCheck[], uses: BreakGlassUseRow[]): void {
    const facts = this.facts;
    facts.breakGlassUses = uses;
    const runs: { check: RegisteredCheck; run: CheckRun; found: FindingModel[] }[] = checks.map((check) => {
      const found: FindingModel[] = [];
      return { check, found, run: check.start(facts, (draft) => found.push(this.model(check, draft))) };
    });
    const visitors = runs.filter((r) => r.run.record);
    facts.eachPresentRecord(
      visitors.length === 0
        ? undefined
        : (record: IndexRecord) => {
            for (const v of visitors) v.run.record!(record);
          },
    );
    for (const { check, run, found } of runs) {
      run.finish?.();
      found.sort((a, b) => byString(a.subjectId, b.subjectId) || byString(a.extra, b.extra));
      this.computed.set(check.code, found);
    }
  }

  private model(check: RegisteredCheck, draft: Draft): FindingModel {
    const facts = this.facts;
    const entity = draft.entity ?? -1;
    const edge = draft.edge ?? -1;
    let records = draft.records ?? null;
    // Edge numbers depend on load order; ids do not, so lists go out in id order.
    if (records && records.length > 1) records = records.map((e) => [facts.accessId(e), e] as const).sort((a, b) => byString(a[0], b[0])).map(([, e]) => e);
    return {
      check,
      subjectId: entity >= 0 ? facts.id(entity) : (draft.accessId ?? facts.accessId(edge)),
      entity,
      edge,
      extra: draft.extra ?? '',
      tenants: draft.tenants,
      records,
      detail: draft.detail ?? null,
      since: draft.since ?? null,
      evidence: draft.evidence ?? null,
      breakGlassUse: draft.breakGlassUse ?? null,
      scope: this.scope,
    };
  }
}
