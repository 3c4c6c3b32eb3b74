/**
 * Whole-source sync at any size (`npm run import -- --sync --source NAME`,
 * docs/ingest.md "Sync of a whole source"): the files are the source's whole
 * state; everything the source wrote before and the files no longer list is
 * revoked (access) or removed (owner links), soft, each with its audit event
 * (ingest/sync.ts). All or nothing, in transactions whose size is bounded by
 * the batch, not the source:
 *
 * 1. the importer holds the sync lease (ingest/sync-lease.ts) and made its
 *    plan (ingest/sync-plan.ts): which records are new, changed, unchanged;
 * 2. `purgeStaged` deletes what a dead or failed sync staged and never published;
 * 3. `stageNew` writes the NEW records in batches, each its own committed
 *    transaction, invisible to every reader: entities as :StagedEntity nodes
 *    (no :Entity, no kind label), relationships with `stagedBy` = the sync's
 *    id (every reader filters `stagedBy IS NULL`; test/staged-records.test.ts checks
 *    every query file says how it treats staged records);
 * 4. `publish`, ONE transaction: the write lock, a check that no write
 *    committed since the plan, the staged records relabelled / unstamped, the
 *    CHANGED records written through writeBatch, the revocation step, one
 *    INGESTED event, the lease released and the graph version bumped.
 * Unchanged records are not written at all. Until `publish` commits, readers
 * see the source as it was; if anything fails or the process dies, the
 * staged records stay invisible until the next sync purges them.
 *
 * The version bump without an index delta makes every process's reach index
 * reload on its next version check (a whole source is no small patch).
 */
import { recordEvent } from '../audit/events';
import { isOutOfMemory } from '../errors';
import type { Viewer } from '../core/viewer';
import type { Executor, Tx } from '../db/executor';
import type { IngestInput, SyncResult } from '../generated/graphql';
import { bumpVersion, RELOAD } from '../reach/index/feed';
import { KIND_LABEL } from '../graph/vocabulary';
import { takeWriteLock } from '../graph/write-lock';
import type { EntityKind } from '../generated/graphql';
import { toNeo } from '../time';
import { batches } from './batches';
import { accessColumns, addCounts, createdValues, emptyCounts, neoProps, recordCount, sourceSize, writeBatch, type WriteCounts } from './service';
import { lostLease, type SyncLease } from './sync-lease';
import { accessKey, entityKey, ownershipKey, type DocumentPlan } from './sync-plan';
import { syncSourceCounted, type SyncContext, type SyncKeep } from './sync';
import { prepare } from './validate';

/** Staged records deleted per purge transaction (of each relationship type, then of nodes). */
const PURGE_BATCH = 10_000;
/** The smallest purge batch, tried when larger ones exceed Neo4j's transaction memory. */
const PURGE_BATCH_LEAST = 100;

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
  /** Told after each staging transaction commits, and after publishing, with the records it wrote. */
  onBatch?: (records: number) => void;
  /** Called inside each staging transaction and the publishing one just before it commits (the benchmark reads their heap there). */
  beforeCommit?: (phase: 'stage' | 'publish') => Promise<void>;
}

export interface WholeSyncResult {
  counts: WriteCounts;
  sync: SyncResult;
  revokedByKind: Record<string, number>;
  /** Staging transactions committed. */
  batches: number;
}

/** The lists of `input` whose records' keys are in `keys`, or null when none is. */
export function only(input: IngestInput, keys: ReadonlySet<string>): IngestInput | null {
  const out: IngestInput = { source: input.source };
  let any = false;
  const keep = <T>(list: readonly T[] | null | undefined, key: (r: T) => string): T[] | undefined => {
    const kept = (list ?? []).filter((r) => keys.has(key(r)));
    if (kept.length > 0) any = true;
    return kept.length > 0 ? kept : undefined;
  };
  for (const list of ['tenants', 'people', 'teams', 'tools', 'roles', 'identities', 'systems'] as const) {
    const kept = keep(input[list] as { id: string }[] | null | undefined, (r) => entityKey(r.id));
    if (kept) (out as Record<string, unknown>)[list] = kept;
  }
  const ownerships = keep(input.ownerships, (r) => ownershipKey(r.ownerId, r.entityId));
  if (ownerships) out.ownerships = ownerships;
  const access = keep(input.access, (r) => accessKey(r.id));
  if (access) out.access = access;
  return any ? out : null;
}

/** Appends the lists of `b` to `a`. */
function append(a: IngestInput, b: IngestInput): void {
  for (const list of ['tenants', 'people', 'teams', 'tools', 'roles', 'identities', 'systems', 'ownerships', 'access'] as const) {
    const more = b[list] as unknown[] | null | undefined;
    if (more?.length) ((a[list] ??= []) as unknown[]).push(...more);
  }
}

