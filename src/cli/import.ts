/**
 * npm run import -- FILE [--batch N]
 *
 * Loads an ingest file larger than one API call may carry (a JSON object of
 * the IngestInput shape). The whole file is validated first, against what is
 * stored, and nothing is written if any record is bad (every problem is
 * printed); then it is written in batches of N records (default 2,000), each
 * one transaction, with a progress bar. Uses NEO4J_URI, or the project's
 * local Neo4j (started if needed, and stopped again if this started it).
 */
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { SYSTEM_VIEWER } from '../auth/viewer';
import { loadConfig } from '../config';
import { Executor } from '../db/executor';
import type { IngestInput } from '../generated/graphql';
import { INGEST_BATCH_LIMIT } from '../graph/vocabulary';
import { batches } from '../ingest/batches';
import { IngestService, recordCount, validate } from '../ingest/service';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run import -- FILE [--batch N]   (N: 1..${INGEST_BATCH_LIMIT}, default 2000)`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const batchAt = args.indexOf('--batch');
  const batchSize = batchAt >= 0 ? Number(args[batchAt + 1]) : 2000;
  const file = args.find((a, i) => !a.startsWith('--') && (batchAt < 0 || i !== batchAt + 1));
  if (!file) usage('no file given');
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > INGEST_BATCH_LIMIT) usage(`--batch must be 1..${INGEST_BATCH_LIMIT}`);

  let input: IngestInput;
  try {
    input = JSON.parse(fs.readFileSync(file, 'utf8')) as IngestInput;
  } catch (err) {
    usage(`cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) usage(`${file} must hold one JSON object shaped like IngestInput`);

  const config = loadConfig();
  let uri = config.neo4j.uri;
  let startedHere = false;
  if (!uri) ({ uri, startedHere } = await localNeo4j.start());
  const exec = Executor.connect(uri, config.neo4j);
  try {
    await exec.applySchema();
    const total = recordCount(input);
    console.log(`Validating ${total} records of ${file}...`);
    const { problems } = await exec.read(SYSTEM_VIEWER, (tx) => validate(tx, input));
    if (problems.length > 0) {
      for (const p of problems.slice(0, 50)) console.error(`  ${p.list}[${p.index}]${p.id ? ` (${p.id})` : ''}.${p.field}: ${p.reason}`);
      if (problems.length > 50) console.error(`  ... and ${problems.length - 50} more`);
      console.error(`Rejected: ${problems.length} problem(s); nothing was written.`);
      process.exitCode = 1;
      return;
    }
    const service = new IngestService(exec, SYSTEM_VIEWER, new Date().toISOString());
    const bar = new cliProgress.SingleBar(
      { format: 'importing [{bar}] {value}/{total} records | {rate} records/s | {eta_formatted} left', noTTYOutput: true, notTTYSchedule: 2000 },
      cliProgress.Presets.shades_classic,
    );
    const t0 = Date.now();
    bar.start(total, 0, { rate: 0 });
    let done = 0;
    const sums = { created: 0, updated: 0 };
    for (const batch of batches(input, batchSize)) {
      const result = await service.ingest(batch);
      for (const part of [result.entities, result.ownerships, result.access]) {
        sums.created += part.created;
        sums.updated += part.updated;
      }
      done += recordCount(batch);
      bar.update(done, { rate: Math.round(done / Math.max((Date.now() - t0) / 1000, 0.001)) });
    }
    bar.stop();
    console.log(`Imported ${done} records (${sums.created} created, ${sums.updated} updated) in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  } finally {
    await exec.close();
    if (startedHere) await localNeo4j.stop();
  }
}

main().catch((err: Error) => {
  console.error(`import failed: ${err.message}`);
  process.exit(1);
});
