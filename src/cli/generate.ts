/**
 * npm run generate -- --scale small|medium|large --seed N [--out FILE] [--load] [--batch N] [--concurrency C]
 *
 * Generates the synthetic MSP of src/bench/generate.ts (the same graph for
 * the same scale and seed) and prints its counts per list. Then:
 *   --out FILE  writes it as JSON for `npm run import -- FILE`; a graph whose
 *               JSON exceeds one JavaScript string (the large scale) is
 *               written in parts FILE.part-1.json, ... (each a valid
 *               IngestInput; `npm run import -- FILE` finds them);
 *   --load      writes it into Neo4j through the bulk path
 *               (src/bench/bulk.ts): the database must be EMPTY; batches of
 *               --batch rows (default 20,000) per transaction, --concurrency
 *               transactions at once (default 2); reports records per second.
 * Uses NEO4J_URI, or the project's local Neo4j (started if needed, and
 * stopped again if this started it, like npm run import). The npm script
 * gives Node an 8 GB heap: the large scale's five million access records
 * take about 2 GB as objects, and the driver's batches more besides.
 */
import cliProgress from 'cli-progress';
import { SYSTEM_VIEWER } from '../core/viewer';
import { withDatabase } from './database';
import { DEFAULT_BULK_BATCH, DEFAULT_BULK_CONCURRENCY, bulkLoad } from '../bench/bulk';
import { SCALES, generate, type Scale } from '../bench/generate';
import { writeInput } from '../connectors/native-files';
import type { IngestInput } from '../generated/graphql';

const LISTS = ['tenants', 'people', 'teams', 'tools', 'roles', 'identities', 'systems', 'ownerships', 'access'] as const;

function usage(message: string): never {
  console.error(`${message}\nusage: npm run generate -- --scale ${SCALES.join('|')} --seed N [--out FILE] [--load] [--batch N] [--concurrency C]`);
  process.exit(2);
}

function options(args: string[]) {
  const known = new Set(['--scale', '--seed', '--out', '--load', '--batch', '--concurrency']);
  const valued = new Set(['--scale', '--seed', '--out', '--batch', '--concurrency']);
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!known.has(a)) usage(`unknown argument ${JSON.stringify(a)}`);
    if (valued.has(a)) {
      if (i + 1 >= args.length || args[i + 1].startsWith('--')) usage(`${a} needs a value`);
      values.set(a, args[++i]);
    } else values.set(a, 'true');
  }
  const scale = values.get('--scale') as Scale | undefined;
  if (!scale || !SCALES.includes(scale)) usage(`--scale must be one of ${SCALES.join(', ')}`);
  const seed = Number(values.get('--seed'));
  if (!values.has('--seed') || !Number.isSafeInteger(seed)) usage('--seed must be an integer');
  const batch = values.has('--batch') ? Number(values.get('--batch')) : DEFAULT_BULK_BATCH;
  if (!Number.isInteger(batch) || batch < 1) usage('--batch must be a positive integer');
  const concurrency = values.has('--concurrency') ? Number(values.get('--concurrency')) : DEFAULT_BULK_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) usage('--concurrency must be a positive integer');
  return { scale, seed, out: values.get('--out'), load: values.has('--load'), batch, concurrency };
}

const n = (x: number) => x.toLocaleString('en-US');

async function load(input: IngestInput, batchSize: number, concurrency: number): Promise<void> {
  await withDatabase(async (exec) => {
    const bar = new cliProgress.SingleBar(
      { format: 'bulk load [{bar}] {value}/{total} records | {rate} records/s | {eta_formatted} left', noTTYOutput: true, notTTYSchedule: 5000 },
      cliProgress.Presets.shades_classic,
    );
    const t0 = performance.now();
    let started = false;
    const result = await bulkLoad(exec, SYSTEM_VIEWER, input, {
      batchSize,
      concurrency,
      onProgress: (done, total) => {
        if (!started) bar.start(total, 0, { rate: 0 });
        started = true;
        bar.update(done, { rate: Math.round(done / Math.max((performance.now() - t0) / 1000, 0.001)) });
      },
    });
    bar.stop();
    const accessCount = input.access?.length ?? 0;
    console.log(
      `Bulk-loaded ${n(result.records)} records in ${result.seconds.toFixed(1)} s: ${n(Math.round(result.perSecond))} records/s ` +
        `(batches of ${n(batchSize)}, ${concurrency} at once; ${n(accessCount)} access records, ${n(Math.round(accessCount / result.seconds))} access records/s over the whole load).`,
    );
  });
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const t0 = performance.now();
  const input = generate(opts.scale, opts.seed);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`Generated ${opts.scale} (seed ${opts.seed}) in ${seconds.toFixed(1)} s, source ${JSON.stringify(input.source)}:`);
  let total = 0;
  for (const list of LISTS) {
    const count = input[list]?.length ?? 0;
    total += count;
    console.log(`  ${list.padEnd(11)} ${n(count).padStart(10)}`);
  }
  console.log(`  ${'total'.padEnd(11)} ${n(total).padStart(10)}`);

  if (opts.out) {
    const t1 = performance.now();
    const { files, chars } = writeInput(input, opts.out);
    console.log(`Wrote ${n(chars)} characters to ${files.join(', ')} in ${((performance.now() - t1) / 1000).toFixed(1)} s.`);
    console.log(`Load it with: npm run import -- ${files.join(' ')}`);
  }
  if (opts.load) await load(input, opts.batch, opts.concurrency);
  if (!opts.out && !opts.load) console.log('Nothing written (add --out FILE and/or --load).');
}

main().catch((err: Error) => {
  console.error(`generate failed: ${err.message}`);
  process.exit(1);
});
