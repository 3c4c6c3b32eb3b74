/**
 * The bulk path for benchmarks: writes a whole IngestInput into an EMPTY
 * database, fast. It is not a second ingest:
 * - it refuses a database that holds anything (it CREATEs, never MERGEs, so
 *   it cannot upsert, and it never reads what is stored);
 * - it does no validation: its input must be valid, as the generator's is by
 *   construction (test/generate.test.ts proves that against the real
 *   validation). Each batch checks only that every row found its endpoints,
 *   so a bad reference fails loudly instead of vanishing, and an access
 *   record with a field the contract does not know is refused; the unique
 *   constraints still refuse duplicate ids;
 * - it is not atomic: each batch is its own transaction, so a failure leaves
 *   the batches before it written (empty the database and start again).
 *
 * What it stores is exactly what ingest stores for the same input (labels
 * :Entity plus the kind's, `kind`, defaults, instants as Neo4j DateTime in
 * UTC, `createdAt`/`updatedAt`, `source`, access `grantedAt` and owner link
 * `since` defaulting to the load time): rows are built from the same record
 * table (src/ingest/records.ts), and test/generate.test.ts compares every
 * stored property, and the API's answers, after both paths.
 *
 * Order: entities (in ingest's write order), containment of systems, owner
 * links, access records; each phase committed before the next starts. Last,
 * one transaction bumps the graph's version (GraphState), as every ingest
 * does, so API processes reload their reach index; the database being empty
 * (no node at all, GraphState included), the bump starts a new epoch, which
 * no index can mistake for its own. Within
 * a phase, batches of `batchSize` rows (default 20,000) are written by
 * `concurrency` transactions at once (default 2), while the next batch is
 * built: on a small machine the store's own work per access record (about ten
 * property records) bounds the rate, and a second transaction keeps a second
 * core busy. Concurrent batches can touch the same nodes (a tenant, a tool);
 * Neo4j takes shared locks for relationships on dense nodes, and a deadlock,
 * should one occur, is a transient error that the Executor's executeWrite retries.
 */
