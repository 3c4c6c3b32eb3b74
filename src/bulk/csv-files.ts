/**
 * Writes IngestInput documents as the CSV files of Neo4j's offline importer
 * (`neo4j-admin database import full`), storing exactly what ingest stores
 * when it creates the same records in an empty database:
 * - one node file per entity kind, labelled :Entity plus the kind's label
 *   (vocabulary KIND_LABEL), with `kind`; relationship files for ACCESS, OWNS
 *   and the derived Tenant -> System CONTAINS;
 * - each record's stored properties follow ingest's record table
 *   (src/ingest/records.ts, as ingest's `prepare` reads it): input fields
 *   under their stored names (references renamed), the create defaults for
 *   the fields left out, a null storing nothing, instants as DateTime in
 *   UTC with milliseconds (as `datetime({epochMillis})` stores them),
 *   `createdAt`/`updatedAt` = the load time, `source` when the document has
 *   one, owner link `since` and access `grantedAt` defaulting to the load time;
 * - the columns and their types are derived, not listed: from the served
 *   schema's input types (the SDL: DateTime -> datetime, Boolean -> boolean,
 *   the rest string), renamed as the record table stores references; a
 *   field with no column (not in the SDL) is refused, never dropped.
 *
 * The files are written as the records are read, a few thousand rows at a
 * time (csv-stringify), never one string per file. A string is always
 * quoted, so an empty string stays one and an absent value (an empty
 * unquoted field) stores nothing. The input must be valid: validate it as
 * npm run import does first (ingest/import-files.ts checkForEmptyStore);
 * the benchmark's generator is valid by construction. test/generate.test.ts
 * and test/bulk-import.test.ts compare what is stored with ingest's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { getNamedType, isInputObjectType, type GraphQLInputObjectType } from 'graphql';
import type { IngestInput } from '../generated/graphql';
import { KIND_LABEL } from '../graph/vocabulary';
import { ACCESS_SPEC, ENTITY_SPECS, OWNERSHIP_SPEC, type RecordSpec } from '../ingest/records';
import { INGEST_INPUT_TYPE } from '../ingest/coerce';
import { typeSchema } from '../schema/sdl';
import { parseInstant } from '../time';

type Row = Record<string, unknown>;

/** A column of a file: the stored property and its importer type. */
interface Column {
  name: string;
  type: 'string' | 'boolean' | 'datetime' | 'long' | 'double';
}

/** What the importer is given: file groups (header file first) and whether any value spans lines. */
export interface ImportFileSet {
  nodes: { labels: string[]; files: string[] }[];
  relationships: { type: string; files: string[] }[];
  multiline: boolean;
  counts: { entities: number; ownerships: number; access: number; containment: number };
}

const SCALAR_TYPES: Readonly<Record<string, Column['type']>> = { DateTime: 'datetime', Boolean: 'boolean', Int: 'long', Float: 'double' };
/** Stored on every record by ingest itself, not given by the input. */
const BOOKKEEPING: readonly Column[] = [
  { name: 'createdAt', type: 'datetime' },
  { name: 'updatedAt', type: 'datetime' },
  { name: 'source', type: 'string' },
];

/**
 * The stored columns of a record type: its input type's fields (from the
 * SDL) under their stored names, without `skip` (the id and the endpoints,
 * which the importer takes apart), then `extra` and the bookkeeping ones.
 */
function columnsOf(spec: RecordSpec, skip: readonly string[], extra: readonly Column[] = []): Column[] {
  const root = typeSchema().getType(INGEST_INPUT_TYPE) as GraphQLInputObjectType;
  const type = getNamedType(root.getFields()[spec.list]?.type);
  if (!isInputObjectType(type)) throw new Error(`the schema's ${INGEST_INPUT_TYPE}.${spec.list} is not a list of input objects`);
  const stored = new Map(spec.references.map((r) => [r.field, r.property]));
  const columns: Column[] = [];
  for (const field of Object.values(type.getFields())) {
    if (skip.includes(field.name)) continue;
    const kind = SCALAR_TYPES[getNamedType(field.type).name] ?? 'string';
    if (spec.instants.includes(field.name) !== (kind === 'datetime')) throw new Error(`${type.name}.${field.name}: the record table and the SDL disagree on whether it is an instant`);
    columns.push({ name: stored.get(field.name) ?? field.name, type: kind });
  }
  return [...columns, ...extra, ...BOOKKEEPING];
}

