/**
 * Findings as the resolvers receive them: node and edge numbers of the
 * report's index (resolved to ids and loaded only when a client asks), the
 * check they come from, and the report they belong to (its index view and
 * asOf). Evidence paths are traced on demand.
 */
import type { Severity } from '../generated/graphql';
import type { Policy } from '../governance/policy';
import type { ReachIndex } from '../reach/index/reach-index';
import type { Step } from '../reach/traversal';
import type { BreakGlassUseRow } from './break-glass';
import type { Check, CheckInfo } from './catalog';

/** What every finding of one report shares. */
export interface ReportScope {
  index: ReachIndex;
  asOf: number;
  asOfIso: string;
  policy: Policy;
}

export interface FindingModel {
  check: CheckInfo & Pick<Check, 'describe'>;
  /** The subject's id: an entity's, or an access record's. */
  subjectId: string;
  /** The subject as a node number, or -1 when it is an access record. */
  entity: number;
  /** The subject as an edge number, or -1 when it is an entity. */
  edge: number;
  /** Tells apart findings of one code on one subject ('' when there is one). */
  extra: string;
  tenants: readonly number[];
  /** Edge numbers in access id order; null: the subject record alone. */
  records: readonly number[] | null;
  /** null: worded by the check's describe when asked. */
  detail: string | null;
  since: number | null;
  evidence: (() => Step[][]) | null;
  breakGlassUse: BreakGlassUseRow | null;
  scope: ReportScope;
}

export interface BreakGlassUseModel extends BreakGlassUseRow {
  scope: ReportScope;
}

export interface FindingCodeCountModel {
  check: CheckInfo;
  count: number;
}

export interface SeverityCount {
  severity: Severity;
  count: number;
}

export interface FindingTenantCountModel {
  tenantId: string;
  count: number;
  bySeverity: SeverityCount[];
  asOf: string;
}

export interface FindingSummaryModel {
  observedAt: string;
  total: number;
  byCode: FindingCodeCountModel[];
  bySeverity: SeverityCount[];
  byTenant: FindingTenantCountModel[];
}

/** The access records a finding rests on, as edge numbers. */
export function recordsOf(f: Pick<FindingModel, 'records' | 'edge'>): readonly number[] {
  return f.records ?? (f.edge >= 0 ? [f.edge] : []);
}

/** A finding's detail sentence. */
export function detailOf(f: FindingModel): string {
  return f.detail ?? f.check.describe?.(f) ?? '';
}

/** A finding's stable id: CODE:subjectId, plus :extra when one subject can have several findings of a code. */
export function findingId(f: Pick<FindingModel, 'check' | 'subjectId' | 'extra'>): string {
  return `${f.check.code}:${f.subjectId}${f.extra ? `:${f.extra}` : ''}`;
}
