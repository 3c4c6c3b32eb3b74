/**
 * The path users take to load an inventory: the whole generated graph into
 * an empty database through the `ingest` mutation alone, over HTTP, in
 * batches of the documented 5,000 records (dependency order, as
 * `npm run import` splits a file), each batch timed. A lookup that scans
 * would make later batches slower than earlier ones as the store fills, so
 * besides the overall rate this reports how flat the batch times stay.
 */
import type { IngestInput } from '../generated/graphql';
import { INGEST_BATCH_LIMIT } from '../graph/vocabulary';
import { batches } from '../ingest/batches';
import { recordCount } from '../ingest/service';
import { gql } from './api';

const INGEST = `mutation($input: IngestInput!) { ingest(input: $input) { entities { created } ownerships { created } access { created } } }`;

export interface IngestLoadFigures {
  records: number;
  batches: number;
  seconds: number;
  perSecond: number;
  /** Mean time per record (ms) of the fastest and of the slowest tenth of the full batches, and their ratio. */
  fastestTenthMsPerRecord: number;
  slowestTenthMsPerRecord: number;
  slowestOverFastest: number;
  /** Like-for-like growth: access batches only (the bulk of an inventory), the last tenth's mean over the first tenth's. */
  accessLastOverFirst: number;
}

interface BatchTime {
  records: number;
  ms: number;
  accessOnly: boolean;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
const tenth = (n: number) => Math.max(1, Math.floor(n / 10));

export async function ingestLoad(url: string, input: IngestInput, onBatch: (done: number, total: number) => void = () => {}): Promise<IngestLoadFigures> {
  const total = recordCount(input);
  const times: BatchTime[] = [];
  const t0 = performance.now();
  let done = 0;
  for (const batch of batches(input, INGEST_BATCH_LIMIT)) {
    const records = recordCount(batch);
    const start = performance.now();
    await gql(url, INGEST, { input: batch });
    times.push({ records, ms: performance.now() - start, accessOnly: Object.keys(batch).every((k) => k === 'source' || k === 'access') });
    done += records;
    onBatch(done, total);
  }
  const seconds = (performance.now() - t0) / 1000;
  // The last batch is usually partial: per-record times of full batches only, so a short batch's fixed cost does not count as slowness.
  const full = times.filter((b) => b.records === INGEST_BATCH_LIMIT);
  const perRecord = (full.length > 0 ? full : times).map((b) => b.ms / b.records).sort((a, b) => a - b);
  const fastest = mean(perRecord.slice(0, tenth(perRecord.length)));
  const slowest = mean(perRecord.slice(-tenth(perRecord.length)));
  const access = full.filter((b) => b.accessOnly).map((b) => b.ms / b.records);
  const first = mean(access.slice(0, tenth(access.length)));
  const last = mean(access.slice(-tenth(access.length)));
  return {
    records: total,
    batches: times.length,
    seconds,
    perSecond: total / seconds,
    fastestTenthMsPerRecord: fastest,
    slowestTenthMsPerRecord: slowest,
    slowestOverFastest: slowest / fastest,
    accessLastOverFirst: access.length > 0 ? last / first : NaN,
  };
}
