/**
 * The one write lock every write to the access graph takes first
 * (cypher/graph/write-lock.cypher), and the sync lease it checks: while a
 * whole-source sync stages its new state (ingest/sync-lease.ts), every other
 * write is refused with SYNC_IN_PROGRESS, so nothing changes under the
 * sync's plan. The sync's own publishing transaction passes its lease id.
 */
import type { Tx } from '../db/executor';
import { syncInProgress } from '../errors';

/**
 * Takes the write lock; throws SYNC_IN_PROGRESS when a live sync lease other
 * than `ownLease` exists. Returns the graph's epoch and version before this
 * write: what every write committed so far made, and no other can change
 * until this transaction ends.
 */
export async function takeWriteLock(tx: Tx, ownLease: string | null = null): Promise<{ epoch: string; version: number }> {
  const [row] = await tx.run('graph/write-lock');
  if (row.leaseId !== null && row.leaseId !== ownLease) throw syncInProgress(row.leaseSource as string, row.leaseExpiresAt as string);
  return { epoch: row.epoch as string, version: Number(row.version) };
}
