/**
 * ingest(input): one transaction, all or nothing. Inside one write
 * transaction it looks up every id the batch declares or refers to,
 * validates the whole batch, and only then writes; any problem rejects the
 * batch with BAD_USER_INPUT listing every offending record, and nothing is
 * written. Records are upserted by id (see docs/ingest.md for the rules).
 */
import { GraphQLError } from 'graphql';
import { recordEvent } from '../audit/events';
import { loadIngestConfig, type IngestConfig } from '../config';
import type { Viewer } from '../core/viewer';
import type { Executor, Tx } from '../db/executor';
import { badInput, ErrorCode, problemPath, type InputProblem } from '../errors';
import type { EntityKind, IngestInput, IngestResult } from '../generated/graphql';
import { INGEST_BATCH_LIMIT, KIND_LABEL } from '../graph/vocabulary';
import { takeWriteLock } from '../graph/write-lock';
import { edgeFromRow, nodeFromRow, ReachIndexProvider, recordWrite } from '../reach/index/provider';
import type { EntityRow } from '../core/rows';
import type { IndexEdge, IndexNode, ReachIndex } from '../reach/index/reach-index';
import { toNeo } from '../time';
import { ACCESS_SPEC } from './records';
import { syncProblems, syncSource } from './sync';
import { lookupStored, storedInIndex } from './stored';
import { checkAgainstStore, prepare, sortProblems, type Prepared, type PreparedRecord, type StoredRecord } from './validate';

export function recordCount(input: IngestInput): number {
  const lists = [input.people, input.teams, input.identities, input.tools, input.roles, input.tenants, input.systems, input.ownerships, input.access];
  return lists.reduce((n, list) => n + (list?.length ?? 0), 0);
}

/**
 * Every problem of a batch, checked against what `tx` sees; [] when it may be
 * written. `nowMs` is the ingest time, which a new record's grantedAt defaults to.
 * - `earlier`: what batches validated before this one (but not yet written)
 *   will have stored by the time this one is written (see `storedAfter`); its
 *   ids are taken from there instead of the store, so the files of one import
 *   can all be validated before any is written.
 * - `index`: a reach index holding exactly what `tx` sees (a transaction that
 *   has written nothing yet, under the write lock; stored.ts): the ids are
 *   looked up in it instead of in Neo4j.
 * - `prepared`: the batch already checked on its own (prepare), before the
 *   transaction took the write lock.
 */
export async function validate(
  tx: Tx,
  input: IngestInput,
  nowMs = Date.now(),
  given: { earlier?: ReadonlyMap<string, StoredRecord>; index?: ReachIndex | null; prepared?: Prepared } = {},
): Promise<{ prepared: Prepared; stored: Map<string, StoredRecord>; problems: InputProblem[] }> {
  const { earlier, index } = given;
  const prepared = given.prepared ?? prepare(input);
  const ids = earlier ? [...prepared.lookup].filter((id) => !earlier.has(id)) : prepared.lookup;
  const stored = index ? storedInIndex(index, ids) : await lookupStored(tx, ids);
  if (earlier) for (const id of prepared.lookup) if (earlier.has(id)) stored.set(id, earlier.get(id)!);
  const problems = sortProblems([...prepared.problems, ...checkAgainstStore(prepared, stored, nowMs)]);
  return { prepared, stored, problems };
}

