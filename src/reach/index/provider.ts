/**
 * Keeps one reach index per API process consistent with Neo4j, the system of
 * record. Every write bumps GraphState (epoch, version) in its own
 * transaction and appends what it changed to the change feed (feed.ts).
 * Writes made through this process hand their read-back records to
 * `applied`, which patches the index in place; before answering, a request
 * reads the stored version (one small query) and, when some other process or
 * tool wrote in between, patches in the changes the feed entries since its
 * version carry (their writers' own rows), or reloads the whole index from
 * Neo4j (streamed) when the feed cannot say (behind its horizon, a new epoch,
 * an entry too large to list). So an answer never reflects a state older
 * than the one the request started in.
 */
import { SYSTEM_VIEWER } from '../../core/viewer';
import { indexLoadTimeoutMs, indexStalenessMs } from '../../config';
import type { Executor, Row, Tx } from '../../db/executor';
import type { EntityRow } from '../../core/rows';
import type { AccessKind, EntityKind, OwnerRole } from '../../generated/graphql';
import { bumpVersion, changeSize, changesAfter, type FeedChange, type GraphVersion, type ReloadReason } from './feed';
import { NO_APPROVAL, NO_JUSTIFICATION, PRIVILEGED, ReachIndex, type IndexEdge, type IndexNode, type IndexOwnerLink } from './reach-index';

export type { GraphVersion } from './feed';

/** What one write changed, read back in its transaction (or carried by the change feed), and the version it made. */
export interface IndexDelta extends FeedChange {
  after: GraphVersion;
}

export function nodeFromRow(r: Row): IndexNode {
  return {
    id: r.id as string,
    kind: r.kind as EntityKind,
    enabled: r.enabled as boolean | null,
    privileged: r.privileged as boolean | null,
    tenantId: r.tenantId as string | null,
    row: entityRow(r.props as [string, unknown][], r.instants as string[]),
  };
}

/** An entity's stored properties from reach/index-nodes.cypher's pairs; its instants (epoch milliseconds there) as ISO strings, as the executor gives every other DateTime. */
function entityRow(props: [string, unknown][], instants: string[]): EntityRow {
  const row: Record<string, unknown> = {};
  for (const [key, value] of props) row[key] = value;
  for (const key of instants) row[key] = new Date(row[key] as number).toISOString();
  return row as EntityRow;
}

/** An owner link as reach/index-owners and index-owners-by-entities return it (instants as epoch milliseconds). */
function linkFromRow(r: Row): IndexOwnerLink {
  const iso = (ms: unknown) => (ms === null ? null : new Date(ms as number).toISOString());
  return { entityId: r.entityId as string, ownerId: r.ownerId as string, role: r.role as OwnerRole, since: iso(r.since) as string, until: iso(r.until) };
}

/**
 * The columns of an access record as the index reads it, in the order of
 * reach/index-edges.cypher's RETURN (the load reads them by position and
 * checks the names first); the write queries return the same names.
 */
const EDGE_COLUMNS = ['id', 'from', 'to', 'kind', 'grantedAt', 'revokedAt', 'privileged', 'approved', 'justified', 'expiresAt', 'lastCertifiedAt', 'lastUsedAt', 'approvedBy', 'requestedBy', 'certifiedBy'] as const;

/** An access record from its columns, `get(i)` giving EDGE_COLUMNS[i]. */
function edgeOf(get: (index: number) => unknown): IndexEdge {
  const flags = (get(6) === true ? PRIVILEGED : 0) | (get(7) === true ? 0 : NO_APPROVAL) | (get(8) === true ? 0 : NO_JUSTIFICATION);
  return {
    id: get(0) as string,
    from: get(1) as string,
    to: get(2) as string,
    kind: get(3) as AccessKind,
    grantedAt: get(4) as number,
    revokedAt: (get(5) as number) ?? null,
    flags,
    expiresAt: (get(9) as number) ?? null,
    lastCertifiedAt: (get(10) as number) ?? null,
    lastUsedAt: (get(11) as number) ?? null,
    approvedBy: (get(12) as string) ?? null,
    requestedBy: (get(13) as string) ?? null,
    certifiedBy: (get(14) as string) ?? null,
  };
}

