/**
 * The change feed: how a reach index in one process learns what writes made
 * by other processes (another API replica, `npm run import`) changed, without
 * reloading the whole graph.
 *
 * Every write that bumps the graph version does so through `bumpVersion`,
 * which in the same transaction appends a GraphChange entry keyed by the new
 * (epoch, version) listing the ids it changed (or saying "reload" when it
 * changed more than PATHWARDEN_FEED_MAX_IDS, or too much to list), and prunes
 * a few entries older than PATHWARDEN_FEED_RETENTION_MS. Writers hold the
 * write lock (cypher/graph/write-lock.cypher) until they commit, so entries
 * are totally ordered and become visible in version order.
 *
 * A process whose index holds (epoch, V) and finds a newer stored version
 * reads the entries after V (`changesAfter`): when they continue V with no
 * gap, in its epoch, none says reload, and they list at most
 * PATHWARDEN_FEED_MAX_IDS ids, it re-reads those ids (the provider) and
 * patches its index; otherwise it reloads.
 */
import { feedMaxIds, feedRetentionMs } from '../../config';
import type { Tx } from '../../db/executor';

export interface GraphVersion {
  epoch: string | null;
  version: number;
}

/** What one write changed: the ids another process re-reads to patch its index. */
export interface FeedChange {
  entities: readonly string[];
  access: readonly string[];
  /** Owned entities whose owner links changed. */
  owned: readonly string[];
}

/** A write too large, or too broad, to list (a whole-source sync, a bulk load): every other process reloads. */
export const RELOAD = 'reload';

/** Entries one write prunes at most: small, so no write's transaction grows with the backlog. */
const PRUNE_BATCH = 100;

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

/**
 * Inside a write transaction, after its writes: bumps GraphState's version and
 * appends the change-feed entry for it (the same transaction, so the entry
 * commits with the write or not at all). Every write that changes the graph
 * calls this, never ingest/bump-version on its own. Returns the new version.
 */
export async function bumpVersion(tx: Tx, change: FeedChange | typeof RELOAD): Promise<{ epoch: string; version: number }> {
  const [v] = await tx.run('ingest/bump-version');
  const after = { epoch: v.epoch as string, version: Number(v.version) };
  const listed = change === RELOAD ? null : { entities: unique(change.entities), access: unique(change.access), owned: unique(change.owned) };
  const reload = listed === null || listed.entities.length + listed.access.length + listed.owned.length > feedMaxIds();
  await tx.run('feed/append', {
    epoch: after.epoch,
    version: after.version,
    reload,
    changedEntities: reload ? [] : listed!.entities,
    changedAccess: reload ? [] : listed!.access,
    changedOwned: reload ? [] : listed!.owned,
  });
  await tx.run('feed/prune', { retentionMs: feedRetentionMs(), limit: PRUNE_BATCH });
  return after;
}

/** What a process must re-read to go from its version to `upTo`, from `entries` feed entries. */
export interface CatchUp {
  upTo: { epoch: string; version: number };
  entries: number;
  entities: string[];
  access: string[];
  owned: string[];
}

/** Why the feed cannot bring an index up to date: it reloads instead. */
export type ReloadReason = 'horizon' | 'epoch' | 'reload-entry' | 'too-many-ids' | 'incomplete';

/**
 * The changes after `from` up to at least `target` (the stored version the
 * reader saw), in a read transaction; or why not; or `lagging` when the
 * entries up to `target` are not all visible yet. Neo4j applies a committed
 * transaction's index updates after its property updates, so a reader can
 * see GraphState's new version a moment before the new entry is found
 * through its index: a missing tail (the newest entry is never pruned, its
 * own write prunes only older ones) is that moment, and the caller asks
 * again; a missing head (entries after `from` pruned) is the horizon.
 * Entries committed after `target` are taken too when they continue without
 * a gap: the rows re-read afterwards may already reflect them.
 */
export async function changesAfter(tx: Tx, from: GraphVersion, target: number): Promise<CatchUp | { reload: ReloadReason } | { lagging: true }> {
  const entries = await tx.run('feed/after', { version: from.version });
  const maxIds = feedMaxIds();
  let upTo = from.version;
  let ids = 0;
  for (const e of entries) {
    const version = Number(e.version);
    if (version !== upTo + 1) break;
    if (e.epoch !== from.epoch) return { reload: 'epoch' };
    if (e.reload === true) return { reload: 'reload-entry' };
    ids += Number(e.ids);
    if (ids > maxIds) return { reload: 'too-many-ids' };
    upTo = version;
  }
  // The entry right after `from` is gone, while later ones are there: pruned (or written before the feed existed).
  if (upTo === from.version && entries.length > 0 && Number(entries[0].version) > from.version + 1) return { reload: 'horizon' };
  if (upTo < target) return { lagging: true };
  const sets = { entities: new Set<string>(), access: new Set<string>(), owned: new Set<string>() };
  for (const r of await tx.run('feed/ids', { epoch: from.epoch, version: from.version, upTo })) {
    for (const part of ['entities', 'access', 'owned'] as const) for (const id of r[part] as string[]) sets[part].add(id);
  }
  return { upTo: { epoch: from.epoch as string, version: upTo }, entries: upTo - from.version, entities: [...sets.entities], access: [...sets.access], owned: [...sets.owned] };
}