/**
 * The records of `documents` whose keys the plans list (created or changed),
 * in document order and write order, gathered into inputs of about
 * `batchSize` records; an input never spans two documents (a later
 * document may list an id again).
 */
function* planned(documents: Iterable<IngestInput>, plans: readonly DocumentPlan[], which: 'created' | 'changed', batchSize: number): Generator<IngestInput> {
  let d = 0;
  for (const input of documents) {
    const keys = plans[d++][which];
    if (keys.size === 0) continue;
    let pending: IngestInput | null = null;
    for (const batch of batches(input, batchSize)) {
      const part = only(batch, keys);
      if (!part) continue;
      if (pending) append(pending, part);
      else pending = part;
      if (recordCount(pending) >= batchSize) {
        yield pending;
        pending = null;
      }
    }
    if (pending) yield pending;
  }
}

/**
 * Deletes every staged record (of syncs that died or failed before
 * publishing), in batches, each its own transaction, while `lease` is held:
 * the lease is renewed before each, and a lost lease stops the purge
 * (another sync may then be staging). They were never visible: no audit event.
 */
export async function purgeStaged(exec: Executor, viewer: Viewer, lease: SyncLease): Promise<number> {
  let purged = 0;
  let limit = PURGE_BATCH;
  for (;;) {
    await lease.renew();
    let done: number;
    try {
      done = await exec.write(viewer, async (tx) => {
        const [rels] = await tx.run('sync/purge-relationships', { limit });
        const relationships = Number(rels.access) + Number(rels.ownerships) + Number(rels.contains);
        const nodes = relationships > 0 ? 0 : Number((await tx.run('sync/purge-entities', { limit }))[0].entities);
        return relationships + nodes;
      });
    } catch (error) {
      // A Neo4j with little transaction memory (the one a sync just failed to publish in, perhaps): smaller batches.
      if (!isOutOfMemory(error) || limit <= PURGE_BATCH_LEAST) throw error;
      limit = Math.max(PURGE_BATCH_LEAST, Math.floor(limit / 4));
      continue;
    }
    if (done === 0) return purged;
    purged += done;
  }
}

/** Stages one input's records (all new): entities, their containment, owner links, access, as ingest would create them. */
async function stageInput(tx: Tx, input: IngestInput, opts: WholeSyncOptions, syncId: string): Promise<WriteCounts> {
  const nowMs = Date.parse(opts.now);
  const common = { now: toNeo(nowMs), source: opts.source, syncId };
  const { entities, ownerships, access } = prepare(input);
  const counts = emptyCounts();
  const tally = (part: 'entities' | 'ownerships' | 'access', kind: string, n: number) => {
    if (n === 0) return;
    counts[part].created += n;
    (counts.byKind[kind] ??= { created: 0, updated: 0 }).created += n;
  };
  if (entities.length > 0) {
    // As ingest/service.ts creates an entity: the defaults, then the given non-null fields.
    const rows = entities.map((r) => ({ id: r.id, kind: r.kind, ...createdValues(r) }));
    await tx.run('sync/stage-entities', { rows, ...common });
    const systems = entities.filter((r) => r.kind === 'SYSTEM' && typeof r.props.tenantId === 'string');
    if (systems.length > 0) await tx.run('sync/stage-contain-systems', { rows: systems.map((r) => ({ id: r.id, tenantId: r.props.tenantId })), syncId });
    for (const r of entities) tally('entities', r.kind, 1);
  }
  if (ownerships.length > 0) {
    const rows = ownerships.map((r) => ({ ownerId: r.fromId, entityId: r.toId, props: neoProps(r), defaults: r.defaults }));
    await tx.run('sync/stage-ownerships', { rows, ...common });
    tally('ownerships', 'OWNERSHIP', ownerships.length);
  }
  if (access.length > 0) {
    // As ingest/service.ts creates a record: the defaults, then the input; grantedAt defaults to the ingest time.
    await tx.run('sync/stage-access', { ...accessColumns(access, nowMs), ...common });
    tally('access', 'ACCESS', access.length);
  }
  return counts;
}

/**
 * Stages the records the plans mark new, in batches of about `batchSize`,
 * each its own transaction, the lease renewed before each (a lost lease
 * stops the sync). Staging takes no write lock: readers and the refused
 * writers never wait on it. Returns what it created, per kind, and the
 * batches committed.
 */