/**
 * Rows as CSV lines in the importer's dialect (RFC 4180 quoting): a string
 * always quoted, its quotes doubled; booleans and numbers bare; null an
 * empty unquoted field, which stores nothing. Written here rather than with
 * csv-stringify (used for the header) because at a million rows the
 * library's per-field generality cost more than half of the files' writing
 * time in garbage collection; the dialect needs nothing else.
 */
function csvLines(rows: readonly unknown[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (i > 0) out += ',';
      if (v === null || v === undefined) continue;
      out += typeof v === 'string' ? `"${v.includes('"') ? v.replace(/"/g, '""') : v}"` : String(v);
    }
    out += '\n';
  }
  return out;
}

const header = (columns: readonly Column[], ends: readonly string[]) => stringify([[...ends, ...columns.map((c) => `${c.name}:${c.type}`)]]);
const ROWS_PER_WRITE = 5_000;
const BYTES_PER_WRITE = 4 * 1024 * 1024;

/** One CSV file group: a header file and a data file, appended a few thousand rows at a time. */
class CsvFile {
  readonly files: string[];
  rows = 0;
  private readonly fd: number;
  private pending: unknown[][] = [];
  private text: string[] = [];
  private bytes = 0;

  constructor(
    dir: string,
    name: string,
    columns: readonly Column[],
    ends: readonly string[],
  ) {
    this.files = [path.join(dir, `${name}-header.csv`), path.join(dir, `${name}.csv`)];
    fs.writeFileSync(this.files[0], header(columns, ends));
    this.fd = fs.openSync(this.files[1], 'w');
  }

  /** One row: the importer's ids first, then the stored properties in column order (null: none). */
  add(row: unknown[]): void {
    this.pending.push(row);
    this.rows++;
    if (this.pending.length >= ROWS_PER_WRITE) this.stringifyPending();
  }

  private stringifyPending(): void {
    if (this.pending.length === 0) return;
    const text = csvLines(this.pending);
    this.pending = [];
    this.text.push(text);
    this.bytes += text.length;
    if (this.bytes >= BYTES_PER_WRITE) this.flush();
  }

  private flush(): void {
    if (this.text.length > 0) fs.writeSync(this.fd, this.text.join(''));
    this.text = [];
    this.bytes = 0;
  }

  close(): void {
    this.stringifyPending();
    this.flush();
    fs.closeSync(this.fd);
  }
}

/**
 * One record type's rows: a template of its columns holding the create
 * defaults (and the load time where a field defaults to it), filled from
 * each record's fields by stored name.
 */
class RowPlan {
  private readonly index = new Map<string, number>();
  private readonly template: unknown[];
  private readonly refs: Map<string, string>;
  private readonly instants: Set<string>;
  private readonly list: string;

  constructor(
    spec: RecordSpec,
    columns: readonly Column[],
    /** Input fields that are not columns: the importer's ids. */
    private readonly skip: ReadonlySet<string>,
    defaults: Row,
  ) {
    this.list = spec.list;
    columns.forEach((c, i) => this.index.set(c.name, i));
    this.template = columns.map((c) => defaults[c.name] ?? null);
    this.refs = new Map(spec.references.map((r) => [r.field, r.property]));
    this.instants = new Set(spec.instants);
  }

  /** The importer's ids, then the record's stored properties in column order. */
  row(ends: unknown[], raw: Row, bookkeeping: Row, value: (instant: boolean, v: unknown) => unknown): unknown[] {
    const row = this.template.slice();
    for (const field in raw) {
      if (this.skip.has(field)) continue;
      const name = this.refs.get(field) ?? field;
      const i = this.index.get(name);
      if (i === undefined) throw new Error(`${this.list}: ${field} has no column (the SDL's input type has no such field): validate the input first`);
      const v = raw[field];
      row[i] = v === null || v === undefined ? null : value(this.instants.has(field), v);
    }
    for (const name in bookkeeping) row[this.index.get(name)!] = bookkeeping[name];
    return [...ends, ...row];
  }
}

/**
 * The importer's files for a whole load, written into `dir` (which must
 * exist) document by document with `add`, then `close`d. `nowMs` is the
 * load time (createdAt, updatedAt and the since/grantedAt defaults).
 */
