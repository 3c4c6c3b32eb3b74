/**
 * npm run import -- [--format native|csv] [--source NAME] [--sync] [--dry-run]
 *                   [--max-revocations N] [--allow-large-revocation] [--batch N] PATH...
 * npm run import -- --template DIR
 *
 * Loads files larger than one API call may carry, in the order given, read by
 * the connector of --format (src/connectors; native IngestInput JSON by
 * default, where a FILE split by `npm run generate -- --out FILE` stands for
 * its parts). Everything is validated first, against what is stored plus
 * the documents before it, and nothing is written if anything is wrong:
 * every problem is printed with its file, and line and column when the
 * format has them (exit 1). Then it is written in batches of N records
 * (default 2,000), each one transaction, with a progress bar; with --sync
 * (and --source) the new records are staged in batches, invisible, and the
 * whole new state of the source is published in ONE transaction that also
 * revokes what the source no longer lists (docs/ingest.md). --dry-run stops
 * after the checks and prints what would be created, updated and revoked.
 * --template DIR writes the CSV files with headers and examples. A wrong
 * command line, or a path that cannot be read, is a usage error (exit 2).
 * Uses NEO4J_URI, or the project's local Neo4j (started if needed, and
 * stopped again if this started it).
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { withDatabase } from './database';
import { loadSyncTxTimeoutMs } from '../config';
import type { SourceProblem } from '../connectors/connector';
import { writeTemplate } from '../connectors/csv/template';
import { connectorFor, CONNECTORS, DEFAULT_FORMAT } from '../connectors';
import { INGEST_BATCH_LIMIT } from '../graph/vocabulary';
import { ImportFileError, importDocuments, offlineProblems, type ImportCounts } from '../ingest/import-files';
import { syncProblems } from '../ingest/sync';
import { documentProblemLines, printRejected, sourceProblemLine } from './problem-lines';

const USAGE = `usage: npm run import -- [--format ${Object.keys(CONNECTORS).join('|')}] [--source NAME] [--sync] [--dry-run] [--max-revocations N] [--allow-large-revocation] [--batch N] PATH...
       npm run import -- --template DIR
  --format   ${Object.values(CONNECTORS).map((c) => `${c.format}: ${c.describe}`).join('\n             ')}
  --source   stamped on every record; with --sync, the source the files are the whole state of
  --sync     revoke what --source wrote before and the files no longer list, all or nothing (staged, then published at once)
  --dry-run  check everything and print what would be created, updated and revoked; write nothing
  --batch    records per written batch, 1..${INGEST_BATCH_LIMIT} (default 2000)`;

class UsageError extends Error {}

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function options() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        format: { type: 'string', default: DEFAULT_FORMAT },
        source: { type: 'string' },
        sync: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'max-revocations': { type: 'string' },
        'allow-large-revocation': { type: 'boolean', default: false },
        batch: { type: 'string', default: '2000' },
        template: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** What was (or would be) created, updated, revoked and removed, one kind a line. */
