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
 * Each file is checked exactly as the ingest mutation checks a batch
 * (ingest/import-files.ts): the same coercion against the SDL, the same rules.
 */
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import { withDatabase } from './database';
import { INGEST_BATCH_LIMIT } from '../graph/vocabulary';
import { ImportFileError, importFiles } from '../ingest/import-files';
import { existingParts } from '../bench/write-input';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run import -- FILE [FILE...] [--batch N]   (N: 1..${INGEST_BATCH_LIMIT}, default 2000)`);
  process.exit(2);
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
    const bar = new cliProgress.SingleBar(
      { format: 'importing [{bar}] {value}/{total} records | {rate} records/s | {eta_formatted} left', noTTYOutput: true, notTTYSchedule: 2000 },
      cliProgress.Presets.shades_classic,
    );
    let t0 = 0;
    const outcome = await importFiles(exec, files, {
      batchSize,
      onCheck: (file, records) => console.log(`Validating ${records} records of ${file}...`),
      onWrite: (done, total) => {
        if (done === 0) {
          t0 = Date.now();
          bar.start(total, 0, { rate: 0 });
        } else bar.update(done, { rate: Math.round(done / Math.max((Date.now() - t0) / 1000, 0.001)) });
      },
    });
    if (outcome.kind === 'rejected') {
      let count = 0;
      for (const { file, problems } of outcome.files) {
        for (const p of problems.slice(0, 50)) console.error(`  ${files.length > 1 ? `${file}: ` : ''}${p.list}[${p.index}]${p.id ? ` (${p.id})` : ''}.${p.field}: ${p.reason}`);
        if (problems.length > 50) console.error(`  ... and ${problems.length - 50} more`);
        count += problems.length;
      }
      console.error(`Rejected: ${count} problem(s); nothing was written.`);
      process.exitCode = 1;
      return;
    }
    bar.stop();
    const seconds = (Date.now() - t0) / 1000;
    const { records, created, updated } = outcome;
    console.log(`Imported ${records} records (${created} created, ${updated} updated) in ${seconds.toFixed(1)} s (${Math.round(records / Math.max(seconds, 0.001))} records/s).`);
  });
}

main().catch((err: Error) => {
  if (err instanceof ImportFileError) usage(err.message);
  console.error(`import failed: ${err.message}`);
  process.exit(1);
});
