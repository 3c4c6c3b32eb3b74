/**
 * Every core busy (issue 13): the API as several processes on one port
 * (PATHWARDEN_WORKERS; server/workers.ts), asked the same blast radius and
 * exposure questions at concurrency 1, 4 and 8. The targets compare
 * throughput at 8 with throughput at 1, and p95 at 4 with p95 at 1.
 */
import { gql, startApi } from './api';
import { timed, type Latency } from './stats';

export interface WorkerFigures {
  workers: number;
  /** Per question: latency at concurrency 1, 4 and 8. */
  runs: Record<string, { c1: Latency; c4: Latency; c8: Latency }>;
  maxRssMiB: number;
}

export async function workersTiming(uri: string, port: number, workers: number, questions: Record<string, { query: string; ids: string[] }>, log: (line: string) => void): Promise<WorkerFigures> {
  const api = await startApi(uri, port, { PATHWARDEN_WORKERS: String(workers) });
  try {
    const runs: WorkerFigures['runs'] = {};
    for (const [name, { query, ids }] of Object.entries(questions)) {
      const tasks = () => ids.map((id) => () => gql(api.url, query, { id }));
      // Each process loads its index as it starts: a round of questions first, so every one holds it (and its code is warm) before timing.
      await timed(tasks(), workers * 2);
      runs[name] = { c1: await timed(tasks(), 1), c4: await timed(tasks(), 4), c8: await timed(tasks(), 8) };
      const r = runs[name];
      log(`${workers} API processes, ${name}: ${r.c1.throughput.toFixed(1)} / ${r.c4.throughput.toFixed(1)} / ${r.c8.throughput.toFixed(1)} ops/s at concurrency 1 / 4 / 8; p95 ${r.c1.p95.toFixed(1)} / ${r.c4.p95.toFixed(1)} ms at 1 / 4`);
    }
    return { workers, runs, maxRssMiB: api.maxRss() / 2 ** 20 };
  } finally {
    await api.stop();
  }
}