export function edgeFromRow(r: Row): IndexEdge {
  return edgeOf((i) => r[EDGE_COLUMNS[i]]);
}

/** Streams reach/index-edges into `onEdge`, by position, after checking the query still returns EDGE_COLUMNS in that order. */
async function eachEdge(tx: Tx, onEdge: (edge: IndexEdge) => void): Promise<void> {
  let checked = false;
  await tx.eachFields('reach/index-edges', {}, (fields) => {
    if (!checked) {
      if (fields.keys.join() !== EDGE_COLUMNS.join()) throw new Error(`reach/index-edges returns ${fields.keys.join(', ')}; the index reads ${EDGE_COLUMNS.join(', ')}`);
      checked = true;
    }
    onEdge(edgeOf((i) => fields.get(i)));
  });
}

/** Reads the whole graph into a new index, the version first (a write landing meanwhile only makes the next check reload again). */
export async function loadIndex(tx: Tx): Promise<{ index: ReachIndex; version: GraphVersion }> {
  const [v] = await tx.run('reach/index-version');
  const version = { epoch: (v?.epoch as string) ?? null, version: Number(v?.version ?? 0) };
  const index = new ReachIndex();
  const nodes: IndexNode[] = [];
  await tx.each('reach/index-nodes', {}, (r) => nodes.push(nodeFromRow(r)));
  index.upsertNodes(nodes);
  let batch: IndexEdge[] = [];
  await eachEdge(tx, (edge) => {
    batch.push(edge);
    if (batch.length === 50_000) {
      index.upsertEdges(batch);
      batch = [];
    }
  });
  index.upsertEdges(batch);
  const links: IndexOwnerLink[] = [];
  await tx.each('reach/index-owners', {}, (r) => links.push(linkFromRow(r)));
  index.setOwnerLinks([], links);
  return { index, version };
}

/**
 * Inside a write transaction, after its writes: read back what the index
 * needs, then bump the version, appending those rows to the change feed.
 * `known`: entities and access records the writes already returned in the
 * index's columns (ingest's write queries do); only the ids not among them
 * are read back.
 */
export async function recordWrite(
  tx: Tx,
  entityIds: string[],
  accessIds: string[],
  ownedIds: string[] = [],
  known: { nodes?: IndexNode[]; edges?: IndexEdge[] } = {},
): Promise<IndexDelta> {
  const readBack = async <T extends { id: string }>(ids: string[], have: T[] = [], query: string, fromRow: (r: Row) => T): Promise<T[]> => {
    const had = new Set(have.map((x) => x.id));
    const missing = [...new Set(ids)].filter((id) => !had.has(id));
    return missing.length ? [...have, ...(await tx.run(query, { ids: missing })).map(fromRow)] : have;
  };
  const nodes = await readBack(entityIds, known.nodes, 'reach/index-nodes-by-ids', nodeFromRow);
  const edges = await readBack(accessIds, known.edges, 'reach/index-edges-by-ids', edgeFromRow);
  const owned = [...new Set(ownedIds)];
  const links = await readLinks(tx, owned);
  const after = await bumpVersion(tx, { nodes, edges, owned, links });
  return { after, nodes, edges, owned, links };
}

async function readLinks(tx: Tx, owned: string[]): Promise<IndexOwnerLink[]> {
  return owned.length ? (await tx.run('reach/index-owners-by-entities', { ids: owned })).map(linkFromRow) : [];
}

/** How long a catch-up waits for a committed write's feed entry to become visible (see feed.ts) before it reloads instead. */
const VISIBILITY_WAIT_MS = 2_000;
const VISIBILITY_STEP_MS = 5;

/**
 * What the change feed's entries after `from` changed, or why it cannot say.
 * Until the entries up to `target` are all visible (a committed write's index
 * updates land a moment after its other changes), the read is repeated. Each
 * attempt is one read transaction.
 */