import type { Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import type { IngestInput } from '../generated/graphql';
import { KIND_LABEL } from '../graph/vocabulary';
import { ACCESS_SPEC, ENTITY_SPECS, OWNERSHIP_SPEC, type RecordSpec } from '../ingest/records';
import { recordCount } from '../ingest/service';
import { bumpVersion, RELOAD } from '../reach/index/feed';
import { ReachIndexProvider } from '../reach/index/provider';
import { parseInstant, toNeo } from '../time';

export const DEFAULT_BULK_BATCH = 20_000;
export const DEFAULT_BULK_CONCURRENCY = 2;

export interface BulkOptions {
  /** Rows per transaction (default 20,000). */
  batchSize?: number;
  /** Transactions in flight at once (default 2). */
  concurrency?: number;
  /** Called after each committed batch with the records written so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** The load time (RFC 3339): createdAt/updatedAt and the grantedAt/since defaults. Default: now. */
  now?: string;
}

export interface BulkResult {
  /** Records written: entities + owner links + access records (containment steps are derived, not counted). */
  records: number;
  seconds: number;
  perSecond: number;
}

type Row = Record<string, unknown>;

/** A record spec prepared for row building: which input fields are references (and their stored names) or instants. */
interface Plan {
  refs: Map<string, string>;
  instants: Set<string>;
  defaults: Readonly<Row>;
}

const plan = (spec: RecordSpec): Plan => ({
  refs: new Map(spec.references.map((r) => [r.field, r.property])),
  instants: new Set(spec.instants),
  defaults: spec.defaults,
});

/** Access record fields that are stored as given (the rest: instants, references, and kind/fromId/toId). */
const ACCESS_PLAIN = ['id', 'kind', 'privileged', 'justification'] as const;
const ACCESS_FIELDS = new Set<string>([...ACCESS_PLAIN, 'fromId', 'toId', ...ACCESS_SPEC.instants, ...ACCESS_SPEC.references.map((r) => r.field)]);

/** Runs write transactions, at most `limit` at once; `drain` waits for all and rethrows the first failure. */
class WritePool {
  private readonly running = new Set<Promise<void>>();
  private failure: Error | null = null;

  constructor(
    private readonly exec: Executor,
    private readonly viewer: Viewer,
    private readonly limit: number,
  ) {}

  async submit(query: string, params: Row, then: (rows: Row[]) => void): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) return this.drain();
    const p: Promise<void> = this.exec
      .write(this.viewer, (tx) => tx.run(query, params))
      .then(then)
      .catch((err: Error) => {
        this.failure ??= err;
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    if (this.failure) throw this.failure;
  }
}

export async function bulkLoad(exec: Executor, viewer: Viewer, input: IngestInput, opts: BulkOptions = {}): Promise<BulkResult> {
  const batchSize = opts.batchSize ?? DEFAULT_BULK_BATCH;
  const concurrency = opts.concurrency ?? DEFAULT_BULK_CONCURRENCY;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  const nowMs = opts.now === undefined ? Date.now() : parseInstant(opts.now);
  if (nowMs === null) throw new Error(`now must be an RFC 3339 date-time, got ${JSON.stringify(opts.now)}`);

  const [{ empty }] = await exec.query(viewer, 'bulk/is-empty');
  if (!empty) throw new Error('bulkLoad writes only into an empty database, and this one holds data: empty it first (or use ingest / npm run import, which upsert)');

  const now = toNeo(nowMs);
  const source = input.source ?? null;
  const total = recordCount(input);
  // Instants repeat a lot (the generator works in whole hours): convert each distinct value once.
  const times = new Map<string, unknown>();
  const instant = (value: unknown): unknown => {
    let t = times.get(value as string);
    if (t === undefined) {
      const ms = parseInstant(value);
      if (ms === null) throw new Error(`not an RFC 3339 date-time: ${JSON.stringify(value)}`);
      t = toNeo(ms);
      times.set(value as string, t);
    }
    return t;
  };
  /** The stored properties of one entity or owner link: defaults, then the input's fields under their stored names. */
  const props = (p: Plan, raw: Row): Row => {
    const row: Row = { ...p.defaults };
    for (const field in raw) {
      const value = raw[field];
      const stored = p.refs.get(field) ?? field;
      // An explicit null on create stores nothing (ingest's `SET += {x: null}` removes x).
      if (value === null || value === undefined) delete row[stored];
      else row[stored] = p.instants.has(field) ? instant(value) : value;
    }
    row.createdAt = now;
    row.updatedAt = now;
    if (source !== null) row.source = source;
    return row;
  };

  const pool = new WritePool(exec, viewer, concurrency);
  let done = 0;
  const counted = (rows: number, records: number, what: string) => (result: Row[]) => {
    const created = Number(result[0]?.created ?? 0);
    if (created !== rows) throw new Error(`bulk load: ${rows - created} of ${rows} ${what} found no endpoint; the input is not valid (validate it with npm run import)`);
    done += records;
    opts.onProgress?.(done, total);
  };
  const chunks = function* <T>(list: readonly T[]): Generator<T[]> {
    for (let i = 0; i < list.length; i += batchSize) yield list.slice(i, i + batchSize);
  };

  const t0 = performance.now();
  for (const spec of ENTITY_SPECS) {
    const p = plan(spec);
    const label = KIND_LABEL[spec.kind];
    for (const chunk of chunks((input[spec.list as keyof IngestInput] ?? []) as Row[])) {
      const rows = chunk.map((raw) => Object.assign(props(p, raw), { kind: spec.kind }));
      await pool.submit('bulk/create-entities', { label, rows }, counted(rows.length, rows.length, spec.list));
    }
  }
  await pool.drain();

  for (const chunk of chunks((input.systems ?? []) as Row[])) {
    const rows = chunk.map((s) => ({ id: s.id, tenantId: s.tenantId }));
    await pool.submit('bulk/contain-systems', { rows }, counted(rows.length, 0, 'systems (containment)'));
  }
  const ownershipPlan = plan(OWNERSHIP_SPEC);
  for (const chunk of chunks((input.ownerships ?? []) as unknown as Row[])) {
    const rows = chunk.map((raw) => {
      const row = props(ownershipPlan, raw);
      row.since ??= now;
      return { from: raw.ownerId, to: raw.entityId, props: row };
    });
    await pool.submit('bulk/create-ownerships', { rows }, counted(rows.length, rows.length, 'owner links'));
  }
  await pool.drain();

  for (const chunk of chunks(groupedByOrigin((input.access ?? []) as unknown as Row[]))) {
    const params = accessColumns(chunk, instant, now, source);
    await pool.submit('bulk/create-access', params, counted(chunk.length, chunk.length, 'access records'));
  }
  await pool.drain();
  // The graph changed: bump its version with a change-feed entry saying "reload" (the bulk path lists nothing) so that every API process reloads its
  // reach index, and drop this process's own at once (the bulk path reads nothing back to patch it with).
  await exec.write(viewer, (tx) => bumpVersion(tx, RELOAD));
  ReachIndexProvider.for(exec).forget();
  const seconds = (performance.now() - t0) / 1000;
  return { records: done, seconds, perSecond: done / Math.max(seconds, 1e-9) };
}

/**
 * The access records grouped by their origin (in order of first appearance;
 * linear, no sort): consecutive rows then extend the same node's
 * relationship chain, which the store writes faster (about 10% at the medium
 * scale), and two concurrent batches mostly touch different origins.
 */
function groupedByOrigin(access: Row[]): Row[] {
  const groups = new Map<unknown, Row[]>();
  for (const r of access) {
    const g = groups.get(r.fromId);
    if (g) g.push(r);
    else groups.set(r.fromId, [r]);
  }
  const out: Row[] = [];
  for (const g of groups.values()) for (const r of g) out.push(r);
  return out;
}

/**
 * One batch of access records as the columns of bulk/create-access.cypher:
 * a list per field, instants as indexes into the batch's distinct DateTimes,
 * the defaults of a new record filled in (privileged false, grantedAt = the
 * load time). A field the contract does not know is refused rather than dropped.
 */
function accessColumns(chunk: Row[], instant: (value: unknown) => unknown, now: unknown, source: string | null): Row {
  const columns: Record<string, unknown[]> = {};
  const column = (name: string): unknown[] => (columns[name] = []);
  const plain = ACCESS_PLAIN.map(column);
  const from = column('from');
  const to = column('to');
  const refs = ACCESS_SPEC.references.map((r) => ({ field: r.field, values: column(r.property) }));
  const instants = ACCESS_SPEC.instants.map((field) => ({ field, values: column(field) }));
  const timeList: unknown[] = [];
  const timeIndex = new Map<unknown, number>();
  const indexOf = (t: unknown) => {
    let i = timeIndex.get(t);
    if (i === undefined) {
      i = timeList.push(t) - 1;
      timeIndex.set(t, i);
    }
    return i;
  };
  const nowIndex = indexOf(now);
  for (const raw of chunk) {
    for (const field in raw) {
      if (!ACCESS_FIELDS.has(field)) throw new Error(`bulk load: access record ${JSON.stringify(raw.id)} has a field the contract does not know: ${field}`);
    }
    ACCESS_PLAIN.forEach((field, k) => plain[k].push(raw[field] ?? null));
    from.push(raw.fromId);
    to.push(raw.toId);
    for (const { field, values } of refs) values.push(raw[field] ?? null);
    for (const { field, values } of instants) {
      const v = raw[field];
      values.push(v === null || v === undefined ? null : indexOf(instant(v)));
    }
  }
  // Defaults of a new record (src/ingest/records.ts ACCESS_SPEC; grantedAt: the time it is recorded).
  const privileged = columns.privileged;
  for (let i = 0; i < privileged.length; i++) privileged[i] ??= ACCESS_SPEC.defaults.privileged ?? false;
  const granted = columns.grantedAt;
  for (let i = 0; i < granted.length; i++) granted[i] ??= nowIndex;
  return { ...columns, times: timeList, now, source };
}
