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
  /** The input field it is read from; none for the bookkeeping and extra columns. */
  field?: string;
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
    columns.push({ name: stored.get(field.name) ?? field.name, type: kind, field: field.name });
  }
  return [...columns, ...extra, ...BOOKKEEPING];
}

/**
 * A value as a CSV field in the importer's dialect (RFC 4180 quoting): a
 * string always quoted, its quotes doubled; booleans and numbers bare; null
 * an empty unquoted field, which stores nothing.
 */
const field = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? `"${v.includes('"') ? v.replace(/"/g, '""') : v}"` : String(v);

const header = (columns: readonly Column[], ends: readonly string[]) => stringify([[...ends, ...columns.map((c) => `${c.name}:${c.type}`)]]);
const BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * One CSV file group: a header file and a data file, each line written into
 * one reused buffer as it is made and the buffer written when full. Written
 * here rather than with csv-stringify (used for the header) because at a
 * million rows what a line costs is the garbage it leaves: rows held until
 * a few thousand were stringified, and text held as joined strings until
 * written, outlived the young generation, and the collector then marked the
 * whole input again and again (over half of the writing time).
 */
class CsvFile {
  readonly files: string[];
  rows = 0;
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;

  constructor(dir: string, name: string, columns: readonly Column[], ends: readonly string[]) {
    this.files = [path.join(dir, `${name}-header.csv`), path.join(dir, `${name}.csv`)];
    fs.writeFileSync(this.files[0], header(columns, ends));
    this.fd = fs.openSync(this.files[1], 'w');
  }

  /** One line (without its line break): the importer's ids first, then the stored properties in column order. */
  add(line: string): void {
    this.rows++;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8; the line break one more.
    const most = line.length * 3 + 1;
    if (this.used + most > BUFFER_BYTES) this.flush();
    if (most > BUFFER_BYTES) {
      fs.writeSync(this.fd, `${line}\n`);
      return;
    }
    this.used += this.buffer.write(line, this.used);
    this.buffer[this.used++] = 0x0a;
  }

