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
 * The files are written as the records are read, each field encoded into a
 * reused buffer (csv-stringify writes only the headers), never one string
 * per file. A string is always quoted, so an empty string stays one and an
 * absent value (an empty unquoted field) stores nothing. The input must be valid: validate it as
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
import { isUtcText, parseInstant } from '../time';

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
 * How many distinct instants not already in UTC's form (an offset, lower
 * case, no seconds) are kept parsed, about 100 bytes each; the cache is
 * cleared when full. Instants in that form are copied, never parsed.
 */
const TIMES_KEPT = 500_000;
const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * One CSV file group: a header file and a data file. Each field is encoded
 * straight into one reused buffer, written when full. At a million rows what
 * a line costs is the strings it makes: lines joined as strings and then
 * encoded spent most of the writing time building, flattening and encoding
 * them (and, held a few thousand rows at a time, the collector's marking of
 * the whole input again and again). Most text is ASCII and is copied a code
 * unit at a time; the rest of a string from its first other character is
 * left to Buffer.write.
 */
class CsvFile {
  readonly files: string[];
  rows = 0;
  /** Whether a string written held a line break. */
  lineBreak = false;
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;

  constructor(dir: string, name: string, columns: readonly Column[], ends: readonly string[]) {
    this.files = [path.join(dir, `${name}-header.csv`), path.join(dir, `${name}.csv`)];
    fs.writeFileSync(this.files[0], header(columns, ends));
    this.fd = fs.openSync(this.files[1], 'w');
  }

  /** Room for `bytes` more in the buffer (false when they can never fit: the caller writes them directly). */
  private room(bytes: number): boolean {
    if (this.used + bytes > BUFFER_BYTES) this.flush();
    return bytes <= BUFFER_BYTES;
  }

  /** A string field: quoted, its quotes doubled. A UTF-16 code unit takes at most 3 bytes in UTF-8, a doubled quote 2. */
  quoted(v: string): void {
    const n = v.length;
    if (!this.room(n * 3 + 2)) {
      if (v.includes('\n') || v.includes('\r')) this.lineBreak = true;
      fs.writeSync(this.fd, field(v));
      return;
    }
    const b = this.buffer;
    let u = this.used;
    b[u++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) {
        const rest = v.slice(i);
        if (rest.includes('\n') || rest.includes('\r')) this.lineBreak = true;
        u += b.write(rest.includes('"') ? rest.replace(/"/g, '""') : rest, u);
        break;
      }
      if (c === QUOTE) b[u++] = QUOTE;
      else if (c === NEWLINE || c === 0x0d) this.lineBreak = true;
      b[u++] = c;
    }
    b[u++] = QUOTE;
    this.used = u;
  }

  /** Text written as it is: a field already in the importer's dialect (a default, an instant, a bookkeeping value), a number, a boolean. */
  text(t: string): void {
    const n = t.length;
    if (!this.room(n * 3)) {
      fs.writeSync(this.fd, t);
      return;
    }
    const b = this.buffer;
    let u = this.used;
    for (let i = 0; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c >= 0x80) {
        u += b.write(t.slice(i), u);
        break;
      }
      b[u++] = c;
    }
    this.used = u;
  }

  /**
   * An instant already in UTC as toISOString writes it (time.ts isUtcText),
   * quoted, with `.000` added when it has no milliseconds: what parsing it and
   * writing it in UTC would give, without either.
   */
  utcText(v: string): void {
    this.room(26);
    const b = this.buffer;
    let u = this.used;
    b[u++] = QUOTE;
    for (let i = 0; i < 19; i++) b[u++] = v.charCodeAt(i);
    if (v.length === 24) for (let i = 19; i < 23; i++) b[u++] = v.charCodeAt(i);
    else {
      b[u++] = 0x2e; // .
      b[u++] = 0x30;
      b[u++] = 0x30;
      b[u++] = 0x30;
    }
    b[u++] = 0x5a; // Z
    b[u++] = QUOTE;
    this.used = u;
  }

  /** Any value as a field (`field`): a string quoted, null and undefined nothing, the rest as text. */
  value(v: unknown): void {
    if (typeof v === 'string') this.quoted(v);
    else if (v !== null && v !== undefined) this.text(String(v));
  }

