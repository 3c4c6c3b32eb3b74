/**
 * What `npm run import` does, apart from its command line and progress bar.
 * It works on SourceDocuments (src/connectors: native JSON, CSV, ...), each
 * an IngestInput-shaped document that knows where its records came from.
 *
 * Every document is checked by the same two stages as the `ingest` mutation
 * (coercion against the served schema's IngestInput, ingest/coerce.ts; then
 * `validate`, against the store plus the documents before it), and nothing
 * is written unless every document passes; every problem carries the
 * document's location for its record (file, line, column) when the
 * connector knows it. Then:
 * - an import (no sync) writes the documents in batches, each through
 *   IngestService, one transaction each;
 * - a sync (`sync`, with `source`) takes the sync lease, purges what a dead
 *   sync staged, plans (validation, plus which records are new, changed or
 *   unchanged, ingest/sync-plan.ts), checks the sync's guards against what
 *   it would revoke, stages the new records in batches and publishes
 *   everything in one transaction (ingest/source-sync.ts);
 * - a dry run stops after the checks and returns what the import would
 *   create, update, revoke and remove, per kind, from the same validation
 *   and plan (a sync's dry run takes no lease and writes nothing).
 *
 * A document that fails coercion is refused with its coercion problems
 * alone, as the mutation refuses such a batch. The documents after it are
 * still coerced, but not checked against the store: what they refer to in
 * the refused one is unknown, and every such reference would be reported as
 * a false problem.
 */
import { SYSTEM_VIEWER, type Viewer } from '../core/viewer';
import { loadIngestConfig, loadSyncLeaseMs } from '../config';
import type { SourceDocument, SourceLocation } from '../connectors/connector';
import { nativeConnector, SourceFileError } from '../connectors/native';
import type { Executor } from '../db/executor';
import { quoted, type InputProblem } from '../errors';
import type { IngestInput } from '../generated/graphql';
import { toNeo } from '../time';
import { batches } from './batches';
import { coerceIngestInput } from './coerce';
import { addCounts, countsOf, emptyCounts, existingPairs, IngestService, recordCount, sourceSize, validate, type WriteCounts } from './service';
import { publish, purgeStaged, stageNew } from './source-sync';
import { releaseSyncLease, takeSyncLease, type SyncLease } from './sync-lease';
import { planDocument, type DocumentPlan, type PlanCounts } from './sync-plan';
import { syncGuardProblem, type SyncContext } from './sync';
import { checkAgainstStore, ownershipId, prepare, sortProblems, storedAfter, type StoredRecord } from './validate';

/** A file that cannot be read, or a path that names nothing: a usage error, not a problem of its records. */
export { SourceFileError as ImportFileError };

/** A problem with where its record came from, when the connector knows. */
export interface LocatedProblem extends InputProblem {
  location?: SourceLocation;
}

export interface DocumentProblems {
  document: string;
  problems: LocatedProblem[];
}

export interface SyncOptions {
  /** The most access records and owner links the sync may revoke or remove (null: no limit). */
  maxRevocations: number | null;
  /** Overrides the share guard (PATHWARDEN_SYNC_MAX_REVOKED_PERCENT). */
  allowLargeRevocation: boolean;
}

export interface ImportOptions {
  /** Records per written batch (1..INGEST_BATCH_LIMIT). */
  batchSize?: number;
  /** The ingest time of the whole import (ISO); now when left out. */
  now?: string;
  /** Stamped on every record; a document naming another source is refused. Required with `sync`. */
  source?: string;
  /** The documents are the whole state of `source`: staged, then published in one transaction, with revocation. */
  sync?: SyncOptions;
  /** Check everything and report what would change; write nothing. */
  dryRun?: boolean;
  viewer?: Viewer;
  /** How refusals name the sync guards (the command line's flags). */
  guards?: SyncContext['guards'];
  /** Told before a document is checked, with its record count. */
  onCheck?: (document: string, records: number) => void;
  /** Told when writing starts (total records) and after each batch (records written so far). */
  onWrite?: (done: number, total: number) => void;
  /** A sync: called inside each staging transaction and the publishing one just before it commits. */
  beforeCommit?: (phase: 'stage' | 'publish') => Promise<void>;
}

/** What an import creates and updates per kind, and what a sync revokes (per access kind) and removes. */
export interface ImportCounts extends WriteCounts {
  revoked: Record<string, number>;
  removedOwnerships: number;
  /** A sync: records per kind listed exactly as stored, so not written (their `updated` count only what changes). */
  unchanged: Record<string, number>;
}

export type ImportOutcome =
  | { kind: 'rejected'; documents: DocumentProblems[] }
  | { kind: 'planned'; records: number; counts: ImportCounts }
  | { kind: 'imported'; records: number; created: number; updated: number; counts: ImportCounts };