export async function stageNew(
  exec: Executor,
  documents: () => Iterable<IngestInput>,
  plans: readonly DocumentPlan[],
  lease: SyncLease,
  opts: WholeSyncOptions,
): Promise<{ counts: WriteCounts; batches: number }> {
  const counts = emptyCounts();
  let written = 0;
  for (const input of planned(documents(), plans, 'created', opts.batchSize)) {
    await lease.renew();
    const batchCounts = await exec.write(opts.viewer, async (tx) => {
      const c = await stageInput(tx, input, opts, lease.id);
      await opts.beforeCommit?.('stage');
      return c;
    });
    addCounts(counts, batchCounts);
    written++;
    opts.onBatch?.(recordCount(input));
  }
  return { counts, batches: written };
}

/**
 * The publishing transaction: everything the sync changes becomes visible at
 * once, or (any error, a dead process) none of it does. Refuses, writing
 * nothing, when the lease is no longer this sync's or any write committed
 * since the plan was made (the graph version moved).
 */
export async function publish(
  exec: Executor,
  documents: () => Iterable<IngestInput>,
  plans: readonly DocumentPlan[],
  keep: SyncKeep,
  lease: SyncLease,
  staged: { counts: WriteCounts; batches: number },
  opts: WholeSyncOptions,
): Promise<WholeSyncResult> {
  try {
    return await exec.write(opts.viewer, async (tx) => {
      const { version } = await takeWriteLock(tx, lease.id);
      if ((await tx.run('sync/lease-renew', { syncId: lease.id, leaseMs: lease.leaseMs })).length === 0) throw lostLease();
      if (version !== lease.version) {
        throw new Error(`the graph changed while the sync of ${opts.source} was staging (version ${lease.version} when planned, ${version} now; a write after its lease lapsed): nothing of it was published; run it again`);
      }
      // The share guard's base: the source in force before this sync, as the plan judged it.
      const inForce = await sourceSize(tx, opts.source, opts.now);
      const [entities] = await tx.run('sync/publish-entities', { syncId: lease.id, labels: KIND_LABEL as Record<EntityKind, string> });
      const [relationships] = await tx.run('sync/publish-relationships', { syncId: lease.id });
      const counts = addCounts(emptyCounts(), staged.counts);
      const published = { entities: Number(entities.published), access: Number(relationships.access), ownerships: Number(relationships.ownerships) };
      if (published.entities !== staged.counts.entities.created || published.access !== staged.counts.access.created || published.ownerships !== staged.counts.ownerships.created) {
        throw new Error(`the sync of ${opts.source} found ${JSON.stringify(published)} of its staged records, not what it staged: nothing of it was published; run it again`);
      }
      let changed = 0;
      for (const input of planned(documents(), plans, 'changed', opts.batchSize)) {
        addCounts(counts, (await writeBatch(tx, input, opts.now)).counts);
        changed += recordCount(input);
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
    const totals = { entities: counts.entities, ownerships: counts.ownerships, access: counts.access };
    await recordEvent(tx, {
      kind: 'INGESTED',
      actor: opts.viewer,
      at: opts.now,
      details: { source: opts.source, ...totals, sync: { revoked: sync.revoked.length, removedOwnerships: sync.removedOwnerships.length, batches: staged.batches } },
      requestId: null,
    });
    await tx.run('sync/lease-release', { syncId: lease.id });
    // Too much to list for the change feed: every API process reloads its reach index.
    await bumpVersion(tx, RELOAD);
    await opts.beforeCommit?.('publish');
    opts.onBatch?.(changed);
    return { counts, sync, revokedByKind, batches: staged.batches };
    });
  } catch (error) {
    throw isOutOfMemory(error) ? tooLargeToPublish(error as Error, opts.source, staged.counts) : error;
  }
}

/** Neo4j's transaction memory per new record published (a label change and a removed property): 1,242 MiB for the medium graph's 1,111,572 (BENCHMARKS.md, "Whole-source sync"). */
const PUBLISH_KIB_PER_RECORD = 1.2;

/** The publishing transaction outgrew the memory Neo4j allows transactions: what happened, and what to change. */
function tooLargeToPublish(error: Error, source: string, staged: WriteCounts): Error {
  const created = staged.entities.created + staged.ownerships.created + staged.access.created;
  return new Error(
    `publishing the sync of ${source} in one transaction needed more memory than Neo4j allows its transactions (${error.message}); nothing of it was published. ` +
      `Publishing holds a change to each of the ${created.toLocaleString('en')} new records until it commits (about ${PUBLISH_KIB_PER_RECORD} KiB each, and Neo4j's working memory besides), ` +
      'and Neo4j allows all transactions together 70% of its heap by default: give it a larger heap (the local Neo4j: NEO4J_LOCAL_HEAP, then restart it; Docker or another Neo4j: server.memory.heap.max_size), ' +
      'or make the first load of a large inventory with npm run bulk-import, or npm run import without --sync (docs/ingest.md, "Sync of a whole source", has what a million records needed)',
  );
}
