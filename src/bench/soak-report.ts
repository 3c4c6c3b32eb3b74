/**
 * The soak's judgements and its report, kept free of I/O so that they can be
 * tested on made-up samples: how an answer is classified (success, a refusal
 * the soak provoked on purpose, or a failure), the latency of the first and
 * the last tenth of the run, whether the API's resident memory levels off,
 * and the printed table and Markdown section.
 */
import { percentile } from './stats';

/** How one request ended. A refusal counts as provoked only when it carries exactly the code the soak asked for. */
export type Outcome = 'ok' | 'provoked' | 'unexpected';

/** One request: its operation, when it started (ms since the run began), how long it took, and how it ended. */
export interface Sample {
  op: string;
  startedMs: number;
  ms: number;
  outcome: Outcome;
  /** OK, the error code, NOT_REFUSED (a provoked refusal that was answered), or TRANSPORT (no GraphQL answer at all). */
  code: string;
}

/**
 * Classifies an answer. `expected` is the code of a refusal the soak provokes
 * on purpose (null for an ordinary request); `codes` are the error codes of
 * the answer (empty when it succeeded). A provoked request answered without
 * the refusal is a failure too: a refusal that stops happening under load is
 * a hole (a tenant auditor suddenly seeing another tenant), not a success.
 */
export function classify(expected: string | null, codes: readonly string[]): { outcome: Outcome; code: string } {
  if (expected === null) return codes.length === 0 ? { outcome: 'ok', code: 'OK' } : { outcome: 'unexpected', code: codes[0] };
  if (codes.length === 0) return { outcome: 'unexpected', code: `NOT_REFUSED (expected ${expected})` };
  return codes.every((c) => c === expected) ? { outcome: 'provoked', code: expected } : { outcome: 'unexpected', code: codes.find((c) => c !== expected)! };
}

export interface TenthLatency {
  op: string;
  first: { n: number; p50: number; p95: number };
  last: { n: number; p50: number; p95: number };
}

/**
 * p50 and p95 per operation over the requests started in the first and in
 * the last tenth of the run's wall time (by time, not by count: a slowdown
 * that builds up over minutes shows as the last tenth's figures above the
 * first's). Every outcome counts: a provoked refusal is an operation too.
 */
