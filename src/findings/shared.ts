/**
 * Reports shared between requests that leave `asOf` out (dashboards polling
 * findingSummary, auditors paging findings): the whole report over a million
 * records takes seconds on the API's one thread, so it is computed at most
 * once per PATHWARDEN_FINDINGS_CACHE_MS (default 60 s) for each index view
 * and graph version, and any write the process sees starts a new one. Such an
 * answer is as of the instant the shared report was computed, which every
 * finding and summary reports as `observedAt`. A request that names `asOf`
 * always gets a report of its own, at exactly that instant.
 */
import { findingsCacheMs } from '../config';
import type { ReachIndex } from '../reach/index/reach-index';
import type { Report } from './report';
import type { BreakGlassUseRow } from './break-glass';

export interface ReportEntry {
  report: Report;
  asOf: { ms: number; iso: string };
  uses: Promise<BreakGlassUseRow[]> | null;
}

/** Keyed by the index (a narrowed viewer's view is its own object), then checked against the graph version. */
const shared = new WeakMap<ReachIndex, { stamp: string; computedAt: number; entry: ReportEntry }>();

/** The shared report for `index` at graph version `stamp`, or a new one made (and shared) when it is missing or too old. */
export function sharedReport(index: ReachIndex, stamp: string, nowMs: number, make: () => ReportEntry): ReportEntry {
  const ttl = findingsCacheMs();
  if (ttl === 0) return make();
  const hit = shared.get(index);
  if (hit && hit.stamp === stamp && nowMs - hit.computedAt < ttl && nowMs >= hit.computedAt) return hit.entry;
  const entry = make();
  shared.set(index, { stamp, computedAt: nowMs, entry });
  return entry;
}