  private flush(): void {
    let at = 0;
    while (at < this.used) at += fs.writeSync(this.fd, this.buffer, at, this.used - at);
    this.used = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** What a document gives every record's bookkeeping columns, as CSV fields. */
type Bookkeeping = Readonly<Record<string, string>>;

/**
 * One record type's lines: each column read from the record's field of that
 * name (as the record table stores references: the input's field, renamed),
 * else its create default (and the load time where a field defaults to it),
 * else, for a bookkeeping column, the document's value.
 */
class RowPlan {
  /** Per column: the input field it is read from (null for bookkeeping and extra columns). */
  private readonly fields: (string | null)[];
  /** Per column: the create default as a CSV field ('' stores nothing). */
  private readonly defaults: string[];
  private readonly instants: boolean[];
  private readonly bookkeeping: (string | null)[];
  private readonly known: Set<string>;
  private readonly list: string;

  constructor(
    spec: RecordSpec,
    columns: readonly Column[],
    /** Input fields that are not columns: the importer's ids. */
    private readonly skip: readonly string[],
    defaults: Row,
  ) {
    this.list = spec.list;
    this.fields = columns.map((c) => c.field ?? null);
    this.defaults = columns.map((c) => field(defaults[c.name] ?? null));
    this.instants = columns.map((c) => c.field !== undefined && spec.instants.includes(c.field));
    this.bookkeeping = columns.map((c) => (BOOKKEEPING.includes(c) ? c.name : null));
    this.known = new Set([...skip, ...columns.flatMap((c) => (c.field === undefined ? [] : [c.field]))]);
  }

  /** The importer's ids, then the record's stored properties in column order, as one CSV line. */
  line(ends: string, raw: Row, bookkeeping: Bookkeeping, instant: (v: unknown) => string, note: (v: string) => void): string {
    let line = ends;
    let read = 0;
    for (let i = 0; i < this.fields.length; i++) {
      const name = this.fields[i];
      let text: string;
      if (name === null) {
        const b = this.bookkeeping[i];
        text = b === null ? this.defaults[i] : bookkeeping[b];
      } else {
        const v = raw[name];
        if (v === undefined) text = this.defaults[i];
        else {
          read++;
          if (v === null) text = '';
          else if (this.instants[i]) text = instant(v);
          else {
            if (typeof v === 'string') note(v);
            text = field(v);
          }
        }
      }
      line += `,${text}`;
    }
    // A field with no column is refused, never dropped: counted first (no allocation), named only when one is there.
    for (const s of this.skip) if (raw[s] !== undefined) read++;
    let present = 0;
    for (const key in raw) if (raw[key] !== undefined) present++;
    if (present !== read) {
      const extra = Object.keys(raw).find((k) => raw[k] !== undefined && !this.known.has(k));
      if (extra !== undefined) throw new Error(`${this.list}: ${extra} has no column (the SDL's input type has no such field): validate the input first`);
    }
    return line;
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
      this.entities.push({ spec, plan: new RowPlan(spec, columns, ['id'], { ...spec.defaults, kind: spec.kind }), file });
      this.set.nodes.push({ labels: ['Entity', KIND_LABEL[spec.kind]], files: file.files });
    }
    // AccessInput.kind is the record's kind, stored as `kind`; fromId/toId are its ends. grantedAt and since default to the load time.
    const accessColumns = columnsOf(ACCESS_SPEC, ['fromId', 'toId']);
    this.access = { plan: new RowPlan(ACCESS_SPEC, accessColumns, ['fromId', 'toId'], { ...ACCESS_SPEC.defaults, grantedAt: this.now }), file: new CsvFile(dir, 'access', accessColumns, ends) };
    const ownsColumns = columnsOf(OWNERSHIP_SPEC, []);
    this.owns = { plan: new RowPlan(OWNERSHIP_SPEC, ownsColumns, [], { ...OWNERSHIP_SPEC.defaults, since: this.now }), file: new CsvFile(dir, 'ownerships', ownsColumns, ends) };
    this.contains = new CsvFile(dir, 'containment', [], ends);
    this.set.relationships.push(
      { type: 'ACCESS', files: this.access.file.files },
      { type: 'OWNS', files: this.owns.file.files },
      { type: 'CONTAINS', files: this.contains.files },
    );
  }

  /** An instant as the importer reads it: in UTC with milliseconds, as a CSV field. */
  private readonly instant = (v: unknown): string => {
    let t = this.times.get(v as string);
    if (t === undefined) {
      const ms = parseInstant(v);
      if (ms === null) throw new Error(`not an RFC 3339 date-time: ${JSON.stringify(v)}; validate the input first`);
      t = field(new Date(ms).toISOString());
      // Bounded: a load whose instants are mostly distinct must not keep one entry per record.
      if (this.times.size >= 100_000) this.times.clear();
      this.times.set(v as string, t);
    }
    return t;
  };

  /** A line break inside a value needs the importer's slower multi-line parsing: asked for only when one occurs. */
  private readonly note = (v: string): void => {
    if (!this.set.multiline && (v.includes('\n') || v.includes('\r'))) this.set.multiline = true;
  };

  /** One valid document's records, appended to the files (entities in ingest's write order, then owner links, then access). */
  add(input: IngestInput): void {
    if (this.closed) throw new Error('the import files are closed');
    const bookkeeping = { createdAt: field(this.now), updatedAt: field(this.now), source: field(typeof input.source === 'string' ? input.source : null) };
    const { instant, note } = this;
    for (const { spec, plan, file } of this.entities) {
      for (const raw of (input[spec.list as keyof IngestInput] ?? []) as Row[]) {
        file.add(plan.line(field(raw.id), raw, bookkeeping, instant, note));
        if (spec.kind === 'SYSTEM' && typeof raw.tenantId === 'string') this.contains.add(`${field(raw.tenantId)},${field(raw.id)}`);
      }
    }
    for (const raw of (input.ownerships ?? []) as unknown as Row[]) this.owns.file.add(this.owns.plan.line(`${field(raw.ownerId)},${field(raw.entityId)}`, raw, bookkeeping, instant, note));
    for (const raw of (input.access ?? []) as unknown as Row[]) this.access.file.add(this.access.plan.line(`${field(raw.fromId)},${field(raw.toId)}`, raw, bookkeeping, instant, note));
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