/** Batch-level fields a document may not set: the command line says what an import does. */
const SETTINGS = ['sync', 'syncMaxRevocations', 'syncAllowLargeRevocation'] as const;
const settingProblem = (field: string): InputProblem => ({
  list: 'input',
  index: -1,
  id: null,
  field,
  reason: 'a file does not choose how it is imported: remove it, and sync the whole source with npm run import -- --sync --source NAME (docs/ingest.md)',
});

/** One document, coerced, with the command line's source applied; the problems that stop it. */
function coerceDocument(doc: SourceDocument, source: string | undefined): { input: IngestInput | null; problems: InputProblem[] } {
  const coerced = coerceIngestInput(doc.input);
  if (!coerced.input) return coerced;
  const input = coerced.input;
  const problems = SETTINGS.filter((f) => input[f] !== undefined && input[f] !== null).map(settingProblem);
  if (source !== undefined) {
    if (typeof input.source === 'string' && input.source !== source) {
      problems.push({ list: 'input', index: -1, id: null, field: 'source', reason: `is ${JSON.stringify(input.source)}, but --source is ${JSON.stringify(source)}` });
    }
    input.source = source;
  }
  return problems.length > 0 ? { input: null, problems } : { input, problems: [] };
}

const located = (doc: SourceDocument, problems: InputProblem[]): LocatedProblem[] =>
  problems.map((p) => {
    const location = doc.locate(p.list, p.index, p.field);
    return location ? { ...p, location } : p;
  });

function withSync(counts: WriteCounts, revoked: Record<string, number> = {}, removedOwnerships = 0, unchanged: Record<string, number> = {}): ImportCounts {
  // A kind the sync lists only unchanged records of is still reported (0 created, 0 updated).
  for (const kind of Object.keys(unchanged)) counts.byKind[kind] ??= { created: 0, updated: 0 };
  return { ...counts, revoked, removedOwnerships, unchanged };
}

/** A sync plan's counts as WriteCounts (created, changed as updated) and the unchanged per kind. */
function planTotals(plan: PlanCounts): { counts: WriteCounts; unchanged: Record<string, number> } {
  const counts = emptyCounts();
  const unchanged: Record<string, number> = {};
  for (const [kind, c] of Object.entries(plan)) {
    const part = kind === 'ACCESS' ? 'access' : kind === 'OWNERSHIP' ? 'ownerships' : 'entities';
    counts[part].created += c.created;
    counts[part].updated += c.updated;
    counts.byKind[kind] = { created: c.created, updated: c.updated };
    unchanged[kind] = c.unchanged;
  }
  return { counts, unchanged };
}

export async function importDocuments(exec: Executor, documents: readonly SourceDocument[], options: ImportOptions = {}): Promise<ImportOutcome> {
  if (options.sync && options.source === undefined) throw new Error('a sync needs its source');
  if (!options.sync || options.dryRun) return run(exec, documents, options, null);
  // A sync holds the sync lease from before its plan until it publishes: no other write can change what it planned against.
  const viewer = options.viewer ?? SYSTEM_VIEWER;
  const lease = await takeSyncLease(exec, viewer, options.source as string, loadSyncLeaseMs());
  let published = false;
  try {
    await purgeStaged(exec, viewer, lease);
    const outcome = await run(exec, documents, options, lease);
    published = outcome.kind === 'imported';
    return outcome;
  } finally {
    lease.stop();
    // Refused or failed: what it staged is deleted (never visible) and writes resume. If this fails too, the lease lapses and the next sync purges.
    if (!published) {
      await purgeStaged(exec, viewer, lease)
        .then(() => releaseSyncLease(exec, viewer, lease))
        .catch(() => {});
    }
  }
}

