/**
 * What every finding check is: a code, a title, a severity and the "maps to"
 * cell of domain.md's Findings table, kept verbatim in each check so a
 * reviewer can hold the two side by side; `frameworks` expands that cell into
 * the FrameworkRefs the API answers with.
 *
 * A check runs in two phases (report.ts): `record` sees each access record
 * present at asOf once, in one pass over the whole index shared by every
 * check of the report; `finish` runs after that pass, when the per-report
 * arrays (which edges are steps, which are privileged) are complete. A check
 * that needs no records does all its work in `finish`.
 */
import type { Severity } from '../generated/graphql';
import type { IndexRecord } from '../reach/index/reach-index';
import type { Step } from '../reach/traversal';
import type { BreakGlassUseRow } from './break-glass';
import type { FindingFacts } from './facts';
import type { FindingModel } from './model';

/** Report order: most severe first. */
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

export interface FrameworkRef {
  framework: string;
  control: string;
}

/** The frameworks domain.md names, by the abbreviation its table uses (docs/findings.md, Frameworks). */
export const FRAMEWORKS: Readonly<Record<string, string>> = {
  OWASP: 'OWASP NHI Top 10 (2025)',
  CSF: 'NIST CSF 2.0',
  '800-53': 'NIST SP 800-53 Rev. 5',
  CIS: 'CIS Controls v8',
};

/**
 * "OWASP NHI1; CSF GV.RR-02, PR.AA-01; 800-53 AC-2" -> one ref per control,
 * in the cell's order. An unknown abbreviation is a programming error.
 */
export function frameworksOf(maps: string): FrameworkRef[] {
  return maps.split(';').flatMap((part) => {
    const [abbreviation, ...rest] = part.trim().split(' ');
    const framework = FRAMEWORKS[abbreviation];
    if (!framework) throw new Error(`unknown framework ${JSON.stringify(abbreviation)} in ${JSON.stringify(maps)}`);
    return rest
      .join(' ')
      .split(',')
      .map((control) => ({ framework, control: control.trim() }));
  });
}

/** A finding as a check reports it: node and edge numbers of the report's index, resolved to ids later. */
export interface Draft {
  /** The subject: an entity (node number)... */
  entity?: number;
  /** ...or an access record (edge number, and its id when the check has it at hand). */
  edge?: number;
  accessId?: string;
  /** Tells apart two findings of one code on one subject (a break-glass use id); '' when there is one. */
  extra?: string;
  /** Tenant nodes the finding concerns (docs/findings.md, Tenants); lists may be shared, never mutated. */
  tenants: readonly number[];
  /** Edge numbers of the access records it rests on; absent: the subject record alone (none for an entity). */
  records?: readonly number[];
  /** What was found; absent: the check's `describe`, run only when a client asks (a report may hold 500,000 findings). */
  detail?: string;
  /** When the condition began (epoch ms), where the evidence dates it. */
  since?: number | null;
  /** Witness paths, computed only when a client asks; absent: each record as a one-step path. */
  evidence?: () => Step[][];
  breakGlassUse?: BreakGlassUseRow;
}

export type Emit = (draft: Draft) => void;

/** One run of a check over one report. */
export interface CheckRun {
  /**
   * Each access record present at asOf (and visible), once; the per-report
   * edge arrays may still be incomplete. `r` is one object refilled for the
   * next record: keep its fields (r.edge), never `r` itself.
   */
  record?(r: IndexRecord): void;
  /**
   * After the record pass. A generator (`*finish()`) lets the report give
   * way to other requests where it yields (between subjects): no walk's
   * answer may be kept across a yield, since other work walks in between.
   */
  finish?(): void | Iterator<unknown>;
}

export interface CheckSpec {
  code: string;
  title: string;
  severity: Severity;
  /** domain.md's "maps to" cell, verbatim. */
  maps: string;
}

export interface Check extends CheckSpec {
  start(facts: FindingFacts, emit: Emit): CheckRun;
  /** The detail of a finding emitted without one. */
  describe?(finding: FindingModel): string;
}

export interface CheckInfo extends CheckSpec {
  frameworks: FrameworkRef[];
  /** Position of the severity in SEVERITIES (the first sort key). */
  rank: number;
}

/** Declares a check: its spec, how it runs, and how it words findings it emits without a detail. */
export function check(spec: CheckSpec, start: Check['start'], describe?: Check['describe']): Check {
  return { ...spec, start, describe };
}