export function rejection(problems: InputProblem[]): GraphQLError {
  const shown = problems.slice(0, 3).map((p) => `${problemPath(p)}: ${p.reason}`);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more; see extensions.problems)` : '';
  return badInput(`ingest rejected, nothing was written: ${shown.join('; ')}${more}`, problems);
}

/**
 * Refuses (FORBIDDEN, before anything is read or written) a batch whose
 * source the caller's credential is not bound to. A source-bound credential
 * must name its source: a batch without one would write records no sync of
 * its own source could later revoke, and a sync under another source could
 * revoke that source's whole state (docs/security.md, "Source-bound ingest").
 */
export function sourceAllowed(viewer: Pick<Viewer, 'sources'>, source: string | null | undefined): void {
  const allowed = viewer.sources;
  if (allowed == null || (typeof source === 'string' && allowed.includes(source))) return;
  const which = typeof source === 'string' ? `source ${JSON.stringify(source.slice(0, 200))}` : 'a batch without a source';
  throw new GraphQLError(`this credential may write only the sources ${allowed.map((s) => JSON.stringify(s)).join(', ')}, not ${which}; nothing was written`, {
    extensions: { code: ErrorCode.FORBIDDEN, argument: 'source' },
  });
}

export class IngestService {
  constructor(
    private readonly exec: Executor,
    private readonly viewer: Viewer,
    private readonly now: string,
    private readonly requestId: string | null = null,
    private readonly config: IngestConfig = loadIngestConfig(),
  ) {}

  async ingest(input: IngestInput, limit = INGEST_BATCH_LIMIT): Promise<IngestResult> {
    return (await this.ingestCounted(input, limit)).result;
  }

  /** ingest, also returning what it created and updated per kind (the importer's report). */
  async ingestCounted(input: IngestInput, limit = INGEST_BATCH_LIMIT): Promise<{ result: IngestResult; counts: WriteCounts }> {
    const size = recordCount(input);
    if (size > limit) {
      throw badInput(`ingest rejected, nothing was written: ${size} records is over the limit of ${limit} per call; split the batch or use npm run import`, [
        { list: 'input', index: -1, id: null, field: 'input', reason: `${size} records; at most ${limit} per call` },
      ]);
    }
    sourceAllowed(this.viewer, input.source);
    // The batch on its own (instants, blanks, duplicates) is checked before the transaction: not while holding the write lock.
    const prepared = prepare(input);
    // Committed: this process's reach index takes the change as the write returns, without a reload.
    const provider = ReachIndexProvider.for(this.exec);
    const { result, counts } = await provider.committing(() => this.exec.write(this.viewer, async (tx) => {
      // First, the one write lock (graph/write-lock.ts): validation sees every write committed before this
      // batch, a concurrent lifecycle change can neither slip in between nor deadlock with it, and a
      // whole-source sync that is staging refuses it (SYNC_IN_PROGRESS).
      const at = await takeWriteLock(tx);
      // A sync without a source is a problem of the whole request: listed first, with the batch's own.
      const requestProblems = syncProblems(input);
      let inForce = 0;
      // When this process's reach index holds the state the lock returned, validation reads it instead of Neo4j (stored.ts).
      const index = provider.heldAt(at);
      const { counts, written } = await writeBatch(
        tx,
        input,
        this.now,
        requestProblems,
        async () => {
          // The source's size before this batch takes anything over: the base of the sync's share guard.
          if (input.sync) inForce = await sourceSize(tx, input.source as string, this.now);
        },
        { index, prepared },
      );
      // Sync: what the source no longer lists is revoked / removed now, in this transaction (ingest/sync.ts).
      const sync = input.sync
        ? await syncSource(tx, keepOf(prepared), {
            source: input.source as string,
            maxRevocations: input.syncMaxRevocations ?? null,
            share: { inForce, maxPercent: this.config.syncMaxRevokedPercent, allowed: input.syncAllowLargeRevocation === true },
            viewer: this.viewer,
            now: this.now,
            requestId: this.requestId,
          })
        : null;
      const delta = await recordWrite(
        tx,
        prepared.entities.map((r) => r.id),
        [...prepared.access.map((r) => r.id), ...(sync?.revoked ?? [])],
        [...prepared.ownerships.map((r) => r.toId as string), ...(sync?.removedOwnerships.map((l) => l.entityId) ?? [])],
        written,
      );
      const totals = { entities: counts.entities, ownerships: counts.ownerships, access: counts.access };
      const result: IngestResult = { ...totals, sync };
      // Who wrote what, in the same transaction: the batch's counts (its records carry source and updatedAt);
      // a sync's revocations and removals have their own events (ingest/sync.ts), counted here.
      const synced = sync ? { sync: { revoked: sync.revoked.length, removedOwnerships: sync.removedOwnerships.length } } : {};
      await recordEvent(tx, { kind: 'INGESTED', actor: this.viewer, at: this.now, details: { source: input.source ?? null, ...totals, ...synced }, requestId: this.requestId });
      return { result, delta, counts };
    }));
    return { result, counts };
  }
}

/** Created and updated records of one write, in total per part and per kind (entity kinds, OWNERSHIP, ACCESS). */
export interface WriteCounts {
  entities: { created: number; updated: number };
  ownerships: { created: number; updated: number };
  access: { created: number; updated: number };
  byKind: Record<string, { created: number; updated: number }>;
}

export const emptyCounts = (): WriteCounts => ({ entities: { created: 0, updated: 0 }, ownerships: { created: 0, updated: 0 }, access: { created: 0, updated: 0 }, byKind: {} });

/** Adds `b` into `a`. */
export function addCounts(a: WriteCounts, b: WriteCounts): WriteCounts {
  for (const part of ['entities', 'ownerships', 'access'] as const) {
    a[part].created += b[part].created;
    a[part].updated += b[part].updated;
  }
  for (const [kind, c] of Object.entries(b.byKind)) {
    const into = (a.byKind[kind] ??= { created: 0, updated: 0 });
    into.created += c.created;
    into.updated += c.updated;
  }
  return a;
}

/** What a valid batch will create and update, given what is stored under its ids and which owner links stand. */
export function countsOf(prepared: Prepared, stored: ReadonlyMap<string, StoredRecord>, standingPairs: ReadonlySet<string>): WriteCounts {
  const counts = emptyCounts();
  const tally = (part: 'entities' | 'ownerships' | 'access', kind: string, exists: boolean) => {
    const c = (counts.byKind[kind] ??= { created: 0, updated: 0 });
    if (exists) counts[part].updated++, c.updated++;
    else counts[part].created++, c.created++;
  };
  for (const r of prepared.entities) tally('entities', r.kind, stored.has(r.id));
  for (const r of prepared.ownerships) tally('ownerships', 'OWNERSHIP', standingPairs.has(r.id));
  for (const r of prepared.access) tally('access', 'ACCESS', stored.has(r.id));
  return counts;
}

/** The access ids and owner-link pairs a batch lists: what a sync keeps. */
export function keepOf(prepared: Prepared): { access: string[]; ownerships: [string, string][] } {
  return { access: prepared.access.map((r) => r.id), ownerships: prepared.ownerships.map((r) => [r.fromId as string, r.toId as string]) };
}

/**
 * Inside a write transaction that holds the write lock: validates one batch
 * against what `tx` sees (the store, and whatever this transaction wrote
 * before), throws the rejection listing `requestProblems` and every problem
 * of the batch, or (after `beforeWrite`) writes it; returns what it created
 * and updated. `given`: as validate's (`index`, `prepared`).
 */
export async function writeBatch(
  tx: Tx,
  input: IngestInput,
  now: string,
  requestProblems: InputProblem[] = [],
  beforeWrite?: () => Promise<void>,
  given: { index?: ReachIndex | null; prepared?: Prepared } = {},
): Promise<{ prepared: Prepared; counts: WriteCounts; written: Written }> {
  const validated = await validate(tx, input, Date.parse(now), given);
  const { prepared, stored } = validated;
  const problems = [...requestProblems, ...validated.problems];
  if (problems.length > 0) throw rejection(problems);
  await beforeWrite?.();
  const written = await write(tx, prepared, stored, Date.parse(now), input.source ?? null);
  return { prepared, counts: countsOf(prepared, stored, written.standingPairs), written };
}

/** Access records in force and owner links standing of `source` now: the base of the share guard. */
export async function sourceSize(tx: Tx, source: string, now: string): Promise<number> {
  const [row] = await tx.run('ingest/sync-source-size', { source, now: toNeo(Date.parse(now)) });
  return Number(row.access) + Number(row.ownerships);
}

/** The owner links of `ownerships` that stand now, by pair id (owner -> entity). */
export async function existingPairs(tx: Tx, ownerships: PreparedRecord[]): Promise<Set<string>> {
  if (ownerships.length === 0) return new Set();
  const rows = await tx.run('ingest/lookup-ownerships', { pairs: ownerships.map((o) => ({ ownerId: o.fromId, entityId: o.toId })) });
  return new Set(rows.map((r) => `${r.ownerId} -> ${r.entityId}`));
}

/** Instants to Neo4j DateTime, everything else as given (owner links: few per batch). */
export function neoProps(record: PreparedRecord): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record.props)) props[k] = record.instants.includes(k) && typeof v === 'number' ? toNeo(v) : v;
  return props;
}

/**
 * A record's given fields for the bulk write queries: the instants apart, as
 * epoch milliseconds (`at`, made DateTimes in Cypher: a driver DateTime costs
 * far more to pack than an integer, and a batch carries tens of thousands),
 * the rest as given (`props`). A null clears a field (`clear`: kept as null;
 * otherwise dropped, for records being created).
 */
export function split(record: PreparedRecord, clear: boolean): { props: Record<string, unknown>; at: Record<string, number | null> } {
  const props: Record<string, unknown> = {};
  const at: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(record.props)) {
    if (v === null && !clear) continue;
    if (record.instants.includes(k)) at[k] = v as number | null;
    else props[k] = v;
  }
  return { props, at };
}

/** A new entity's stored fields: the defaults, then the given non-null fields; the given instants apart, as epoch ms. */
export function createdValues(r: PreparedRecord): { props: Record<string, unknown>; at: Record<string, number> } {
  const { props, at } = split(r, false);
  return { props: { ...r.defaults, ...props }, at: at as Record<string, number> };
}

/**
 * A new entity as the reach index reads it once stored
 * (reach/index-nodes.cypher): what ingest/create-entities was sent, with
 * kind, createdAt, updatedAt and source; instants as ISO strings, as every
 * read gives them.
 */
function createdNode(sent: { id: string; kind: string; props: Record<string, unknown>; at: Record<string, number> }, nowMs: number, source: string | null): IndexNode {
  const now = new Date(nowMs).toISOString();
  const row: Record<string, unknown> = { ...sent.props, id: sent.id, kind: sent.kind, createdAt: now, updatedAt: now };
  if (source !== null) row.source = source;
  for (const k in sent.at) row[k] = new Date(sent.at[k]).toISOString();
  const { enabled = null, privileged = null, tenantId = null } = row as { enabled?: boolean | null; privileged?: boolean | null; tenantId?: string | null };
  return { id: sent.id, kind: sent.kind as EntityKind, enabled, privileged, tenantId, row: row as unknown as EntityRow };
}

/** The fields ingest/create-access stores from a record's values, besides id, kind and the endpoints; the instants (ACCESS_SPEC's) as epoch ms. */
const ACCESS_VALUES = ['privileged', 'justification', 'requestedBy', 'approvedBy', 'certifiedBy'] as const;

export type AccessColumns = Record<'id' | 'kind' | 'from' | 'to' | (typeof ACCESS_VALUES)[number], unknown[]> & Record<string, unknown[]>;

/**
 * New access records as ingest/create-access's parameters: one list per
 * field, null where a record has no value; the defaults filled in
 * (ACCESS_SPEC's, and grantedAt the ingest time). A field the query does not
 * store is refused here rather than dropped.
 */
export function accessColumns(created: PreparedRecord[], nowMs: number): AccessColumns {
  const fields = [...ACCESS_VALUES, ...ACCESS_SPEC.instants];
  const columns: AccessColumns = { id: [], kind: [], from: [], to: [], privileged: [], justification: [], requestedBy: [], approvedBy: [], certifiedBy: [] };
  for (const f of fields) columns[f] ??= [];
  const defaults = ACCESS_SPEC.defaults;
  for (const k in defaults) if (!(k in columns)) throw new Error(`ingest/create-access stores no ${k}`);
  // Per record, a given field (a null included), else the default: no merged object per record.
  for (const r of created) {
    for (const k in r.props) if (!(k in columns)) throw new Error(`ingest/create-access stores no ${k}`);
    columns.id.push(r.id);
    columns.kind.push(r.accessKind);
    columns.from.push(r.fromId);
    columns.to.push(r.toId);
    for (const f of fields) columns[f].push((f in r.props ? r.props[f] : f === 'grantedAt' ? nowMs : defaults[f]) ?? null);
  }
  return columns;
}

/**
 * Record `i` of `columns` in the reach index's columns, as
 * reach/index-edges.cypher would read it once stored (privileged when true,
 * approved when an approver is recorded); `justified` is Cypher's answer.
 */
function createdEdge(c: AccessColumns, i: number, justified: boolean): IndexEdge {
  // No closure per record: this runs for every record of a batch (docs/performance.md, "Closures in per-record code").
  return edgeFromRow({
    id: c.id[i], from: c.from[i], to: c.to[i], kind: c.kind[i],
    grantedAt: c.grantedAt[i], revokedAt: c.revokedAt[i],
    privileged: c.privileged[i] === true, approved: c.approvedBy[i] !== null, justified,
    expiresAt: c.expiresAt[i], lastCertifiedAt: c.lastCertifiedAt[i], lastUsedAt: c.lastUsedAt[i],
    approvedBy: c.approvedBy[i], requestedBy: c.requestedBy[i], certifiedBy: c.certifiedBy[i],
  });
}

/** What the writes returned: in the reach index's columns (so recordWrite need not read them back), and the owner links that stood before (by pair id). */
interface Written {
  nodes: IndexNode[];
  edges: IndexEdge[];
  standingPairs: Set<string>;
}

async function write(tx: Tx, prepared: Prepared, stored: ReadonlyMap<string, StoredRecord>, nowMs: number, source: string | null): Promise<Written> {
  const now = toNeo(nowMs);
  const written: Written = { nodes: [], edges: [], standingPairs: new Set() };
  if (prepared.entities.length > 0) {
    const created = prepared.entities.filter((r) => !stored.has(r.id));
    const updated = prepared.entities.filter((r) => stored.has(r.id));
    if (created.length > 0) {
      const rows = created.map((r) => ({ id: r.id, kind: r.kind, label: KIND_LABEL[r.kind as EntityKind], ...createdValues(r) }));
      const ids = await tx.run('ingest/create-entities', { rows, now, source });
      if (ids.length !== rows.length) throw new Error(`ingest/create-entities created ${ids.length} of ${rows.length} entities`);
      for (const row of rows) written.nodes.push(createdNode(row, nowMs, source));
    }
    if (updated.length > 0) {
      const rows = updated.map((r) => ({ id: r.id, kind: r.kind, label: KIND_LABEL[r.kind as EntityKind], ...split(r, true), defaults: r.defaults }));
      written.nodes.push(...(await tx.run('ingest/upsert-entities', { rows, now, source })).map(nodeFromRow));
    }
    // Containment for the systems whose tenant this batch records (new ones, and stored ones that had none): the tenant is fixed once recorded.
    const systems = prepared.entities.filter((r) => r.kind === 'SYSTEM' && typeof r.props.tenantId === 'string' && (stored.get(r.id)?.tenantId ?? null) === null);
    if (systems.length > 0) await tx.run('ingest/contain-systems', { rows: systems.map((r) => ({ id: r.id, tenantId: r.props.tenantId })) });
  }
  if (prepared.ownerships.length > 0) {
    const rows = prepared.ownerships.map((r) => ({ ownerId: r.fromId, entityId: r.toId, props: neoProps(r), defaults: r.defaults }));
    for (const r of await tx.run('ingest/upsert-ownerships', { rows, now, source })) if (r.standing === true) written.standingPairs.add(`${r.ownerId} -> ${r.entityId}`);
  }
  const created = prepared.access.filter((r) => !stored.has(r.id));
  const updated = prepared.access.filter((r) => stored.has(r.id));
  if (created.length > 0) {
    const columns = accessColumns(created, nowMs);
    // A dead sync's staged records under these ids would make the creates collide: deleted first, when there are any.
    const [staged] = await tx.run('ingest/staged-access-exists');
    if (staged.any === true) await tx.run('ingest/delete-staged-leftovers', { ids: columns.id });
    const rows = await tx.run('ingest/create-access', { ...columns, now, source });
    // Validation found every endpoint, in this transaction: a row missing is a defect, never a partial write.
    if (rows.length !== created.length) throw new Error(`ingest/create-access created ${rows.length} of ${created.length} access records`);
    for (const r of rows) written.edges.push(createdEdge(columns, Number(r.i), r.justified === true));
  }
  if (updated.length > 0) {
    const rows = updated.map((r) => ({ id: r.id, ...split(r, true) }));
    written.edges.push(...(await tx.run('ingest/update-access', { rows, now, source })).map(edgeFromRow));
  }
  return written;
}
