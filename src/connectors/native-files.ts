/**
 * Writes an IngestInput as JSON files that `npm run import` loads: one file
 * when it fits in one JavaScript string, else parts.
 *
 * Why parts: the import CLI reads a file into one string, and V8 caps a
 * string at 2^29 - 24 characters (about 512 MB); the large scale's JSON is
 * several times that. So records are streamed (never one big string) into
 * FILE.part-1.json, FILE.part-2.json, ..., each at most `maxChars`
 * characters and each a complete IngestInput (with the same `source`).
 * Records go out in ingest's dependency order (tenants, people, teams, tools,
 * roles, identities, systems, ownerships, access: src/ingest/batches.ts), so
 * every reference of a part points into that part or an earlier one, and the
 * parts can be validated and imported in order (npm run import -- FILE.part-1.json FILE.part-2.json ...).
 * When everything fits in one part it is written as FILE itself.
 */
import fs from 'node:fs';
import type { IngestInput } from '../generated/graphql';

const ORDER = ['tenants', 'people', 'teams', 'tools', 'roles', 'identities', 'systems', 'ownerships', 'access'] as const;

/** Characters per file: well under V8's string limit (536,870,888), leaving room for the importer's own work. */
export const MAX_PART_CHARS = 400_000_000;
const FLUSH_CHARS = 4_000_000;

export const partFile = (file: string, n: number) => `${file}.part-${n}.json`;

/** The files an earlier split of FILE left behind (FILE.part-1.json, FILE.part-2.json, ... while they exist). */
export function existingParts(file: string): string[] {
  const found: string[] = [];
  for (let n = 1; fs.existsSync(partFile(file, n)); n++) found.push(partFile(file, n));
  return found;
}

/** Writes `input` to FILE, or to FILE.part-N.json when it must be split; returns the files written, in import order. */
export function writeInput(input: IngestInput, file: string, opts: { maxChars?: number } = {}): { files: string[]; chars: number } {
  const maxChars = opts.maxChars ?? MAX_PART_CHARS;
  // Parts of an earlier, larger run would be mistaken for this one's.
  for (const stale of existingParts(file)) fs.rmSync(stale);
  const head = input.source === undefined || input.source === null ? '{' : `{"source":${JSON.stringify(input.source)}`;
  const files: string[] = [];
  let fd = -1;
  let buffer: string[] = [];
  let buffered = 0;
  let partChars = 0;
  let total = 0;
  let openList: string | null = null;
  let listsInPart = 0;

  const flush = () => {
    if (buffered > 0) fs.writeSync(fd, buffer.join(''));
    buffer = [];
    buffered = 0;
  };
  const put = (s: string) => {
    buffer.push(s);
    buffered += s.length;
    partChars += s.length;
    total += s.length;
    if (buffered >= FLUSH_CHARS) flush();
  };
  const openPart = () => {
    const name = partFile(file, files.length + 1);
    files.push(name);
    fd = fs.openSync(name, 'w');
    partChars = 0;
    listsInPart = 0;
    openList = null;
    put(head);
  };
  const closePart = () => {
    if (openList !== null) put(']');
    put('}');
    flush();
    fs.closeSync(fd);
  };

  openPart();
  for (const list of ORDER) {
    for (const record of (input[list] ?? []) as unknown[]) {
      const json = JSON.stringify(record);
      // Room for this record and the closing brackets; a part always takes at least one record.
      if (openList !== null && partChars + json.length + 3 > maxChars) {
        closePart();
        openPart();
      }
      if (openList !== list) {
        if (openList !== null) put(']');
        put(`${listsInPart > 0 || head !== '{' ? ',' : ''}"${list}":[`);
        openList = list;
        listsInPart++;
        put(json);
      } else {
        put(`,${json}`);
      }
    }
  }
  closePart();

  if (files.length === 1) {
    fs.renameSync(files[0], file);
    return { files: [file], chars: total };
  }
  if (fs.existsSync(file)) fs.rmSync(file);
  return { files, chars: total };
}