async function readChanges(exec: Executor, from: GraphVersion, target: number): Promise<{ delta: IndexDelta; entries: number; ids: number } | { reload: ReloadReason }> {
  const until = Date.now() + VISIBILITY_WAIT_MS;
  for (;;) {
    const got = await exec.read(SYSTEM_VIEWER, (tx) => changesAfter(tx, from, target), { timeoutMs: indexLoadTimeoutMs() });
    if ('reload' in got) return got;
    // The newest entries are not visible yet; should they never be, the feed cannot say what changed.
    if ('lagging' in got) {
      if (Date.now() > until) return { reload: 'horizon' };
      await new Promise((r) => setTimeout(r, VISIBILITY_STEP_MS));
      continue;
    }
    const { upTo, entries, ...change } = got;
    return { delta: { after: upTo, ...change }, entries, ids: changeSize(change) };
  }
}

/** The provider's state as /metrics reports it (instants in epoch ms; null: not yet). */
export interface IndexStatus {
  /** The graph version the index holds; null when no index is held. */
  version: number | null;
  /** Entities and edges (access records and tenant containment) in the index. */
  entities: number;
  edges: number;
  loads: number;
  lastLoadMs: number | null;
  loadedAt: number | null;
  verifiedAt: number | null;
  /** Catch-ups from the change feed so far, the entries and ids they applied, and how long the last took. */
  deltas: number;
  deltaEntries: number;
  deltaIds: number;
  lastDeltaMs: number | null;
}

/** How the index was brought up to a newer stored version, and how long it took (ms): /metrics observes these. */
export type IndexUpdate = { kind: 'reload'; ms: number; reason: ReloadReason | 'first' | 'unpatchable' } | { kind: 'delta'; ms: number; entries: number; ids: number };

export class ReachIndexProvider {
  private static readonly byExecutor = new WeakMap<Executor, ReachIndexProvider>();
  private index: ReachIndex | null = null;
  private version: GraphVersion = { epoch: null, version: -1 };
  private loading: Promise<void> | null = null;
  /** When the stored version was last read (ms). */
  private checkedAt = 0;
  /** Full loads so far (tests, the benchmark and /metrics read it). */
  loads = 0;
  /** How long the last full load took, and when it ended (ms); null before the first. */
  private lastLoad: { ms: number; at: number } | null = null;
  /** When the index was last known to hold the stored version: a version read that found it current, a load, or a write through this process (ms). */
  private verifiedAt = 0;
  /** Catch-ups from the change feed: how many, entries and records applied, the last one's duration (ms). */
  private deltas = { count: 0, entries: 0, ids: 0, lastMs: null as number | null };
  /** Told of every reload and catch-up (server/metrics). */
  private readonly listeners = new Set<(update: IndexUpdate) => void>();
  /** Writes through this process under way (`committing`): a stored version newer than the index may be theirs, patched in as each returns. */
  private readonly pending = new Set<Promise<unknown>>();
  /** Their transactions, until each returns (committed or not). */
  private readonly transactions = new Set<Promise<unknown>>();
  /** Versions written through this process, committed and waiting to be patched in (behind a report, gate.ts): not yet acknowledged to their callers. */
  private readonly unpatched = new Set<number>();
  /**
   * Told of each write through this process once it is patched in; the write
   * returns to its caller only when this resolves. Sibling API processes on
   * one port (server/workers.ts) use it so that a client's next request, on
   * whichever process, sees the write.
   */
  afterCommit: ((after: GraphVersion) => Promise<void>) | null = null;

  private constructor(private readonly exec: Executor) {}

  static for(exec: Executor): ReachIndexProvider {
    let provider = this.byExecutor.get(exec);
    if (!provider) this.byExecutor.set(exec, (provider = new ReachIndexProvider(exec)));
    return provider;
  }

