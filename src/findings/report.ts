/**
 * One findings report: every check asked for, over one index view at one
 * asOf. Checks are computed on demand and kept, so a request asking for
 * findings and a summary at the same asOf computes each check once. Checks
 * computed together share one pass over the access records (each sees every
 * present record once, catalog.ts), then finish in catalog order.
 *
 * A report is kept per asOf by the request's FindingService, or shared
 * between requests (shared.ts); its index is the request's, narrowed to the
 * caller's scope. Over a million records a report takes seconds, so it runs
 * in slices (the record pass in chunks, then one check at a time), answering
 * other requests in between, while the index's gate (reach/index/gate.ts)
 * holds back patches: every slice sees the state the first one saw.
 */
import type { Policy } from '../governance/policy';
import type { Slicer } from '../reach/index/gate';
import type { IndexRecord, ReachIndex } from '../reach/index/reach-index';
import type { BreakGlassUseRow } from './break-glass';
import type { CheckRun, Draft } from './catalog';
import type { RegisteredCheck } from './checks';
import { FindingFacts } from './facts';
import type { FindingModel, ReportScope } from './model';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Records handed to the checks between two looks at the clock. */
const CHUNK = 16_384;

export class Report {
  readonly scope: ReportScope;
  private facts: FindingFacts | null = null;
  private readonly computed = new Map<string, FindingModel[]>();
  /** Computations of this report run one after another (they share its facts and workspaces). */
  private queue: Promise<void> = Promise.resolve();

  constructor(index: ReachIndex, asOf: { ms: number; iso: string }, policy: Policy) {
    this.scope = { index, asOf: asOf.ms, asOfIso: asOf.iso, policy };
  }

  /**
   * The findings of `checks` (in catalog order), each list in subject order.
   * `uses`: the break-glass uses the viewer may see, when BREAK_GLASS_UNREVIEWED is among them.
   * Computed in slices of about PATHWARDEN_REPORT_SLICE_MS, other requests
   * answered in between, on one state of the index (its gate holds patches).
   */
  async findings(checks: readonly RegisteredCheck[], uses: BreakGlassUseRow[] = []): Promise<FindingModel[]> {
    const turn = this.queue.then(async () => {
      const missing = checks.filter((c) => !this.computed.has(c.code));
      if (missing.length > 0) await this.scope.index.gate.holdInSlices((slice) => this.compute(missing, uses, slice));
    });
    this.queue = turn.catch(() => {});
    await turn;
    return checks.flatMap((c) => this.computed.get(c.code) as FindingModel[]);
  }

  private async compute(checks: readonly RegisteredCheck[], uses: BreakGlassUseRow[], slice: Slicer): Promise<void> {
    // Node facts are read when the first computation holds the index, not when the report was made.
    const facts = (this.facts ??= new FindingFacts(this.scope.index, this.scope.asOf, this.scope.policy));
    facts.breakGlassUses = uses;
    const runs: { check: RegisteredCheck; run: CheckRun; found: FindingModel[] }[] = checks.map((check) => {
      const found: FindingModel[] = [];
      return { check, found, run: check.start(facts, (draft) => found.push(this.model(facts, check, draft))) };
    });
    const visitors = runs.filter((r) => r.run.record);
    const visit =
      visitors.length === 0
        ? undefined
        : (record: IndexRecord) => {
            for (const v of visitors) v.run.record!(record);
          };
    if (visit || !facts.filled) {
      for (let start = 0; start < facts.edgeCount; start += CHUNK) {
        facts.passRecords(start, start + CHUNK, visit);
        await slice.next();
      }
      facts.passEnded();
    }
    for (const { check, run, found } of runs) {
      const steps = run.finish?.();
      if (steps) while (!steps.next().done) await slice.next();
      found.sort((a, b) => byString(a.subjectId, b.subjectId) || byString(a.extra, b.extra));
      this.computed.set(check.code, found);
      await slice.next();
    }
  }

  private model(facts: FindingFacts, check: RegisteredCheck, draft: Draft): FindingModel {
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