async function run(exec: Executor, documents: readonly SourceDocument[], options: ImportOptions, lease: SyncLease | null): Promise<ImportOutcome> {
  const batchSize = options.batchSize ?? 2000;
  const viewer = options.viewer ?? SYSTEM_VIEWER;
  // One ingest time for the whole import: validation checks defaults (grantedAt) against the time they will be written with.
  const now = options.now ?? new Date().toISOString();
  const nowMs = Date.parse(now);
  // With one document, keep it coerced for writing; with several, read each again (an import in parts may not fit in memory at once).
  let kept: IngestInput | null = null;
  let earlier: Map<string, StoredRecord> | undefined;
  const earlierPairs = new Set<string>();
  const keep = { access: [] as string[], ownerships: [] as [string, string][] };
  const planned = emptyCounts();
  // A sync: what it does with each record of each document, and the ids earlier documents list.
  const plans: DocumentPlan[] = [];
  const planCounts: PlanCounts = {};
  const listedIds = new Set<string>();
  let comparable = true;
  let total = 0;
  const refused: DocumentProblems[] = [];
  for (const doc of documents) {
    const { input, problems } = coerceDocument(doc, options.source);
    if (!input) {
      refused.push({ document: doc.name, problems: located(doc, problems) });
      comparable = false;
      continue;
    }
    const size = recordCount(input);
    total += size;
    options.onCheck?.(doc.name, size);
    if (!comparable) continue;
    const validated = await exec.read(viewer, async (tx) => {
      const v = await validate(tx, input, nowMs, { earlier });
      const standing = v.problems.length === 0 ? await existingPairs(tx, v.prepared.ownerships) : new Set<string>();
      for (const pair of earlierPairs) standing.add(pair);
      const plan = options.sync && v.problems.length === 0 ? await planDocument(tx, v.prepared, v.stored, listedIds, earlierPairs, standing, options.source as string, planCounts) : null;
      return { ...v, standing, plan };
    });
    if (validated.problems.length > 0) {
      refused.push({ document: doc.name, problems: located(doc, validated.problems) });
      continue;
    }
    if (validated.plan) {
      plans.push(validated.plan);
      for (const r of [...validated.prepared.entities, ...validated.prepared.access]) listedIds.add(r.id);
    }
    addCounts(planned, countsOf(validated.prepared, validated.stored, validated.standing));
    for (const r of validated.prepared.ownerships) earlierPairs.add(ownershipId(r.fromId as string, r.toId as string));
    if (options.sync) {
      for (const r of validated.prepared.access) keep.access.push(r.id);
      for (const r of validated.prepared.ownerships) keep.ownerships.push([r.fromId as string, r.toId as string]);
    }
    if (documents.length === 1) kept = input;
    else {
      earlier ??= new Map();
      for (const [id, record] of storedAfter(validated.prepared, validated.stored, nowMs)) earlier.set(id, record);
    }
  }
  if (refused.length > 0) return { kind: 'rejected', documents: refused };
  earlier = undefined;
  const inputs = function* (): Generator<IngestInput> {
    for (const doc of documents) yield kept ?? (coerceDocument(doc, options.source).input as IngestInput);
  };

  const maxPercent = loadIngestConfig().syncMaxRevokedPercent;
  let plan = withSync(planned);
  const syncPlan = planTotals(planCounts);
  if (options.sync) {
    // What the sync would revoke and remove, judged as its revocation step judges it; its guards refuse before anything is written.
    const source = options.source as string;
    const { revoked, removed, inForce } = await exec.read(viewer, async (tx) => {
      const params = { source, now: toNeo(nowMs) };
      const byKind: Record<string, number> = {};
      for (const row of await tx.run('ingest/sync-plan-access', { ...params, keep: keep.access })) byKind[row.kind as string] = Number(row.records);
      const [links] = await tx.run('ingest/sync-plan-ownerships', { ...params, keep: keep.ownerships });
      return { revoked: byKind, removed: Number(links.links), inForce: await sourceSize(tx, source, now) };
    });
    plan = withSync(syncPlan.counts, revoked, removed, syncPlan.unchanged);
    const revokedCount = Object.values(revoked).reduce((a, b) => a + b, 0);
    const guard = syncGuardProblem(revokedCount, removed, {
      source,
      maxRevocations: options.sync.maxRevocations,
      share: { inForce, maxPercent, allowed: options.sync.allowLargeRevocation },
      guards: options.guards,
    });
    if (guard) return { kind: 'rejected', documents: [{ document: `sync of ${source}`, problems: [guard] }] };
  }
  if (options.dryRun) return { kind: 'planned', records: total, counts: plan };

  // A sync writes only what its plan creates or changes.
  const toWrite = options.sync ? syncPlan.counts.entities.created + syncPlan.counts.entities.updated + syncPlan.counts.ownerships.created + syncPlan.counts.ownerships.updated + syncPlan.counts.access.created + syncPlan.counts.access.updated : total;
  options.onWrite?.(0, toWrite);
  let done = 0;
  const progress = (records: number) => options.onWrite?.((done += records), toWrite);
  if (options.sync) {
    if (!lease) throw new Error('a sync writes only while it holds the sync lease');
    const opts = {
      source: options.source as string,
      maxRevocations: options.sync.maxRevocations,
      maxPercent,
      allowLargeRevocation: options.sync.allowLargeRevocation,
      batchSize,
      now,
      viewer,
      guards: options.guards,
      onBatch: progress,
      beforeCommit: options.beforeCommit,
    };
    const staged = await stageNew(exec, inputs, plans, lease, opts);
    // Publishing renews the lease in its own transaction, under the write lock.
    lease.stop();
    const result = await publish(exec, inputs, plans, keep, lease, staged, opts);
    const counts = withSync(result.counts, result.revokedByKind, result.sync.removedOwnerships.length, syncPlan.unchanged);
    return { kind: 'imported', records: total, ...sums(counts), counts };
  }
  const service = new IngestService(exec, viewer, now);
  const counts = emptyCounts();
  for (const input of inputs()) {
    for (const batch of batches(input, batchSize)) {
      addCounts(counts, (await service.ingestCounted(batch)).counts);
      progress(recordCount(batch));
    }
  }
  return { kind: 'imported', records: total, ...sums(counts), counts: withSync(counts) };
}