  /**
   * The index, current as of the stored version. Writes through this process
   * are in it at once; to see writes from elsewhere (another API replica, the
   * import CLI) it reads the stored version, at most once per
   * PATHWARDEN_INDEX_STALENESS_MS (default 1000; 0 reads it on every request).
   */
  async current(): Promise<ReachIndex> {
    // The index is the whole graph, whoever asks: narrowed viewers see it through a view (auth/scope.ts).
    const viewer = SYSTEM_VIEWER;
    const staleness = indexStalenessMs();
    if (this.index && Date.now() - this.checkedAt < staleness) return this.index;
    const [v] = await this.exec.query(viewer, 'reach/index-version');
    this.checkedAt = Date.now();
    const stored = { epoch: (v?.epoch as string) ?? null, version: Number(v?.version ?? 0) };
    if (this.fresh(stored)) {
      this.verifiedAt = this.checkedAt;
      return this.index as ReachIndex;
    }
    // A write through this process may have committed and not yet been patched in: wait for those under way, not a reload.
    if (this.index && this.pending.size > 0) {
      await Promise.allSettled([...this.transactions]);
      // Committed but not yet patched in (a report holds the index) is not yet acknowledged: answering without them is answering before them.
      if (this.fresh(stored) || this.onlyUnacknowledged(stored)) return this.index as ReachIndex;
      await Promise.allSettled([...this.pending]);
      if (this.fresh(stored)) return this.index as ReachIndex;
    }
    if (this.loading) await this.loading;
    if (this.fresh(stored)) return this.index as ReachIndex;
    // A catch-up or reload started after the version was read holds that state or a newer one.
    const update = this.catchUp(stored);
    this.loading = update;
    try {
      await update;
    } finally {
      if (this.loading === update) this.loading = null;
    }
    return this.index as ReachIndex;
  }

  /** Brings the index to `stored` or later: through the change feed when it can, else a full reload. */
  private async catchUp(stored: GraphVersion): Promise<void> {
    if (!this.index) return this.reload('first');
    if (this.version.epoch !== stored.epoch) return this.reload('epoch');
    const started = Date.now();
    const from = { ...this.version };
    const index = this.index;
    const got = await readChanges(this.exec, from, stored.version);
    if ('reload' in got) return this.reload(got.reload);
    // A report reading the index in slices finishes on the state it started with (gate.ts); then the patch.
    const outcome = await index.gate.patch((): 'patched' | 'kept' | 'epoch' | 'unpatchable' => {
      // A write through this process in a new epoch dropped the index meanwhile: load it whole.
      if (this.index === null) return 'epoch';
      // A write through this process patched in meanwhile a version the rows read here may predate: keep it (the next check catches up).
      if (this.index !== index || this.version.epoch !== got.delta.after.epoch || this.version.version >= got.delta.after.version) return 'kept';
      try {
        this.patch(got.delta);
        return 'patched';
      } catch {
        // A patch the index refuses (an access record between entities it does not hold) leaves it unusable: load it whole.
        this.index = null;
        return 'unpatchable';
      }
    });
    if (outcome === 'kept') return;
    if (outcome !== 'patched') return this.reload(outcome);
    const ms = Date.now() - started;
    this.deltas = { count: this.deltas.count + 1, entries: this.deltas.entries + got.entries, ids: this.deltas.ids + got.ids, lastMs: ms };
    for (const listener of this.listeners) listener({ kind: 'delta', ms, entries: got.entries, ids: got.ids });
  }

  /**
   * The index when it holds exactly the stored state `at` (same epoch and
   * version), else null; nothing is read or loaded. A write holding the
   * write lock (graph/write-lock.ts) passes the version the lock returned:
   * no other write can commit until it ends, so the index answers what
   * Neo4j would for everything committed (ingest's validation reads it
   * instead of looking every id up, docs/performance.md).
   */
  heldAt(at: GraphVersion): ReachIndex | null {
    return this.index !== null && this.version.epoch === at.epoch && this.version.version === at.version ? this.index : null;
  }

