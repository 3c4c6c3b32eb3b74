/**
 * The sync lease of a whole-source sync (docs/ingest.md, "Sync of a whole
 * source"): properties of the GraphState node (syncLeaseId, syncLeaseSource,
 * syncLeaseExpiresAt) that every other write finds when it takes the write
 * lock, and is refused by (SYNC_IN_PROGRESS, graph/write-lock.ts). So while
 * a sync plans and stages, nothing it planned against can change.
 *
 * The importer takes the lease before it plans, renews it every third of
 * its length (PATHWARDEN_SYNC_LEASE_MS) while it runs, and releases it in the
 * publishing transaction, or after a failure once it purged what it staged.
 * A sync that dies (SIGKILL, a lost machine) stops renewing: its lease
 * lapses, writes resume, and its staged records wait, invisible, for the
 * next sync to purge them.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import { takeWriteLock } from '../graph/write-lock';

export interface SyncLease {
  id: string;
  source: string;
  /** The graph version the sync plans against: publishing refuses if any write committed since. */
  version: number;
  /** How long it lasts from each renewal. */
  leaseMs: number;
  /** Renews the lease now, in its own short transaction; throws if the sync no longer holds it. */
  renew(): Promise<void>;
  /** Stops the timer that renews it (the lease itself is released by publishing, or by `releaseSyncLease`). */
  stop(): void;
}

export const lostLease = () =>
  new Error('the sync lost its sync lease (it lapsed: not renewed within PATHWARDEN_SYNC_LEASE_MS, and was taken over or released): nothing of it was published; run it again');

/**
 * Takes the lease for a sync of `source` (refused with SYNC_IN_PROGRESS
 * while another sync holds a live one) and renews it every third of
 * `leaseMs` until stopped; the importer also renews it before each batch.
 */
export async function takeSyncLease(exec: Executor, viewer: Viewer, source: string, leaseMs: number): Promise<SyncLease> {
  const id = randomUUID();
  const version = await exec.write(viewer, async (tx) => {
    await takeWriteLock(tx);
    const [row] = await tx.run('sync/lease-take', { syncId: id, source, leaseMs });
    return Number(row.version);
  });
  const renew = async () => {
    const rows = await exec.write(viewer, (tx) => tx.run('sync/lease-renew', { syncId: id, leaseMs }));
    if (rows.length === 0) throw lostLease();
  };
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    // A failed or lost renewal is seen by the next batch's own renewal, which stops the sync.
    renew()
      .catch(() => {})
      .finally(() => {
        renewing = false;
      });
  }, Math.max(250, Math.floor(leaseMs / 3)));
  timer.unref();
  return { id, source, version, leaseMs, renew, stop: () => clearInterval(timer) };
}

/** Releases `lease` if it still holds it (after a failed sync, once its staged records are purged). */
export async function releaseSyncLease(exec: Executor, viewer: Viewer, lease: SyncLease): Promise<void> {
  lease.stop();
  await exec.write(viewer, (tx) => tx.run('sync/lease-release', { syncId: lease.id }));
}