function countLines(counts: ImportCounts, sync: boolean): string[] {
  const lines: string[] = [];
  for (const [kind, c] of Object.entries(counts.byKind).sort()) {
    let line = `  ${kind}: ${c.created} created, ${c.updated} updated`;
    if (sync) line += `, ${counts.unchanged[kind] ?? 0} unchanged`;
    if (sync && kind === 'ACCESS') line += `, ${revokedTotal(counts)} revoked`;
    if (sync && kind === 'OWNERSHIP') line += `, ${counts.removedOwnerships} removed`;
    lines.push(line);
  }
  if (sync) {
    if (!counts.byKind.ACCESS) lines.push(`  ACCESS: 0 created, 0 updated, 0 unchanged, ${revokedTotal(counts)} revoked`);
    if (!counts.byKind.OWNERSHIP) lines.push(`  OWNERSHIP: 0 created, 0 updated, 0 unchanged, ${counts.removedOwnerships} removed`);
    const kinds = Object.entries(counts.revoked).sort();
    if (kinds.length > 0) lines.push(`  revoked by access kind: ${kinds.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
  return lines;
}
const revokedTotal = (counts: ImportCounts) => Object.values(counts.revoked).reduce((a, b) => a + b, 0);

async function main(): Promise<void> {
  const { values, positionals } = options();
  if (values.template !== undefined) {
    if (positionals.length > 0) throw new UsageError('--template takes a folder and nothing else');
    const files = writeTemplate(values.template);
    console.log(`Wrote ${files.length} CSV files with their columns and two example rows each:\n${files.map((f) => `  ${f}`).join('\n')}\nEdit them (or replace the examples with your export), then: npm run import -- --format csv ${values.template}`);
    return;
  }
  const connector = connectorFor(values.format as string);
  if (typeof connector === 'string') throw new UsageError(connector);
  if (positionals.length === 0) throw new UsageError('no file given');
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > INGEST_BATCH_LIMIT) throw new UsageError(`--batch must be 1..${INGEST_BATCH_LIMIT}`);
  const maxRevocations = values['max-revocations'] === undefined ? null : Number(values['max-revocations']);
  if (maxRevocations !== null && (!/^\d+$/.test(values['max-revocations'] as string) || !Number.isSafeInteger(maxRevocations))) throw new UsageError('--max-revocations must be a non-negative integer');
  const source = values.source;
  if (source !== undefined && source.trim() === '') throw new UsageError('--source must not be blank');
  if (values.sync) {
    if (source === undefined) throw new UsageError('--sync needs --source NAME: the files replace what that source wrote before');
    const [problem] = syncProblems({ sync: true, source });
    if (problem) throw new UsageError(`--sync --source ${source}: ${problem.reason}`);
  } else if (maxRevocations !== null || values['allow-large-revocation']) throw new UsageError('--max-revocations and --allow-large-revocation apply to --sync only');

  const { documents, problems } = await connector.read(positionals);
  if (problems.length > 0) {
    // The files' own problems, then what the records that could be read get wrong on their own (not checked against the store).
    const offline = documentProblemLines(offlineProblems(documents, source), documents.length > 1, Infinity);
    printRejected([...problems.map((p: SourceProblem) => sourceProblemLine(p)), ...offline.lines], problems.length + offline.count);
    return;
  }
  const sync = values.sync ? { maxRevocations, allowLargeRevocation: values['allow-large-revocation'] as boolean } : undefined;
  const dryRun = values['dry-run'] as boolean;
  await withDatabase(
    async (exec) => {
      const bar = new cliProgress.SingleBar(
        { format: 'importing [{bar}] {value}/{total} records | {rate} records/s | {eta_formatted} left', noTTYOutput: true, notTTYSchedule: 2000 },
        cliProgress.Presets.shades_classic,
      );
      let t0 = 0;
      const outcome = await importDocuments(exec, documents, {
        batchSize,
        source,
        sync,
        dryRun,
        guards: { max: '--max-revocations', allowLarge: '--allow-large-revocation', retry: 'run the sync again with --allow-large-revocation' },
        onCheck: (name, records) => console.log(`Validating ${records} records of ${name}...`),
        onWrite: (done, total) => {
          if (done === 0) {
            t0 = Date.now();
            if (sync) console.log(`Syncing source ${source}: ${total} records to write (new ones staged in batches, invisible), then published in one transaction; nothing is visible until it commits.`);
            bar.start(total, 0, { rate: 0 });
          } else bar.update(done, { rate: Math.round(done / Math.max((Date.now() - t0) / 1000, 0.001)) });
        },
      });
      if (outcome.kind === 'rejected') {
        const { lines, count } = documentProblemLines(outcome.documents, documents.length > 1);
        printRejected(lines, count);
        return;
      }
      if (outcome.kind === 'planned') {
        console.log(`Dry run: ${outcome.records} records are valid; nothing was written. ${sync ? `The sync of ${source}` : 'The import'} would change:`);
        for (const line of countLines(outcome.counts, Boolean(sync))) console.log(line);
        return;
      }
      bar.stop();
      const seconds = (Date.now() - t0) / 1000;
      const { records, created, updated } = outcome;
      console.log(`Imported ${records} records (${created} created, ${updated} updated) in ${seconds.toFixed(1)} s (${Math.round(records / Math.max(seconds, 0.001))} records/s).`);
      for (const line of countLines(outcome.counts, Boolean(sync))) console.log(line);
    },
    sync && !dryRun ? { txTimeoutMs: loadSyncTxTimeoutMs() } : {},
  );
}

main().catch((err: Error) => {
  if (err instanceof UsageError || err instanceof ImportFileError) usage(err.message);
  console.error(`import failed: ${err.message}`);
  process.exit(1);
});
