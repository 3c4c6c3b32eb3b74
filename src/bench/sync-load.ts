/**
 * Whole-source sync at scale, through the importer's own path
 * (importDocuments with sync: the lease, validation and plan, the guards,
 * the new records staged in batches, then ONE publishing transaction): the
 * generated graph synced as one source into an empty database, then synced
 * again with 1% of its access records changed (half of them gone, so
 * revoked, and replaced by new records; half with a new justification).
 * Each run is timed, and the heap Neo4j reports for each of its write
 * transactions is read just before it commits (its peak: a write's state
 * only grows), so the heap a sync of this size needs is known per staging
 * batch and for the publishing transaction (docs/ingest.md, "Sync of a whole
 * source"). A run that fails (a Neo4j memory limit, say) is reported with
 * its error rather than ending the benchmark.
 */
import { SYSTEM_VIEWER } from '../core/viewer';
import type { SourceDocument } from '../connectors/connector';
import type { Executor } from '../db/executor';
import type { AccessInput, IngestInput } from '../generated/graphql';
import { importDocuments, type ImportOutcome } from '../ingest/import-files';
import { recordCount } from '../ingest/service';

export interface SyncRunFigures {
  records: number;
  seconds: number;
  perSecond: number;
  created: number;
  updated: number;
  unchanged: number;
  revoked: number;
  /** Staging transactions, and the most heap Neo4j reported for one of them just before it committed (MiB; null: none ran). */
  stagingBatches: number;
  peakStagingMiB: number | null;
  /** The heap Neo4j reported for the publishing transaction just before it committed (MiB; null if never read). */
  publishMiB: number | null;
  /** The larger of the two: the heap one transaction of this sync needed (MiB). */
  peakTransactionMiB: number | null;
}

export interface SyncLoadFigures {
  first: SyncRunFigures | { error: string };
  resync: (SyncRunFigures & { changedAccess: number }) | { error: string };
}

const document = (input: IngestInput): SourceDocument => ({ name: 'generated graph', input, locate: () => undefined });

/** The same graph with 1% of its access records changed: every 100th gone and replaced under a new id, or re-justified, in turn. */
export function changedByOnePercent(input: IngestInput): { input: IngestInput; changed: number } {
  const access: AccessInput[] = [];
  let changed = 0;
  (input.access ?? []).forEach((record, i) => {
    if (i % 100 !== 50) return void access.push(record);
    changed++;
    if (changed % 2 === 0) access.push({ ...record, justification: `${record.justification ?? ''} (renewed)`.trim() });
    else access.push({ ...record, id: `${record.id}:resync` });
  });
  return { input: { ...input, access }, changed };
}

async function timedSync(exec: Executor, input: IngestInput, log: (msg: string) => void): Promise<SyncRunFigures> {
  let peakStaging: number | null = null;
  let publish: number | null = null;
  let stagingBatches = 0;
  // Read from another session while the transaction is still open, just before it commits.
  const heapNow = async () => {
    const [row] = await exec.query(SYSTEM_VIEWER, 'bench/transaction-memory');
    return row?.heap === null || row?.heap === undefined ? null : Number(row.heap);
  };
  const t0 = performance.now();
  const outcome: ImportOutcome = await importDocuments(exec, [document(input)], {
    source: input.source as string,
    sync: { maxRevocations: null, allowLargeRevocation: false },
    batchSize: 5000,
    onWrite: (done, total) => {
      if (done === 0) log(`  validated and planned in ${((performance.now() - t0) / 1000).toFixed(1)} s; writing ${total.toLocaleString('en')} new or changed records (new ones staged in batches, then one publishing transaction)...`);
    },
    beforeCommit: async (phase) => {
      const heap = await heapNow();
      if (phase === 'publish') publish = heap;
      else {
        stagingBatches++;
        if (heap !== null && (peakStaging === null || heap > peakStaging)) peakStaging = heap;
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (outcome.kind !== 'imported') throw new Error(`the sync was not imported: ${JSON.stringify(outcome).slice(0, 500)}`);
  const records = recordCount(input);
  return {
    records,
    seconds,
    perSecond: records / seconds,
    created: outcome.created,
    updated: outcome.updated,
    unchanged: Object.values(outcome.counts.unchanged).reduce((a, b) => a + b, 0),
    revoked: Object.values(outcome.counts.revoked).reduce((a, b) => a + b, 0),
    stagingBatches,
    peakStagingMiB: mib(peakStaging),
    publishMiB: mib(publish),
    peakTransactionMiB: mib(Math.max(peakStaging ?? -1, publish ?? -1) < 0 ? null : Math.max(peakStaging ?? 0, publish ?? 0)),
  };
}

const heaps = (r: SyncRunFigures) =>
  `transaction heap at commit: staging ${r.peakStagingMiB?.toFixed(1) ?? '-'} MiB at most (${r.stagingBatches} batches), publishing ${r.publishMiB?.toFixed(1) ?? '?'} MiB`;
const mib = (bytes: number | null) => (bytes === null ? null : bytes / 2 ** 20);
const failed = (err: unknown) => ({ error: (err as Error).message.slice(0, 500) });

export async function syncLoad(exec: Executor, input: IngestInput, log: (msg: string) => void): Promise<SyncLoadFigures> {
  log(`whole-source sync through the importer: the whole graph as source ${input.source}, into an empty database...`);
  let first: SyncLoadFigures['first'];
  try {
    first = await timedSync(exec, input, log);
    log(`  first sync: ${first.records} records in ${first.seconds.toFixed(1)} s = ${Math.round(first.perSecond)} records/s; ${heaps(first)}`);
  } catch (err) {
    log(`  first sync failed: ${(err as Error).message}`);
    return { first: failed(err), resync: { error: 'not run: the first sync failed' } };
  }
  const { input: next, changed } = changedByOnePercent(input);
  let resync: SyncLoadFigures['resync'];
  try {
    resync = { ...(await timedSync(exec, next, log)), changedAccess: changed };
    log(`  re-sync with ${changed} access records changed: ${resync.seconds.toFixed(1)} s = ${Math.round(resync.perSecond)} records/s, ${resync.created} created, ${resync.updated} updated, ${resync.unchanged} unchanged, ${resync.revoked} revoked; ${heaps(resync)}`);
  } catch (err) {
    log(`  re-sync failed: ${(err as Error).message}`);
    resync = failed(err);
  }
  return { first, resync };
}
