/**
 * Whole-source sync at scale, through the importer's own path
 * (importDocuments with sync: coercion, validation, the guards' plan, then
 * ONE transaction): the generated graph synced as one source into an empty
 * database, then synced again with 1% of its access records changed (half
 * of them gone, so revoked, and replaced by new records; half with a new
 * justification). Each run is timed, and the heap Neo4j reports for the open
 * sync transaction is polled, so the heap a sync of this size needs is known
 * (docs/ingest.md, "Sync of a whole source"). A run that fails (a Neo4j
 * memory limit, say) is reported with its error rather than ending the benchmark.
 */
import { SYSTEM_VIEWER } from '../auth/viewer';
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
  revoked: number;
  /** The most heap Neo4j reported for the open sync transaction (MiB), polled each second; null if never seen. */
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
  let peak: number | null = null;
  const poll = setInterval(() => {
    exec.query(SYSTEM_VIEWER, 'bench/transaction-memory').then(
      ([row]) => {
        const heap = row?.heap === null || row?.heap === undefined ? null : Number(row.heap);
        if (heap !== null && (peak === null || heap > peak)) peak = heap;
      },
      () => {},
    );
  }, 1000);
  const t0 = performance.now();
  let outcome: ImportOutcome;
  try {
    outcome = await importDocuments(exec, [document(input)], {
      source: input.source as string,
      sync: { maxRevocations: null, allowLargeRevocation: false },
      batchSize: 5000,
      onWrite: (done, total) => {
        if (done === 0) log(`  validated ${total.toLocaleString('en')} records in ${((performance.now() - t0) / 1000).toFixed(1)} s; writing them in one transaction...`);
      },
    });
  } finally {
    clearInterval(poll);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (outcome.kind !== 'imported') throw new Error(`the sync was not imported: ${JSON.stringify(outcome).slice(0, 500)}`);
  const records = recordCount(input);
  return {
    records,
    seconds,
    perSecond: records / seconds,
    created: outcome.created,
    updated: outcome.updated,
    revoked: Object.values(outcome.counts.revoked).reduce((a, b) => a + b, 0),
    peakTransactionMiB: peak === null ? null : peak / 2 ** 20,
  };
}

const failed = (err: unknown) => ({ error: (err as Error).message.slice(0, 500) });

export async function syncLoad(exec: Executor, input: IngestInput, log: (msg: string) => void): Promise<SyncLoadFigures> {
  log(`whole-source sync through the importer: the whole graph as source ${input.source}, into an empty database...`);
  let first: SyncLoadFigures['first'];
  try {
    first = await timedSync(exec, input, log);
    log(`  first sync: ${first.records} records in ${first.seconds.toFixed(1)} s = ${Math.round(first.perSecond)} records/s; peak transaction heap ${first.peakTransactionMiB?.toFixed(0) ?? '?'} MiB`);
  } catch (err) {
    log(`  first sync failed: ${(err as Error).message}`);
    return { first: failed(err), resync: { error: 'not run: the first sync failed' } };
  }
  const { input: next, changed } = changedByOnePercent(input);
  let resync: SyncLoadFigures['resync'];
  try {
    resync = { ...(await timedSync(exec, next, log)), changedAccess: changed };
    log(`  re-sync with ${changed} access records changed: ${resync.seconds.toFixed(1)} s = ${Math.round(resync.perSecond)} records/s, ${resync.revoked} revoked`);
  } catch (err) {
    log(`  re-sync failed: ${(err as Error).message}`);
    resync = failed(err);
  }
  return { first, resync };
}
