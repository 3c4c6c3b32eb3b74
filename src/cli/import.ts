/**
 * npm run import -- FILE [FILE...] [--batch N]
 *
 * Loads ingest files larger than one API call may carry (each a JSON object
 * of the IngestInput shape), in the order given. Every file is validated
 * first, against what is stored plus what the files before it declare, and
 * nothing is written if any record of any file is bad (every problem is
 * printed); then they are written in batches of N records (default 2,000),
 * each one transaction, with a progress bar. A FILE that does not exist but
 * was split by `npm run generate -- --out FILE` (FILE.part-1.json, ...) stands
 * for all its parts. Uses NEO4J_URI, or the project's local Neo4j (started if
 * needed, and stopped again if this started it).
 *
 * Several files are validated one at a time, keeping only what each declares
 * (kinds, tenants, access endpoints and instants: `storedAfter`), and read
 * again to be written, so an import in parts never holds every part at once.
 */
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import { SYSTEM_VIEWER } from '../auth/viewer';
import { withDatabase } from './database';
import type { IngestInput } from '../generated/graphql';
import { INGEST_BATCH_LIMIT } from '../graph/vocabulary';
import { batches } from '../ingest/batches';
import { IngestService, recordCount, validate } from '../ingest/service';
import { storedAfter, type StoredRecord } from '../ingest/validate';
import { existingParts } from '../bench/write-input';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run import -- FILE [FILE...] [--batch N]   (N: 1..${INGEST_BATCH_LIMIT}, default 2000)`);
  process.exit(2);
}

/** Reads one ingest file, or exits with a usage error. */
function read(file: string): IngestInput {
  let input: IngestInput;
  try {
    input = JSON.parse(fs.readFileSync(file, 'utf8')) as IngestInput;
  } catch (err) {
    usage(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) usage(`${file} must hold one JSON object shaped like IngestInput`);
  return input;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const batchAt = args.indexOf('--batch');
  const batchSize = batchAt >= 0 ? Number(args[batchAt + 1]) : 2000;
  const named = args.filter((a, i) => !a.startsWith('--') && (batchAt < 0 || i !== batchAt + 1));
  if (named.length === 0) usage('no file given');
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > INGEST_BATCH_LIMIT) usage(`--batch must be 1..${INGEST_BATCH_LIMIT}`);
  const files = named.flatMap((f) => (!fs.existsSync(f) && existingParts(f).length > 0 ? existingParts(f) : [f]));

  await withDatabase(async (exec) => {
    // One ingest time for the whole import: validation checks defaults (grantedAt) against the time they will be written with.
    const now = new Date().toISOString();
    const nowMs = Date.parse(now);
    // With one file, keep it parsed for writing; with several, read each again (an import in parts may not fit in memory at once).
    let kept: IngestInput | null = null;
    let earlier: Map<string, StoredRecord> | undefined;
    let total = 0;
    let rejected = 0;
    for (const file of files) {
      const input = read(file);
      // A sync batch is a source's whole state in one transaction; split into batches it would revoke what earlier batches wrote.
      if (input.sync) usage(`${file} asks for sync, which only the ingest mutation does (one batch of at most ${INGEST_BATCH_LIMIT} records); remove "sync" to import it as an upsert`);
      const size = recordCount(input);
      total += size;
      console.log(`Validating ${size} records of ${file}...`);
      const { prepared, stored, problems } = await exec.read(SYSTEM_VIEWER, (tx) => validate(tx, input, nowMs, earlier));
      for (const p of problems.slice(0, 50)) console.error(`  ${files.length > 1 ? `${file}: ` : ''}${p.list}[${p.index}]${p.id ? ` (${p.id})` : ''}.${p.field}: ${p.reason}`);
      if (problems.length > 50) console.error(`  ... and ${problems.length - 50} more`);
      rejected += problems.length;
      if (files.length === 1) kept = input;
      else {
        earlier ??= new Map();
        for (const [id, record] of storedAfter(prepared, stored, nowMs)) earlier.set(id, record);
      }
    }
    if (rejected > 0) {
      console.error(`Rejected: ${rejected} problem(s); nothing was written.`);
      process.exitCode = 1;
      return;
    }
    earlier = undefined;
    const service = new IngestService(exec, SYSTEM_VIEWER, now);
    const bar = new cliProgress.SingleBar(
      { format: 'importing [{bar}] {value}/{total} records | {rate} records/s | {eta_formatted} left', noTTYOutput: true, notTTYSchedule: 2000 },
      cliProgress.Presets.shades_classic,
    );
    const t0 = Date.now();
    bar.start(total, 0, { rate: 0 });
    let done = 0;
    const sums = { created: 0, updated: 0 };
    for (const file of files) {
      const input = kept ?? read(file);
      for (const batch of batches(input, batchSize)) {
        const result = await service.ingest(batch);
        for (const part of [result.entities, result.ownerships, result.access]) {
          sums.created += part.created;
          sums.updated += part.updated;
        }
        done += recordCount(batch);
        bar.update(done, { rate: Math.round(done / Math.max((Date.now() - t0) / 1000, 0.001)) });
      }
    }
    bar.stop();
    const seconds = (Date.now() - t0) / 1000;
    console.log(`Imported ${done} records (${sums.created} created, ${sums.updated} updated) in ${seconds.toFixed(1)} s (${Math.round(done / Math.max(seconds, 0.001))} records/s).`);
  });
}

main().catch((err: Error) => {
  console.error(`import failed: ${err.message}`);
  process.exit(1);
});