export class ImportFileWriter {
  private readonly set: ImportFileSet = { nodes: [], relationships: [], multiline: false, counts: { entities: 0, ownerships: 0, access: 0, containment: 0 } };
  private readonly entities: { spec: (typeof ENTITY_SPECS)[number]; plan: RowPlan; file: CsvFile }[] = [];
  private readonly access: { plan: RowPlan; file: CsvFile };
  private readonly owns: { plan: RowPlan; file: CsvFile };
  private readonly contains: CsvFile;
  private readonly now: string;
  /** Instants repeat a lot: each distinct input value is parsed and written in UTC once. */
  private readonly times = new Map<string, string>();
  private closed = false;

  constructor(dir: string, nowMs: number) {
    this.now = new Date(nowMs).toISOString();
    const ends = [':START_ID', ':END_ID'];
    for (const spec of ENTITY_SPECS) {
      const columns = columnsOf(spec, ['id'], [{ name: 'kind', type: 'string' }]);
      const file = new CsvFile(dir, spec.list, columns, ['id:ID']);
      this.entities.push({ spec, plan: new RowPlan(spec, columns, new Set(['id']), { ...spec.defaults, kind: spec.kind }), file });
      this.set.nodes.push({ labels: ['Entity', KIND_LABEL[spec.kind]], files: file.files });
    }
    // AccessInput.kind is the record's kind, stored as `kind`; fromId/toId are its ends. grantedAt and since default to the load time.
    const accessColumns = columnsOf(ACCESS_SPEC, ['fromId', 'toId']);
    this.access = { plan: new RowPlan(ACCESS_SPEC, accessColumns, new Set(['fromId', 'toId']), { ...ACCESS_SPEC.defaults, grantedAt: this.now }), file: new CsvFile(dir, 'access', accessColumns, ends) };
    const ownsColumns = columnsOf(OWNERSHIP_SPEC, []);
    this.owns = { plan: new RowPlan(OWNERSHIP_SPEC, ownsColumns, new Set(), { ...OWNERSHIP_SPEC.defaults, since: this.now }), file: new CsvFile(dir, 'ownerships', ownsColumns, ends) };
    this.contains = new CsvFile(dir, 'containment', [], ends);
    this.set.relationships.push(
      { type: 'ACCESS', files: this.access.file.files },
      { type: 'OWNS', files: this.owns.file.files },
      { type: 'CONTAINS', files: this.contains.files },
    );
  }

  /** A value as the importer reads it: an instant in UTC with milliseconds; a string noted when it spans lines. */
  private readonly value = (instant: boolean, v: unknown): unknown => {
    if (instant) {
      let t = this.times.get(v as string);
      if (t === undefined) {
        const ms = parseInstant(v);
        if (ms === null) throw new Error(`not an RFC 3339 date-time: ${JSON.stringify(v)}; validate the input first`);
        t = new Date(ms).toISOString();
        this.times.set(v as string, t);
      }
      return t;
    }
    // A line break inside a value needs the importer's slower multi-line parsing: asked for only when one occurs.
    if (typeof v === 'string' && !this.set.multiline && /[\r\n]/.test(v)) this.set.multiline = true;
    return v;
  };

  /** One valid document's records, appended to the files (entities in ingest's write order, then owner links, then access). */
  add(input: IngestInput): void {
    if (this.closed) throw new Error('the import files are closed');
    const bookkeeping = { createdAt: this.now, updatedAt: this.now, source: typeof input.source === 'string' ? input.source : null };
    for (const { spec, plan, file } of this.entities) {
      for (const raw of (input[spec.list as keyof IngestInput] ?? []) as Row[]) {
        file.add(plan.row([raw.id], raw, bookkeeping, this.value));
        if (spec.kind === 'SYSTEM' && typeof raw.tenantId === 'string') this.contains.add([raw.tenantId, raw.id]);
      }
    }
    for (const raw of (input.ownerships ?? []) as unknown as Row[]) this.owns.file.add(this.owns.plan.row([raw.ownerId, raw.entityId], raw, bookkeeping, this.value));
    for (const raw of (input.access ?? []) as unknown as Row[]) this.access.file.add(this.access.plan.row([raw.fromId, raw.toId], raw, bookkeeping, this.value));
  }

  /** Closes every file; what to give the importer. */
  close(): ImportFileSet {
    if (!this.closed) {
      for (const file of [...this.entities.map((e) => e.file), this.access.file, this.owns.file, this.contains]) file.close();
      this.closed = true;
      this.set.counts = {
        entities: this.entities.reduce((n, e) => n + e.file.rows, 0),
        ownerships: this.owns.file.rows,
        access: this.access.file.rows,
        containment: this.contains.rows,
      };
    }
    return this.set;
  }
}
