/**
 * Writes IngestInput documents as the CSV files of Neo4j's offline importer
 * (`neo4j-admin database import full`), storing exactly what ingest stores
 * when it creates the same records in an empty database:
 * - one node file per entity kind, labelled :Entity plus the kind's label
 *   (vocabulary KIND_LABEL), with `kind`; relationship files for ACCESS, OWNS
 *   and the derived Tenant -> System CONTAINS;
 * - each record's stored properties come from ingest's own preparation
 *   (validate.ts `prepare`: fields under their stored names, instants as
 *   epoch ms), with the record table's create defaults (records.ts), a null
 *   storing nothing, `createdAt`/`updatedAt` = the load time, `source` when
 *   the document has one, owner link `since` and access `grantedAt`
 *   defaulting to the load time;
 * - the columns and their types are derived, not listed: from the served
 *   schema's input types (the SDL: DateTime -> datetime, Boolean -> boolean,
 *   the rest string), renamed as the record table stores references; every
 *   instant is written in UTC with milliseconds, as ingest's
 *   `datetime({epochMillis})` stores it.
 *
 * The files are written as the records are read, a few thousand rows at a
 * time (csv-stringify), never one string per file. A string is always
 * quoted, so an empty string stays one and an absent value (an empty
 * unquoted field) stores nothing. The input must be valid (validate it as
 * npm run import does first: ingest/import-files.ts checkForEmptyStore); a
 * document that `prepare` finds a problem in is refused here too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { getNamedType, isInputObjectType, type GraphQLInputObjectType } from 'graphql';
import type { EntityKind, IngestInput } from '../generated/graphql';
import { KIND_LABEL } from '../graph/vocabulary';
import { ACCESS_SPEC, ENTITY_SPECS, OWNERSHIP_SPEC, type RecordSpec } from '../ingest/records';
import { INGEST_INPUT_TYPE } from '../ingest/coerce';
import { prepare, type PreparedRecord } from '../ingest/validate';
import { servedSchema } from '../server/schema';

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
  const root = servedSchema().getType(INGEST_INPUT_TYPE) as GraphQLInputObjectType;
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
  private readonly names: Set<string>;

  constructor(
    dir: string,
    name: string,
    private readonly columns: readonly Column[],
    ends: readonly string[],
  ) {
    this.files = [path.join(dir, `${name}-header.csv`), path.join(dir, `${name}.csv`)];
    this.names = new Set(columns.map((c) => c.name));
    fs.writeFileSync(this.files[0], header(columns, ends));
    this.fd = fs.openSync(this.files[1], 'w');
  }

  /** One row: the importer's ids first (`ends`), then the stored properties by column. */
  add(ends: readonly string[], props: Row, toText: (column: Column, value: unknown) => unknown): void {
    for (const name in props) if (!this.names.has(name)) throw new Error(`${this.files[1]}: a record has ${name}, which has no column`);
    const row: unknown[] = [...ends];
    for (const c of this.columns) row.push(toText(c, props[c.name]));
    this.pending.push(row);
    this.rows++;
    if (this.pending.length >= ROWS_PER_WRITE) this.stringifyPending();
  }

  private stringifyPending(): void {
    if (this.pending.length === 0) return;
    const text = stringify(this.pending, { quoted_string: true, cast: { boolean: (v) => (v ? 'true' : 'false') } });
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
 * The importer's files for a whole load, written into `dir` (which must
 * exist) document by document with `add`, then `close`d. `nowMs` is the
 * load time (createdAt, updatedAt and the since/grantedAt defaults).
 */
export class ImportFileWriter {
  private readonly set: ImportFileSet = { nodes: [], relationships: [], multiline: false, counts: { entities: 0, ownerships: 0, access: 0, containment: 0 } };
  private readonly entities = new Map<EntityKind, CsvFile>();
  private readonly access: CsvFile;
  private readonly owns: CsvFile;
  private readonly contains: CsvFile;
  private readonly now: string;
  private closed = false;

