/**
 * The demo as `npm start` loads it (src/cli/start.ts, DEMO_DATA): the CSV
 * batch, then the GDAP batch (its ids map onto the CSV batch's tenants and
 * people), each through the ingest mutation; with its audit history unless
 * `history` is false.
 */
import { demoGdap, demoGraph } from '../../src/demo/demo-graph';
import { loadDemoHistory } from '../../src/demo/demo-history';
import type { IngestInput } from '../../src/generated/graphql';
import type { Harness } from './harness';

/** Every batch of the demo, in load order. */
export const demoBatches: readonly IngestInput[] = [demoGraph as IngestInput, demoGdap as IngestInput];

/** Empties the database, then loads the demo's batches (at `now`, if given). */
export async function resetToDemo(h: Harness, options: { now?: string; history?: boolean } = {}): Promise<void> {
  await h.reset();
  for (const batch of demoBatches) await h.load(batch, options.now);
  if (options.history !== false) await loadDemoHistory(h.exec);
}
