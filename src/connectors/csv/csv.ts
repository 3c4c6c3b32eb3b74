/**
 * The CSV format (`--format csv`): the files of CSV_FILES (columns.ts), given
 * one by one or as folders holding them. Parsed with csv-parse: UTF-8 with
 * or without a byte order mark, quoted cells holding commas, quotes and line
 * breaks, LF or CRLF line ends (spreadsheet exports). All the files of one
 * import are one document, so records refer to each other across files as
 * within one batch.
 *
 * Cells: an empty cell (or one of spaces only) is absent, so an update
 * keeps the stored value; a Boolean column takes true or false (any case);
 * every other cell is passed as text to the shared coercion, which checks it
 * against the SDL (enums, instants, ids) with the rest of ingest. A line
 * break inside a quoted cell is read as "\n".
 *
 * What this module refuses itself, each as a problem naming file, line and
 * column: a file name it does not know, a file that is not UTF-8 or not CSV
 * (an unclosed quote), a header with an unknown, repeated or missing
 * required column, a row with more or fewer cells than its header. Every
 * problem of every file is returned at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Connector, SourceDocument, SourceLocation, SourceProblem } from '../connector';
import { SourceFileError } from '../native';
import { columnsOf, CSV_FILES, type Column } from './columns';

const KNOWN = new Map(CSV_FILES.map((f) => [f.file, f.list]));
const expectedFiles = CSV_FILES.map((f) => f.file).join(', ');

/** The CSV files a path stands for: a file itself, or the known files in a folder. */
function filesOf(p: string, problems: SourceProblem[]): string[] {
  if (!fs.existsSync(p)) throw new SourceFileError(`${p} does not exist`);
  if (!fs.statSync(p).isDirectory()) {
    if (KNOWN.has(path.basename(p))) return [p];
    problems.push({ file: p, reason: `is not one of the CSV files (${expectedFiles})` });
    return [];
  }
  const names = fs.readdirSync(p).filter((n) => n.toLowerCase().endsWith('.csv'));
  for (const n of names) if (!KNOWN.has(n)) problems.push({ file: path.join(p, n), reason: `is not one of the CSV files (${expectedFiles}); rename it or move it out of the folder` });
  const found = CSV_FILES.filter((f) => names.includes(f.file)).map((f) => path.join(p, f.file));
  if (found.length === 0 && names.length === 0) problems.push({ file: p, reason: `holds none of the CSV files (${expectedFiles})` });
  return found;
}

interface Parsed {
  records: Record<string, unknown>[];
  lines: number[];
}

function utf8(file: string, problems: SourceProblem[]): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch {
    problems.push({ file, reason: 'is not UTF-8 text: save it as "CSV UTF-8"' });
    return null;
  }
}

const blank = (cell: string) => cell.trim() === '';

/** One file's rows as records of its list, with the line each starts on; its problems into `problems`. */
function parseFile(file: string, columns: Column[], problems: SourceProblem[]): Parsed {
  const out: Parsed = { records: [], lines: [] };
  const text = utf8(file, problems);
  if (text === null) return out;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // Line ends made "\n" first: csv-parse counts a CRLF inside a quoted cell as two lines.
    rows = parse(text.replace(/\r\n?/g, '\n'), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof rows;
  } catch (err) {
    const e = err as Error & { lines?: number };
    problems.push({ file, line: e.lines, reason: `is not valid CSV: ${e.message}` });
    return out;
  }
  if (rows.length === 0) {
    problems.push({ file, line: 1, reason: `has no header line (expected: ${columns.map((c) => c.name).join(',')})` });
    return out;
  }
  const header = rows[0].record.map((h) => h.trim());
  const byName = new Map(columns.map((c) => [c.name, c]));
  const headerProblem = (column: string, reason: string) => problems.push({ file, line: 1, column, reason });
  header.forEach((h, i) => {
    if (h === '') headerProblem(`#${i + 1}`, 'has no column name');
    else if (!byName.has(h)) headerProblem(h, `is not a column of ${path.basename(file)} (columns: ${columns.map((c) => c.name).join(', ')})`);
    else if (header.indexOf(h) !== i) headerProblem(h, 'appears twice in the header');
  });
  const missing = columns.filter((c) => c.required && !header.includes(c.name));
  for (const c of missing) headerProblem(c.name, 'is a required column and is missing from the header');
  if (missing.length > 0) return out;
  for (const { record, info } of rows.slice(1)) {
    // The line the row starts on: where it ends, less the line breaks inside its cells.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.every(blank)) continue;
    if (record.length !== header.length) {
      problems.push({ file, line, reason: `has ${record.length} cells; the header has ${header.length}` });
      continue;
    }
    const rec: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const column = byName.get(h);
      const cell = record[i];
      if (!column || blank(cell)) return;
      rec[h] = column.boolean && /^(true|false)$/i.test(cell.trim()) ? cell.trim().toLowerCase() === 'true' : cell;
    });
    out.records.push(rec);
    out.lines.push(line);
  }
  return out;
}

/** Reads every path into one document (all lists of all files), or the problems that stop it. */
export function readCsv(paths: readonly string[]): { documents: SourceDocument[]; problems: SourceProblem[] } {
  const problems: SourceProblem[] = [];
  const input: Record<string, Record<string, unknown>[]> = {};
  const origin: Record<string, { file: string; line: number }[]> = {};
  const files = paths.flatMap((p) => filesOf(p, problems));
  for (const file of files) {
    const list = KNOWN.get(path.basename(file)) as string;
    const { records, lines } = parseFile(file, columnsOf(list), problems);
    (input[list] ??= []).push(...records);
    (origin[list] ??= []).push(...lines.map((line) => ({ file, line })));
  }
  const name = files.length === 1 ? files[0] : paths.join(', ');
  const locate = (list: string, index: number, field?: string): SourceLocation | undefined => {
    const at = origin[list]?.[index];
    if (!at) return files.length > 0 ? { file: name } : undefined;
    return { file: at.file, line: at.line, ...(field && field !== 'input' ? { column: field } : {}) };
  };
  return { documents: files.length > 0 ? [{ name, input, locate }] : [], problems };
}

export const csvConnector: Connector = {
  format: 'csv',
  describe: `CSV files ${CSV_FILES.map((f) => f.file).join(', ')}, or folders holding them (docs/ingest.md, "CSV files")`,
  async read(paths) {
    return readCsv(paths);
  },
};
