/**
 * The change feed: how a reach index in one process learns what writes made
 * by other processes (another API replica, `npm run import`) changed, without
 * reloading the whole graph or re-reading what changed.
 *
 * Every write that bumps the graph version does so through `bumpVersion`,
 * which in the same transaction appends a GraphChange entry keyed by the new
 * (epoch, version) carrying the change itself: the rows the writing process
 * patches its own index with (entities, access records, owned entities and
 * their owner links), compressed; or saying "reload" when it changed more
 * than PATHWARDEN_FEED_MAX_IDS records, or too much to list. It then prunes a
 * few entries older than PATHWARDEN_FEED_RETENTION_MS. Writers hold the write
 * lock (cypher/graph/write-lock.cypher) until they commit, so entries are
 * totally ordered and become visible in version order.
 *
 * A process whose index holds (epoch, V) and finds a newer stored version
 * reads the entries after V (`changesAfter`): when they continue V with no
 * gap, in its epoch, none says reload, and they carry at most
 * PATHWARDEN_FEED_MAX_IDS records, it patches their rows into its index in
 * version order, exactly as their writers did; otherwise it reloads.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { feedMaxIds, feedRetentionMs } from '../../config';
import type { Tx } from '../../db/executor';
import type { IndexEdge, IndexNode, IndexOwnerLink } from './reach-index';

export interface GraphVersion {
  epoch: string | null;
  version: number;
}

/** What one write changed, as the rows its own process patches its index with. */
export interface FeedChange {
  nodes: IndexNode[];
  edges: IndexEdge[];
  /** Owned entities whose owner links changed, and all their links now. */
  owned: string[];
  links: IndexOwnerLink[];
}

/** A write too large, or too broad, to list (a whole-source sync, a bulk load): every other process reloads. */
export const RELOAD = 'reload';

/** Entries one write prunes at most: small, so no write's transaction grows with the backlog. */
const PRUNE_BATCH = 100;

/** Records a change carries: what PATHWARDEN_FEED_MAX_IDS bounds. */
export const changeSize = (change: FeedChange): number => change.nodes.length + change.edges.length + change.owned.length;

/**
 * A change as an entry stores it: JSON, deflated (a 5,000-record batch is
 * about 1.5 MB of JSON and a tenth of that deflated at the fastest level),
 * as a byte array (Int8Array: what the driver sends as Bolt bytes).
 */
export function encodeChange(change: FeedChange): Int8Array {
  const bytes = deflateRawSync(Buffer.from(JSON.stringify(change)), { level: 1 });
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function decodeChange(bytes: Int8Array | Uint8Array): FeedChange {
  return JSON.parse(inflateRawSync(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString()) as FeedChange;
}

/**
 * Inside a write transaction, after its writes: bumps GraphState's version and
 * appends the change-feed entry for it (the same transaction, so the entry
 * commits with the write or not at all). Every write that changes the graph
 * calls this, never ingest/bump-version on its own. Returns the new version.
 */
export async function bumpVersion(tx: Tx, change: FeedChange | typeof RELOAD): Promise<{ epoch: string; version: number }> {
  const [v] = await tx.run('ingest/bump-version');
  const after = { epoch: v.epoch as string, version: Number(v.version) };
  const size = change === RELOAD ? 0 : changeSize(change);
  const reload = change === RELOAD || size > feedMaxIds();
  await tx.run('feed/append', { epoch: after.epoch, version: after.version, reload, size: reload ? 0 : size, change: reload ? null : encodeChange(change as FeedChange) });
  await tx.run('feed/prune', { retentionMs: feedRetentionMs(), limit: PRUNE_BATCH });
  return after;
}

/** What brings a process from its version to `upTo`: `entries` feed entries' changes, merged in version order. */
export interface CatchUp extends FeedChange {
  upTo: { epoch: string; version: number };
  entries: number;
}

/** Why the feed cannot bring an index up to date: it reloads instead. */
export type ReloadReason = 'horizon' | 'epoch' | 'reload-entry' | 'too-many-ids';

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
 * a gap.
 */
export async function changesAfter(tx: Tx, from: GraphVersion, target: number): Promise<CatchUp | { reload: ReloadReason } | { lagging: true }> {
  const entries = await tx.run('feed/after', { version: from.version });
  const maxIds = feedMaxIds();
  let upTo = from.version;
  let size = 0;
  for (const e of entries) {
    const version = Number(e.version);
    if (version !== upTo + 1) break;
    if (e.epoch !== from.epoch) return { reload: 'epoch' };
    if (e.reload === true) return { reload: 'reload-entry' };
    size += Number(e.size);
    if (size > maxIds) return { reload: 'too-many-ids' };
    upTo = version;
  }
  // The entry right after `from` is gone, while later ones are there: pruned (or written before the feed existed).
  if (upTo === from.version && entries.length > 0 && Number(entries[0].version) > from.version + 1) return { reload: 'horizon' };
  if (upTo < target) return { lagging: true };
  const rows = await tx.run('feed/changes', { epoch: from.epoch, version: from.version, upTo });
  if (rows.length !== upTo - from.version) return { lagging: true };
  return { upTo: { epoch: from.epoch as string, version: upTo }, entries: rows.length, ...merged(rows.map((r) => decodeChange(r.change as Int8Array))) };
}

/** Changes in version order as one: each record, and each owned entity's links, as the last change left them. */
function merged(changes: FeedChange[]): FeedChange {
  if (changes.length === 1) return changes[0];
  const nodes = new Map<string, IndexNode>();
  const edges = new Map<string, IndexEdge>();
  const links = new Map<string, IndexOwnerLink[]>();
  for (const c of changes) {
    for (const n of c.nodes) nodes.set(n.id, n);
    for (const e of c.edges) edges.set(e.id, e);
    for (const id of c.owned) links.set(id, []);
    for (const l of c.links) links.get(l.entityId)?.push(l);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], owned: [...links.keys()], links: [...links.values()].flat() };
}
