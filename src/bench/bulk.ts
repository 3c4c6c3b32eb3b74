/**
 * The bulk path for benchmarks: writes a whole IngestInput into an EMPTY
 * database, fast. It is not a second ingest:
 * - it refuses a database that holds anything (it CREATEs, never MERGEs, so
 *   it cannot upsert, and it never reads what is stored);
 * - it does no validation: its input must be valid, as the generator's is by
 *   construction (test/generate.test.ts proves that against the real
 *   validation). Each batch checks only that every row found its endpoints,
 *   so a bad reference fails loudly instead of vanishing; the unique
 *   constraints still refuse duplicate ids;
 * - it is not atomic: each batch is its own transaction, so a failure leaves
 *   the batches before it written (reset the database and start again).
 *
 * What it stores is exactly what ingest stores for the same input (labels
 * :Entity plus the kind's, `kind`, defaults, instants as Neo4j DateTime in
 * UTC, `createdAt`/`updatedAt`, `source`, access `grantedAt` and owner link
 * `since` defaulting to the load time): the rows are built from the same
 * record table (src/ingest/records.ts), and test/generate.test.ts compares
 * every stored property and the API's answers after both paths.
 *
 * Order: entities (in ingest's write order), containment of systems, owner
 * links, access records; batches of `batchSize` rows (default 20,000), one
 * transaction each, the next batch being built while the previous one runs.
 */
import type { Viewer } from '../auth/viewer';
import type { Executor } from '../db/executor';
import type { IngestInput } from '../generated/graphql';
import { KIND_LABEL } from '../graph/vocabulary';
import { ACCESS_SPEC, ENTITY_SPECS, OWNERSHIP_SPEC, type RecordSpec } from '../ingest/records';
import { recordCount } from '../ingest/service';
import { parseInstant, toNeo } from '../time';

export const DEFAULT_BULK_BATCH = 20_000;

export interface BulkOptions {
  /** Rows per transaction (default 20,000). */
  batchSize?: number;
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
  /** Input fields that are not stored as properties (an access record's kind and endpoints). */
  skip: Set<string>;
  defaults: Readonly<Row>;
}

const plan = (spec: RecordSpec, skip: string[] = []): Plan => ({
  refs: new Map(spec.references.map((r) => [r.field, r.property])),
  instants: new Set(spec.instants),
  skip: new Set(skip),
  defaults: spec.defaults,
});

export async function bulkLoad(exec: Executor, viewer: Viewer, input: IngestInput, opts: BulkOptions = {}): Promise<BulkResult> {
  const batchSize = opts.batchSize ?? DEFAULT_BULK_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const nowMs = opts.now === undefined ? Date.now() : parseInstant(opts.now);
  if (nowMs === null) throw new Error(`now must be an RFC 3339 date-time, got ${JSON.stringify(opts.now)}`);

  const [{ empty }] = await exec.query(viewer, 'bulk/is-empty');
  if (!empty) throw new Error('bulkLoad writes only into an empty database, and this one holds data: reset it (or use ingest / npm run import, which upsert)');

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
  /** The stored properties of one record: defaults, then the input's fields under their stored names. */
  const props = (p: Plan, raw: Row): Row => {
    const row: Row = { ...p.defaults };
    for (const field in raw) {
      const value = raw[field];
      if (p.skip.has(field)) continue;
      if (value === null || value === undefined) {
        // An explicit null on create stores nothing (ingest's `SET += {x: null}` removes x).
        delete row[p.refs.get(field) ?? field];
        continue;
      }
      const stored = p.refs.get(field);
      if (stored !== undefined) row[stored] = value;
      else row[field] = p.instants.has(field) ? instant(value) : value;
    }
    return row;
  };
  const stamp = (row: Row): Row => {
    row.createdAt = now;
    row.updatedAt = now;
    if (source !== null) row.source = source;
    return row;
  };

  // One write in flight at a time; the next batch's rows are built while it runs.
  let inflight: Promise<void> = Promise.resolve();
  let done = 0;
  const send = async (query: string, params: Row, rows: number, records: number, what: string): Promise<void> => {
    await inflight;
    inflight = exec
      .write(viewer, (tx) => tx.run(query, params))
      .then((result) => {
        const created = Number(result[0]?.created ?? 0);
        if (created !== rows) throw new Error(`bulk load: ${rows - created} of ${rows} ${what} found no endpoint; the input is not valid (run it through validation: npm run import)`);
        done += records;
        opts.onProgress?.(done, total);
      });
  };

  const t0 = performance.now();
  for (const spec of ENTITY_SPECS) {
    const list = (input[spec.list as keyof IngestInput] ?? []) as Row[];
    const p = plan(spec);
    const label = KIND_LABEL[spec.kind];
    for (let i = 0; i < list.length; i += batchSize) {
      const rows = list.slice(i, i + batchSize).map((raw) => {
        const row = props(p, raw);
        row.kind = spec.kind;
        return stamp(row);
      });
      await send('bulk/create-entities', { label, rows }, rows.length, rows.length, `${spec.list}`);
    }
  }
  const systems = (input.systems ?? []) as Row[];
  for (let i = 0; i < systems.length; i += batchSize) {
    const rows = systems.slice(i, i + batchSize).map((s) => ({ id: s.id, tenantId: s.tenantId }));
    await send('bulk/contain-systems', { rows }, rows.length, 0, 'systems (containment)');
  }
  const ownerships = (input.ownerships ?? []) as unknown as Row[];
  const ownershipPlan = plan(OWNERSHIP_SPEC);
  for (let i = 0; i < ownerships.length; i += batchSize) {
    const rows = ownerships.slice(i, i + batchSize).map((raw) => {
      const row = props(ownershipPlan, raw);
      row.since ??= now;
      return { from: raw.ownerId, to: raw.entityId, props: stamp(row) };
    });
    await send('bulk/create-ownerships', { rows }, rows.length, rows.length, 'owner links');
  }
  const access = (input.access ?? []) as unknown as Row[];
  const accessPlan = plan(ACCESS_SPEC, ['kind', 'fromId', 'toId']);
  for (let i = 0; i < access.length; i += batchSize) {
    const rows = access.slice(i, i + batchSize).map((raw) => {
      const row = props(accessPlan, raw);
      row.kind = raw.kind;
      row.grantedAt ??= now;
      return { from: raw.fromId, to: raw.toId, props: stamp(row) };
    });
    await send('bulk/create-access', { rows }, rows.length, rows.length, 'access records');
  }
  await inflight;
  const seconds = (performance.now() - t0) / 1000;
  return { records: done, seconds, perSecond: done / Math.max(seconds, 1e-9) };
}