  /** Calls `listener` after every reload and catch-up from the change feed; returns what stops it. */
  onUpdate(listener: (update: IndexUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private patch(delta: IndexDelta): void {
    const index = this.index as ReachIndex;
    index.upsertNodes(delta.nodes);
    index.upsertEdges(delta.edges);
    index.setOwnerLinks(delta.owned, delta.links);
    this.version = delta.after;
    this.verifiedAt = Date.now();
  }

  private fresh(stored: GraphVersion): boolean {
    return this.index !== null && this.version.epoch === stored.epoch && this.version.version >= stored.version;
  }

  /**
   * Runs one write through this process (`write` returns what recordWrite
   * gave inside its transaction) and patches its change into the index as it
   * returns. While it runs, a reader that finds the stored version ahead of
   * the index waits for it instead of reloading the whole graph.
   */
  committing<T extends { delta: IndexDelta }>(write: () => Promise<T>): Promise<T> {
    const transaction = write();
    const done = transaction.then(async (outcome) => {
      // After any report reading the index in slices (gate.ts); the write returns once it is patched in.
      const index = this.index;
      const { after } = outcome.delta;
      this.adoptFirstEpoch(after);
      if (index && after.epoch === this.version.epoch) {
        this.unpatched.add(after.version);
        try {
          await index.gate.patch(() => this.applied(outcome.delta));
        } finally {
          this.unpatched.delete(after.version);
        }
      } else this.applied(outcome.delta);
      if (this.afterCommit) await this.afterCommit(after);
      return outcome;
    });
    for (const [set, promise] of [[this.transactions, transaction], [this.pending, done]] as const) {
      set.add(promise);
      const settle = () => set.delete(promise);
      promise.then(settle, settle);
    }
    return done;
  }

  /**
   * The first write to a database no write has versioned yet (no GraphState:
   * a new, empty one) makes its epoch (graph/write-lock.cypher) and version
   * 1. An index loaded empty before it holds exactly the state that write
   * started from, so it takes the epoch and is patched, instead of being
   * dropped as an index of another epoch (which would leave a process that
   * only ingests without one, validating through Neo4j, until a read
   * reloaded it). Any earlier write would have made the epoch itself, so
   * this one would not be version 1.
   */
  private adoptFirstEpoch(after: GraphVersion): void {
    const index = this.index;
    if (index && index.nodeCount === 0 && this.version.epoch === null && this.version.version === 0 && after.version === 1) {
      this.version = { epoch: after.epoch, version: 0 };
    }
  }

  /** Whether every version between the index's and `stored` is a write through this process still waiting to be patched in. */
  private onlyUnacknowledged(stored: GraphVersion): boolean {
    if (this.unpatched.size === 0 || stored.epoch !== this.version.epoch) return false;
    for (let v = this.version.version + 1; v <= stored.version; v++) if (!this.unpatched.has(v)) return false;
    return true;
  }

  /**
   * A write through this process committed: patch the index. When a write
   * from elsewhere came between, the index stays as it is and the next
   * request reads the stored version (not within the staleness bound), so it
   * catches up through the change feed, this write's entry included; when
   * the index already holds this version (a catch-up read it), nothing to do.
   */
  applied(delta: IndexDelta): void {
    if (!this.index || this.version.epoch !== delta.after.epoch) this.index = null;
    else if (this.version.version === delta.after.version - 1) this.patch(delta);
    else if (this.version.version < delta.after.version) this.checkedAt = 0;
  }

  /** The graph changed in a way no one read back (a bulk load): the next request reloads. */
  forget(): void {
    this.index = null;
  }

  /** Another process committed a write: the next request reads the stored version, whatever the staleness bound. */
  markStale(): void {
    this.checkedAt = 0;
  }

  /** The version the index holds (changes with every write it sees); scopes resolved on it are cached under it. */
  get stamp(): string {
    return `${this.version.epoch}:${this.version.version}`;
  }

  /** What the provider holds, for /metrics (server/metrics): nothing is read or loaded to answer it. */
  status(): IndexStatus {
    return {
      version: this.index ? this.version.version : null,
      entities: this.index?.nodeCount ?? 0,
      edges: this.index?.edgeCount ?? 0,
      loads: this.loads,
      lastLoadMs: this.lastLoad?.ms ?? null,
      loadedAt: this.lastLoad?.at ?? null,
      verifiedAt: this.index && this.verifiedAt > 0 ? this.verifiedAt : null,
      deltas: this.deltas.count,
      deltaEntries: this.deltas.entries,
      deltaIds: this.deltas.ids,
      lastDeltaMs: this.deltas.lastMs,
    };
  }

  private async reload(reason: ReloadReason | 'first' | 'unpatchable'): Promise<void> {
    const started = Date.now();
    // The whole graph in one read: bounded by its own time limit, not the per-query one (a load cut short would only start again).
    const { index, version } = await this.exec.read(SYSTEM_VIEWER, loadIndex, { timeoutMs: indexLoadTimeoutMs() });
    this.index = index;
    this.version = version;
    this.loads++;
    const at = Date.now();
    this.lastLoad = { ms: at - started, at };
    this.verifiedAt = at;
    for (const listener of this.listeners) listener({ kind: 'reload', ms: at - started, reason });
  }
}
