/** Latency statistics and a fixed-concurrency runner for the benchmark. */

export interface Latency {
  count: number;
  median: number;
  p95: number;
  p99: number;
  /** Completed operations per second over the whole run. */
  throughput: number;
}

/** Nearest-rank percentile of sorted milliseconds. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarize(ms: number[], wallMs: number): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return { count: ms.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), throughput: ms.length / (wallMs / 1000) };
}

/** Runs every task with at most `concurrency` in flight, and times each one. */
export async function timed(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<Latency> {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      const start = performance.now();
      await task();
      ms.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return summarize(ms, performance.now() - t0);
}

/** Times a synchronous function once per input (the floor runs in this process, one at a time). */
export function timedSync<T>(inputs: T[], fn: (input: T) => unknown): Latency {
  const ms: number[] = [];
  const t0 = performance.now();
  for (const input of inputs) {
    const start = performance.now();
    fn(input);
    ms.push(performance.now() - start);
  }
  return summarize(ms, performance.now() - t0);
}

/** A deterministic sample of `k` items (a seeded stride through the list). */
export function sample<T>(items: readonly T[], k: number, seed: number): T[] {
  if (items.length <= k) return [...items];
  const out: T[] = [];
  const step = items.length / k;
  for (let i = 0; i < k; i++) out.push(items[Math.floor((i * step + seed * 7919) % items.length)]);
  return [...new Set(out)];
}