  constructor(dir: string, nowMs: number) {
    this.now = new Date(nowMs).toISOString();
    for (const spec of ENTITY_SPECS) {
      const file = new CsvFile(dir, spec.list, columnsOf(spec, ['id'], [{ name: 'kind', type: 'string' }]), ['id:ID']);
      this.entities.set(spec.kind, file);
      this.set.nodes.push({ labels: ['Entity', KIND_LABEL[spec.kind]], files: file.files });
    }
    const ends = [':START_ID', ':END_ID'];
    // AccessInput.kind is the record's kind, stored as `kind`; fromId/toId are its ends.
    this.access = new CsvFile(dir, 'access', columnsOf(ACCESS_SPEC, ['fromId', 'toId']), ends);
    this.owns = new CsvFile(dir, 'ownerships', columnsOf(OWNERSHIP_SPEC, []), ends);
    this.contains = new CsvFile(dir, 'containment', [], ends);
    this.set.relationships.push(
      { type: 'ACCESS', files: this.access.files },
      { type: 'OWNS', files: this.owns.files },
      { type: 'CONTAINS', files: this.contains.files },
    );
  }

  /** Values as the importer reads them: instants (epoch ms) as UTC RFC 3339 with milliseconds; absent as nothing. */
  private readonly toText = (column: Column, value: unknown): unknown => {
    if (value === null || value === undefined) return null;
    if (column.type === 'datetime') return typeof value === 'number' ? new Date(value).toISOString() : value;
    // A line break inside a value needs the importer's slower multi-line parsing: asked for only when one occurs.
    if (typeof value === 'string' && !this.set.multiline && /[\r\n]/.test(value)) this.set.multiline = true;
    return value;
  };

  /** The stored properties of a record created by ingest: defaults, then the given fields (a null stores nothing), then the bookkeeping. */
  private stored(record: PreparedRecord, source: string | null, extra: Row = {}): Row {
    const row: Row = { ...record.defaults, ...extra };
    for (const [k, v] of Object.entries(record.props)) {
      if (v === null) delete row[k];
      else row[k] = v;
    }
    row.createdAt = this.now;
    row.updatedAt = this.now;
    if (source !== null) row.source = source;
    return row;
  }

  /** One valid document's records, appended to the files. */
  add(input: IngestInput): void {
    if (this.closed) throw new Error('the import files are closed');
    const prepared = prepare(input);
    if (prepared.problems.length > 0) {
      const p = prepared.problems[0];
      throw new Error(`the input is not valid (${p.list}[${p.index}].${p.field}: ${p.reason}); validate it first, as npm run import does`);
    }
    const source = typeof input.source === 'string' ? input.source : null;
    for (const r of prepared.entities) {
      this.entities.get(r.kind as EntityKind)!.add([r.id], this.stored(r, source, { kind: r.kind }), this.toText);
      if (r.kind === 'SYSTEM' && typeof r.props.tenantId === 'string') this.contains.add([r.props.tenantId, r.id], {}, this.toText);
    }
    for (const r of prepared.ownerships) {
      this.owns.add([r.fromId as string, r.toId as string], this.stored(r, source, { since: this.now }), this.toText);
    }
    for (const r of prepared.access) {
      this.access.add([r.fromId as string, r.toId as string], this.stored(r, source, { grantedAt: this.now, id: r.id, kind: r.accessKind }), this.toText);
    }
  }

  /** Closes every file; what to give the importer. */
  close(): ImportFileSet {
    if (!this.closed) {
      for (const file of [...this.entities.values(), this.access, this.owns, this.contains]) file.close();
      this.closed = true;
      this.set.counts = {
        entities: [...this.entities.values()].reduce((n, f) => n + f.rows, 0),
        ownerships: this.owns.rows,
        access: this.access.rows,
        containment: this.contains.rows,
      };
    }
    return this.set;
  }
}
