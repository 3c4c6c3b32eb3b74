/**
 * Whole-source sync at any size (`npm run import -- --sync --source NAME`,
 * docs/ingest.md "Sync of a whole source"): the files are the source's whole
 * state, written in batches, then everything the source wrote before and
 * the files no longer list is revoked (access) or removed (owner links),
 * soft, each with its audit event (ingest/sync.ts).
 *
 * All of it is ONE write transaction: the write lock first (as every write),
 * then every batch of every document through writeBatch (each validated
 * again against what the transaction sees, so a concurrent change since the
 * importer's validation cannot slip through), then the revocation step, one
 * INGESTED event for the whole sync, and the graph version bumped. Until it
 * commits, readers see the source as it was; if it fails or the process
 * dies, Neo4j rolls all of it back. The transaction's time limit is
 * PATHWARDEN_SYNC_TX_TIMEOUT_MS (the executor the importer opens for it).
 *
 * The version bump without an index delta makes every process's reach index
 * reload on its next version check (a whole source is no small patch).
 */
import { recordEvent } from '../audit/events';
import type { Viewer } from '../auth/viewer';
import type { Executor } from '../db/executor';
import type { IngestInput, SyncResult } from '../generated/graphql';
import { bumpVersion, RELOAD } from '../reach/index/feed';
import { batches } from './batches';
import { addCounts, emptyCounts, keepOf, recordCount, sourceSize, writeBatch, type WriteCounts } from './service';
import { syncSourceCounted, type SyncContext } from './sync';

export interface WholeSyncOptions {
  source: string;
  maxRevocations: number | null;
  /** The share guard's limit (percent) and whether the caller overrode it. */
  maxPercent: number;
  allowLargeRevocation: boolean;
  batchSize: number;
  /** The ingest time (ISO). */
  now: string;
  viewer: Viewer;
  guards?: SyncContext['guards'];
  /** Told after each batch is written (inside the transaction), with its record count. */
  onBatch?: (records: number) => void;
}

export interface WholeSyncResult {
  counts: WriteCounts;
  sync: SyncResult;
  revokedByKind: Record<string, number>;
  batches: number;
}

/** Writes every input (read lazily, in order) as the whole state of `source`, in one transaction. */
export async function syncWholeSource(exec: Executor, inputs: () => Iterable<IngestInput>, opts: WholeSyncOptions): Promise<WholeSyncResult> {
  return exec.write(opts.viewer, async (tx) => {
    await tx.run('graph/write-lock');
    const inForce = await sourceSize(tx, opts.source, opts.now);
    const counts = emptyCounts();
    const keep = { access: [] as string[], ownerships: [] as [string, string][] };
    let written = 0;
    for (const input of inputs()) {
      for (const batch of batches({ ...input, source: opts.source }, opts.batchSize)) {
        const { prepared, counts: batchCounts } = await writeBatch(tx, batch, opts.now);
        addCounts(counts, batchCounts);
        const kept = keepOf(prepared);
        for (const id of kept.access) keep.access.push(id);
        for (const pair of kept.ownerships) keep.ownerships.push(pair);
        written++;
        opts.onBatch?.(recordCount(batch));
      }
    }
    const { result: sync, revokedByKind } = await syncSourceCounted(tx, keep, {
      source: opts.source,
      maxRevocations: opts.maxRevocations,
      share: { inForce, maxPercent: opts.maxPercent, allowed: opts.allowLargeRevocation },
      viewer: opts.viewer,
      now: opts.now,
      requestId: null,
      guards: opts.guards,
    });
    const { entities, ownerships, access } = counts;
    await recordEvent(tx, {
      kind: 'INGESTED',
      actor: opts.viewer,
      at: opts.now,
      details: { source: opts.source, entities, ownerships, access, sync: { revoked: sync.revoked.length, removedOwnerships: sync.removedOwnerships.length, batches: written } },
      requestId: null,
    });
    // Too much to list for the change feed: every API process reloads its reach index.
    await bumpVersion(tx, RELOAD);
    return { counts, sync, revokedByKind, batches: written };
  });
}
