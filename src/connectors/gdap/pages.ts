/**
 * The files of a GDAP export folder (docs/connectors-gdap.md "The folder"):
 * which list each file holds, its pages in order, and every problem with
 * them. Each file is one Microsoft Graph collection response, saved as
 * `az rest` or `Invoke-MgGraphRequest -OutputType Json` returns it: an
 * object with a `value` array and, when more pages follow, an
 * `@odata.nextLink`. A list saved in several pages is several files:
 * `NAME.json` (or `NAME.1.json`), `NAME.2.json`, ...; the paging links are
 * checked, so a missing or extra page is a problem, never a silently partial
 * import.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SourceProblem } from '../connector';

/** One item of a collection response, with where it came from. */
export interface Item {
  file: string;
  /** JSON path of the item in its file, e.g. `value[3]`. */
  at: string;
  value: unknown;
}

/** A list of the export: its items in page order, under its key (a relationship or group id, or ''). */
export interface Listed {
  kind: ListKind;
  key: string;
  items: Item[];
  files: string[];
  /** Every page is there and was read: no page missing, unreadable or out of its list (each of those is a problem of its own). */
  complete: boolean;
}

export type ListKind = 'relationships' | 'assignments' | 'groups' | 'members';

/** The optional file mapping Entra ids to ids already in PathWarden. */
export const IDS_FILE = 'pathwarden-ids.json';

// NAME[-KEY][.PAGE].json; keys (Graph ids) hold no dot, so the page number is unambiguous.
const PATTERNS: readonly [ListKind, RegExp][] = [
  ['relationships', /^relationships(?:\.(\d+))?\.json$/],
  ['assignments', /^assignments-([^.]+?)(?:\.(\d+))?\.json$/],
  ['groups', /^groups(?:\.(\d+))?\.json$/],
  ['members', /^members-([^.]+?)(?:\.(\d+))?\.json$/],
];
const KEYED: ReadonlySet<ListKind> = new Set(['assignments', 'members']);

export const EXPECTED_NAMES =
  'relationships[.N].json, assignments-<relationshipId>[.N].json, groups[.N].json, members-<groupId>[.N].json or pathwarden-ids.json';

/** Reads one JSON file, or says why it cannot be read. */
export function readJsonFile(file: string, problems: SourceProblem[]): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({ file, reason: `cannot be read: ${(err as Error).message}` });
    return undefined;
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    problems.push({ file, reason: `is not JSON: ${(err as Error).message}` });
    return undefined;
  }
}

/** Every list of the folder, its pages checked; the ids file's content, if any. */
export function readFolder(folder: string, problems: SourceProblem[]): { lists: Listed[]; ids: unknown } {
  const pages = new Map<string, { kind: ListKind; key: string; pages: Map<number, string> }>();
  let ids: unknown;
  for (const name of fs.readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    if (!name.endsWith('.json') || !fs.statSync(file).isFile()) continue;
    if (name === IDS_FILE) {
      ids = readJsonFile(file, problems);
      continue;
    }
    const match = PATTERNS.map(([kind, re]) => [kind, re.exec(name)] as const).find(([, m]) => m);
    if (!match) {
      problems.push({ file, reason: `is not a file of a GDAP export: expected ${EXPECTED_NAMES}` });
      continue;
    }
    const [kind, m] = match as [ListKind, RegExpExecArray];
    const key = KEYED.has(kind) ? m[1] : '';
    const page = Number((KEYED.has(kind) ? m[2] : m[1]) ?? '1');
    const list = pages.get(`${kind}:${key}`) ?? pages.set(`${kind}:${key}`, { kind, key, pages: new Map() }).get(`${kind}:${key}`)!;
    if (list.pages.has(page)) problems.push({ file, reason: `is page ${page} of ${kind}${key ? ` ${key}` : ''} a second time (also ${list.pages.get(page)})` });
    else list.pages.set(page, file);
  }
  const lists: Listed[] = [];
  for (const { kind, key, pages: byNumber } of pages.values()) {
    const numbers = [...byNumber.keys()].sort((a, b) => a - b);
    const listed: Listed = { kind, key, items: [], files: [], complete: true };
    const incomplete = (problem: SourceProblem) => {
      problems.push(problem);
      listed.complete = false;
    };
    numbers.forEach((n, i) => {
      const file = byNumber.get(n)!;
      listed.files.push(file);
      if (n !== i + 1) incomplete({ file, reason: `is page ${n}, but page ${i + 1} of this list is missing` });
      // Undefined: it could not be read or parsed, which readJsonFile has said.
      const body = readJsonFile(file, problems);
      if (body === undefined) {
        listed.complete = false;
        return;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray((body as { value?: unknown }).value)) {
        incomplete({ file, column: 'value', reason: 'must be a Microsoft Graph collection response: an object with a "value" array' });
        return;
      }
      const next = (body as Record<string, unknown>)['@odata.nextLink'];
      const last = i === numbers.length - 1;
      if (typeof next === 'string' && last) {
        incomplete({ file, column: '@odata.nextLink', reason: `says more pages follow, but no page ${n + 1} was saved: save it as ${pageName(file, n + 1)}` });
      } else if (typeof next !== 'string' && !last) {
        incomplete({ file, column: '@odata.nextLink', reason: `is missing, so this is the last page; ${byNumber.get(numbers[i + 1])} does not belong to this list` });
      }
      (body as { value: unknown[] }).value.forEach((value, index) => listed.items.push({ file, at: `value[${index}]`, value }));
    });
    lists.push(listed);
  }
  return { lists, ids };
}

/** The file name page `n` of the list `file` belongs to would have. */
function pageName(file: string, n: number): string {
  return path.basename(file).replace(/(\.\d+)?\.json$/, `.${n}.json`);
}