/**
 * The problems of documents found without the store: coercion against the
 * SDL, then the rules that need nothing stored (instants, blanks, limits,
 * duplicates). For when a connector already refused part of its files: the
 * records it could read are still checked, so every mistake is named at
 * once, but not against the store, where the records it could not read
 * would show up as false "refers to no entity" problems.
 */
export function offlineProblems(documents: readonly SourceDocument[], source?: string): DocumentProblems[] {
  const out: DocumentProblems[] = [];
  for (const doc of documents) {
    const { input, problems } = coerceDocument(doc, source);
    const found = input ? sortProblems(prepare(input).problems) : problems;
    if (found.length > 0) out.push({ document: doc.name, problems: located(doc, found) });
  }
  return out;
}

function sums(counts: WriteCounts): { created: number; updated: number } {
  const parts = [counts.entities, counts.ownerships, counts.access];
  return { created: parts.reduce((n, p) => n + p.created, 0), updated: parts.reduce((n, p) => n + p.updated, 0) };
}

/** Native JSON files (connectors/native.ts), imported as documents: what `npm run import -- FILE...` does. */
export async function importFiles(exec: Executor, files: readonly string[], options: ImportOptions = {}): Promise<ImportOutcome> {
  const { documents } = await nativeConnector.read(files);
  return importDocuments(exec, documents, options);
}

export type EmptyStoreCheck =
  | { kind: 'rejected'; documents: DocumentProblems[] }
  | { kind: 'valid'; records: number; inputs: () => Generator<IngestInput> };

/**
 * The checks of importDocuments for a load into an EMPTY database (npm run
 * bulk-import, which writes past the API): the same coercion and
 * validation, against nothing stored but the documents before each one, so
 * it needs no database. One more rule: a record may be written only once
 * (an entity or access id, an owner link's pair, in two documents is
 * refused, naming the document that has it first), since the offline
 * importer creates and never updates. `inputs` reads the valid documents
 * again, one at a time, for writing.
 */
export function checkForEmptyStore(
  documents: readonly SourceDocument[],
  options: { now: string; source?: string; onCheck?: (document: string, records: number) => void },
): EmptyStoreCheck {
  const nowMs = Date.parse(options.now);
  const earlier = new Map<string, StoredRecord>();
  const firstIn = new Map<string, string>();
  const refused: DocumentProblems[] = [];
  let kept: IngestInput | null = null;
  let comparable = true;
  let total = 0;
  for (const doc of documents) {
    const { input, problems: coercion } = coerceDocument(doc, options.source);
    if (!input) {
      refused.push({ document: doc.name, problems: located(doc, coercion) });
      comparable = false;
      continue;
    }
    const size = recordCount(input);
    total += size;
    options.onCheck?.(doc.name, size);
    if (!comparable) continue;
    const prepared = prepare(input);
    const stored = new Map<string, StoredRecord>();
    for (const id of prepared.lookup) if (earlier.has(id)) stored.set(id, earlier.get(id)!);
    const problems = [...prepared.problems, ...checkAgainstStore(prepared, stored, nowMs)];
    // Within one document, `prepare` refuses a duplicate already.
    if (documents.length > 1) for (const r of [...prepared.entities, ...prepared.ownerships, ...prepared.access]) {
      const owner = r.kind === 'OWNERSHIP';
      const key = owner ? `owner link ${r.id}` : r.id;
      const first = firstIn.get(key);
      if (first === undefined) firstIn.set(key, doc.name);
      else if (first !== doc.name) {
        problems.push({
          list: r.list,
          index: r.index,
          id: owner ? null : r.id,
          field: owner ? 'entityId' : 'id',
          reason: `${owner ? 'this owner link' : quoted(r.id)} is also in ${first}: a bulk import writes each record once (merge the files, or load the later one afterwards with npm run import)`,
        });
      }
    }
    if (problems.length > 0) {
      refused.push({ document: doc.name, problems: located(doc, sortProblems(problems)) });
      continue;
    }
    for (const [id, record] of storedAfter(prepared, stored, nowMs)) earlier.set(id, record);
    if (documents.length === 1) kept = input;
  }
  if (refused.length > 0) return { kind: 'rejected', documents: refused };
  return {
    kind: 'valid',
    records: total,
    inputs: function* () {
      for (const doc of documents) yield kept ?? (coerceDocument(doc, options.source).input as IngestInput);
    },
  };
}