export function tenths(samples: readonly Sample[], durationMs: number): TenthLatency[] {
  const ops = [...new Set(samples.map((s) => s.op))].sort();
  const stats = (list: Sample[]) => {
    const sorted = list.map((s) => s.ms).sort((a, b) => a - b);
    return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  return ops.map((op) => {
    const mine = samples.filter((s) => s.op === op);
    return { op, first: stats(mine.filter((s) => s.startedMs < durationMs / 10)), last: stats(mine.filter((s) => s.startedMs >= (durationMs * 9) / 10)) };
  });
}

export interface MemorySample {
  atMs: number;
  rssBytes: number;
}

export interface MemoryVerdict {
  verdict: 'levels off' | 'grows' | 'too few samples';
  /** Highest RSS (MiB) in the middle and in the last third of the run. */
  middleMaxMiB: number;
  lastMaxMiB: number;
}

const MiB = 2 ** 20;

/**
 * Does resident memory level off? The run's samples are cut into three
 * thirds by time: the first is warm-up (the reach index loads, code gets
 * compiled, caches fill) and is ignored; memory levels off when the peak of
 * the last third is within `tolerance` (default 10%) plus `slackMiB` (default
 * 32 MiB, the garbage collector's own swing on a small heap) of the peak of
 * the middle third. Peaks, not means: a heap that is collected late swings,
 * and what matters is whether the top of the swing keeps rising. The soak
 * keeps writing, so a graph that grows by a few percent may grow the index
 * with it: the tolerance is for that, and the writers are paced to stay in it.
 */
export function memoryVerdict(samples: readonly MemorySample[], { tolerance = 0.1, slackMiB = 32, minSamples = 9 } = {}): MemoryVerdict {
  if (samples.length < minSamples) return { verdict: 'too few samples', middleMaxMiB: NaN, lastMaxMiB: NaN };
  const start = samples[0].atMs;
  const span = samples[samples.length - 1].atMs - start;
  const peak = (from: number, to: number) => Math.max(...samples.filter((s) => s.atMs - start >= from && s.atMs - start <= to).map((s) => s.rssBytes)) / MiB;
  const middleMaxMiB = peak(span / 3, (2 * span) / 3);
  const lastMaxMiB = peak((2 * span) / 3, span);
  return { verdict: lastMaxMiB <= middleMaxMiB * (1 + tolerance) + slackMiB ? 'levels off' : 'grows', middleMaxMiB, lastMaxMiB };
}

export interface SoakFigures {
  command: string;
  date: string;
  machine: string;
  scale: string;
  graph: string;
  plannedMinutes: number;
  maxRequests: number;
  seconds: number;
  stoppedBy: 'time' | 'count' | 'failure' | 'signal';
  samples: Sample[];
  memory: MemorySample[];
  /** Whether a growing memory fails the run (long runs only: a minute is all warm-up). */
  memoryJudged: boolean;
  writes: { ingestBatches: number; ingestRecords: number; grants: number; certifications: number; revocations: number };
  checks: string[];
  failures: string[];
}

/** Counts per code for one outcome, most frequent first. */
export function codeCounts(samples: readonly Sample[], outcome: Outcome): [string, number][] {
  const counts = new Map<string, number>();
  for (const s of samples) if (s.outcome === outcome) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

const ms = (x: number) => (Number.isNaN(x) ? '-' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const counts = (list: [string, number][]) => (list.length === 0 ? 'none' : list.map(([c, n]) => `${c} ${n.toLocaleString('en')}`).join(', '));

/** The soak's Markdown section (it opens with `## Soak`), the command line beside the figures. */
export function soakMarkdown(f: SoakFigures): string {
  const mem = memoryVerdict(f.memory);
  const byTime = f.memory.length === 0 ? [] : f.memory.filter((_, i) => i % Math.max(1, Math.ceil(f.memory.length / 12)) === 0 || i === f.memory.length - 1);
  const lines = [
    '## Soak',
    '',
    `Command: \`${f.command}\``,
    `Date: ${f.date}. Machine: ${f.machine}. Graph: ${f.graph}.`,
    `Ran ${(f.seconds / 60).toFixed(1)} of ${f.plannedMinutes} planned minutes (bound: ${f.maxRequests.toLocaleString('en')} requests); stopped by ${f.stoppedBy}.`,
    '',
    `Requests: ${f.samples.length.toLocaleString('en')}. Failures: ${counts(codeCounts(f.samples, 'unexpected'))}. Provoked refusals (expected): ${counts(codeCounts(f.samples, 'provoked'))}.`,
    `Acknowledged writes: ${f.writes.ingestBatches} ingest batches (${f.writes.ingestRecords.toLocaleString('en')} records), ${f.writes.grants} grants, ${f.writes.certifications} certifications, ${f.writes.revocations} revocations.`,
    '',
    '| operation | first tenth n | p50 (ms) | p95 (ms) | last tenth n | p50 (ms) | p95 (ms) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...tenths(f.samples, f.seconds * 1000).map((t) => `| ${t.op} | ${t.first.n} | ${ms(t.first.p50)} | ${ms(t.first.p95)} | ${t.last.n} | ${ms(t.last.p50)} | ${ms(t.last.p95)} |`),
    '',
    `API resident memory (MiB) over time: ${byTime.map((s) => `${(s.atMs / 1000).toFixed(0)} s ${(s.rssBytes / MiB).toFixed(0)}`).join(', ') || 'not sampled'}.`,
    `Peak of the middle third ${mem.middleMaxMiB.toFixed(0)} MiB, of the last third ${mem.lastMaxMiB.toFixed(0)} MiB: ${mem.verdict}${f.memoryJudged ? '' : ' (not judged: a run under 10 minutes is mostly warm-up)'}.`,
    '',
    'Final check:',
    ...f.checks.map((c) => `- ${c}`),
    ...f.failures.map((c) => `- **FAILED**: ${c}`),
    '',
  ];
  return lines.join('\n');
}

/**
 * `doc` with its section under `heading` (a `## ` line) replaced by `section`,
 * or with `section` appended when it has none. The benchmark rewrites
 * BENCHMARKS.md whole; this keeps the soak's figures (and lets the soak
 * replace them) without either command knowing the other's layout.
 */
export function replaceSection(doc: string, heading: string, section: string): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === heading);
  const body = section.endsWith('\n') ? section : `${section}\n`;
  if (start < 0) return `${doc.replace(/\n*$/, '')}\n\n${body}`;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const after = lines.slice(end).join('\n');
  return [...lines.slice(0, start), ...body.replace(/\n*$/, '').split('\n'), ...(after ? ['', after] : [''])].join('\n');
}

/** The section of `doc` under `heading`, or null (for the benchmark to carry it over). */
export function sectionOf(doc: string, heading: string): string | null {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === heading);
  if (start < 0) return null;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  return lines.slice(start, end).join('\n').replace(/\n*$/, '\n');
}

/**
 * Why the soak refuses `url`, or null when it is on this machine. The soak
 * writes (grants, revocations, ingest batches) and floods whatever it is
 * pointed at, so it only ever talks to a loopback address: a production
 * Neo4j or API named by mistake in the environment is refused before a
 * single request.
 */
export function loopbackProblem(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return `${url} is not a URL`;
  }
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  return loopback ? null : `${url} is not a loopback address: the soak writes and floods what it talks to, so it runs on this machine only`;
}
