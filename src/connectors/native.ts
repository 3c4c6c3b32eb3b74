/**
 * The native format: JSON files of the IngestInput shape (docs/ingest.md),
 * one document per file, in the order given. A FILE that does not exist but
 * was split by `npm run generate -- --out FILE` (FILE.part-1.json, ...)
 * stands for its parts. A document's `input` is read from its file each time
 * it is asked for, so an import in parts never holds every part at once (the
 * importer validates each, then reads each again to write it). JSON carries
 * no line numbers through parsing, so a problem names the file and the
 * record by list and index.
 */
import fs from 'node:fs';
import { existingParts } from './native-files';
import type { Connector, SourceDocument } from './connector';

/** A file that cannot be read as JSON, or a path that names nothing: a usage error, not a problem of its records. */
export class SourceFileError extends Error {}

/** Parses one file as JSON (no check of its shape: coercion does that). */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SourceFileError(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
}

function document(file: string): SourceDocument {
  return {
    name: file,
    get input() {
      return readJson(file);
    },
    locate: () => ({ file }),
  };
}

export const nativeConnector: Connector = {
  format: 'native',
  describe: 'IngestInput JSON files (docs/ingest.md); FILE split by npm run generate stands for FILE.part-N.json',
  async read(paths) {
    const files = paths.flatMap((f) => (!fs.existsSync(f) && existingParts(f).length > 0 ? existingParts(f) : [f]));
    return { documents: files.map(document), problems: [] };
  },
};