  comma(): void {
    if (this.used + 1 > BUFFER_BYTES) this.flush();
    this.buffer[this.used++] = COMMA;
  }

  /** Ends a line. */
  end(): void {
    if (this.used + 1 > BUFFER_BYTES) this.flush();
    this.buffer[this.used++] = NEWLINE;
    this.rows++;
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

  /**
   * The rest of a line whose importer ids the caller wrote: the record's
   * stored properties in column order, each after a comma, then the line's end.
   */
  write(out: CsvFile, raw: Row, bookkeeping: Bookkeeping, instant: (v: unknown) => string): void {
    let read = 0;
    for (let i = 0; i < this.fields.length; i++) {
      out.comma();
      const name = this.fields[i];
      if (name === null) {
        const b = this.bookkeeping[i];
        out.text(b === null ? this.defaults[i] : bookkeeping[b]);
        continue;
      }
      const v = raw[name];
      if (v === undefined) {
        out.text(this.defaults[i]);
        continue;
      }
      read++;
      if (v === null) continue;
      if (this.instants[i]) {
        if (typeof v === 'string' && isUtcText(v)) out.utcText(v);
        else out.text(instant(v));
      } else out.value(v);
    }
    out.end();
    // A field with no column is refused, never dropped: counted first (no allocation), named only when one is there.
    for (const s of this.skip) if (raw[s] !== undefined) read++;
    let present = 0;
    for (const key in raw) if (raw[key] !== undefined) present++;
    if (present !== read) {
      const extra = Object.keys(raw).find((k) => raw[k] !== undefined && !this.known.has(k));
      if (extra !== undefined) throw new Error(`${this.list}: ${extra} has no column (the SDL's input type has no such field): validate the input first`);
    }
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
  private sourceLineBreak = false;

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
      if (this.times.size >= TIMES_KEPT) this.times.clear();
      this.times.set(v as string, t);
    }
    return t;
  };

  /** One valid document's records, appended to the files (entities in ingest's write order, then owner links, then access). */
  add(input: IngestInput): void {
    if (this.closed) throw new Error('the import files are closed');
    const source = typeof input.source === 'string' ? input.source : null;
    if (source !== null && (source.includes('\n') || source.includes('\r'))) this.sourceLineBreak = true;
    const bookkeeping = { createdAt: field(this.now), updatedAt: field(this.now), source: field(source) };
    const { instant } = this;
    for (const { spec, plan, file } of this.entities) {
      for (const raw of (input[spec.list as keyof IngestInput] ?? []) as Row[]) {
        file.value(raw.id);
        plan.write(file, raw, bookkeeping, instant);
        if (spec.kind === 'SYSTEM' && typeof raw.tenantId === 'string') {
          this.contains.quoted(raw.tenantId);
          this.contains.comma();
          this.contains.value(raw.id);
          this.contains.end();
        }
      }
    }
    this.links(input.ownerships as unknown as Row[] | null | undefined, this.owns, 'ownerId', 'entityId', bookkeeping);
    this.links(input.access as unknown as Row[] | null | undefined, this.access, 'fromId', 'toId', bookkeeping);
  }

  /** Relationship records: the ends' ids (`from`, `to`), then the stored properties. */
  private links(rows: Row[] | null | undefined, { plan, file }: { plan: RowPlan; file: CsvFile }, from: string, to: string, bookkeeping: Bookkeeping): void {
    for (const raw of rows ?? []) {
      file.value(raw[from]);
      file.comma();
      file.value(raw[to]);
      plan.write(file, raw, bookkeeping, this.instant);
    }
  }

  private files(): CsvFile[] {
    return [...this.entities.map((e) => e.file), this.access.file, this.owns.file, this.contains];
  }

  /** Closes every file; what to give the importer. */
  close(): ImportFileSet {
    if (!this.closed) {
      for (const file of this.files()) file.close();
      this.closed = true;
      // A line break inside a value needs the importer's slower multi-line parsing: asked for only when one occurs.
      this.set.multiline = this.sourceLineBreak || this.files().some((f) => f.lineBreak);
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
