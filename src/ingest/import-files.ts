/**
 * What `npm run import` does, apart from its command line and progress bar:
 * every file is checked by the same two stages as the `ingest` mutation
 * (coercion against the served schema's IngestInput, ingest/coerce.ts; then
 * `validate`, against the store plus the files before it), and nothing is
 * written unless every file passes; then the files are written in batches,
 * each through IngestService, one transaction each.
 *
 * A file that fails coercion is refused with its coercion problems alone, as
 * the mutation refuses such a batch. The files after it are still coerced,
 * but not checked against the store: what they refer to in the refused file
 * is unknown, and every such reference would be reported as a false problem.
 */
import fs from 'node:fs';
import { SYSTEM_VIEWER } from '../auth/viewer';
import type { Executor } from '../db/executor';
import type { InputProblem } from '../errors';
import type { IngestInput } from '../generated/graphql';
import { INGEST_BATCH_LIMIT } from '../graph/vocabulary';
import { batches } from './batches';
import { coerceIngestInput } from './coerce';
import { IngestService, recordCount, validate } from './service';
import { storedAfter, type StoredRecord } from './validate';

/** A file that cannot be read as JSON: a usage error, not a problem of its records. */
export class ImportFileError extends Error {}

export interface FileProblems {
  file: string;
  problems: InputProblem[];
}

export interface ImportOptions {
  /** Records per written batch (1..INGEST_BATCH_LIMIT). */
  batchSize?: number;
  /** The ingest time of the whole import (ISO); now when left out. */
  now?: string;
  /** Told before a file is checked, with its record count. */
  onCheck?: (file: string, records: number) => void;
  /** Told when writing starts (total records) and after each batch (records written so far). */
  onWrite?: (done: number, total: number) => void;
}

export type ImportOutcome =
  | { kind: 'rejected'; files: FileProblems[] }
  | { kind: 'imported'; records: number; created: number; updated: number };

/** Parses one file as JSON (no check of its shape: coercion does that). */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ImportFileError(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
}

/** A sync batch is a source's whole state in one transaction; split into batches it would revoke what earlier batches wrote. */
const SYNC_PROBLEM: InputProblem = {
  list: 'input',
  index: -1,
  id: null,
  field: 'sync',
  reason: `only the ingest mutation syncs (one batch of at most ${INGEST_BATCH_LIMIT} records); remove "sync" to import the file as an upsert`,
};

/** One file, coerced; the problems that stop it (coercion first, then sync). */
function coerceFile(file: string): { input: IngestInput | null; problems: InputProblem[] } {
  const coerced = coerceIngestInput(readJson(file));
  if (coerced.input?.sync) return { input: null, problems: [SYNC_PROBLEM] };
  return coerced;
}

export async function importFiles(exec: Executor, files: readonly string[], options: ImportOptions = {}): Promise<ImportOutcome> {
  const batchSize = options.batchSize ?? 2000;
  // One ingest time for the whole import: validation checks defaults (grantedAt) against the time they will be written with.
  const now = options.now ?? new Date().toISOString();
  const nowMs = Date.parse(now);
  // With one file, keep it coerced for writing; with several, read each again (an import in parts may not fit in memory at once).
  let kept: IngestInput | null = null;
  let earlier: Map<string, StoredRecord> | undefined;
  let comparable = true;
  let total = 0;
  const refused: FileProblems[] = [];
  for (const file of files) {
    const { input, problems } = coerceFile(file);
    if (!input) {
      refused.push({ file, problems });
      comparable = false;
      continue;
    }
    const size = recordCount(input);
    total += size;
    options.onCheck?.(file, size);
    if (!comparable) continue;
    const validated = await exec.read(SYSTEM_VIEWER, (tx) => validate(tx, input, nowMs, earlier));
    if (validated.problems.length > 0) refused.push({ file, problems: validated.problems });
    if (files.length === 1) kept = input;
    else {
      earlier ??= new Map();
      for (const [id, record] of storedAfter(validated.prepared, validated.stored, nowMs)) earlier.set(id, record);
    }
  }
  if (refused.length > 0) return { kind: 'rejected', files: refused };
  earlier = undefined;

  const service = new IngestService(exec, SYSTEM_VIEWER, now);
  const sums = { records: 0, created: 0, updated: 0 };
  options.onWrite?.(0, total);
  for (const file of files) {
    const input = kept ?? (coerceFile(file).input as IngestInput);
    for (const batch of batches(input, batchSize)) {
      const result = await service.ingest(batch);
      for (const part of [result.entities, result.ownerships, result.access]) {
        sums.created += part.created;
        sums.updated += part.updated;
      }
      sums.records += recordCount(batch);
      options.onWrite?.(sums.records, total);
    }
  }
  return { kind: 'imported', ...sums };
}
