/**
 * npm run export -- --format bloodhound-opengraph FILE [--tenant ID] [--as-of INSTANT] [--force]
 *
 * Writes the graph as BloodHound OpenGraph JSON (src/export/opengraph.ts,
 * docs/export.md): every entity, and every access record present at the
 * instant (now by default). With --tenant, only what that tenant's auditor
 * may see, so the file can be handed to the client. An existing FILE is
 * refused without --force. Uses NEO4J_URI, or the project's local Neo4j
 * (started if needed, and stopped again if this started it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { exportOpenGraph } from '../export/opengraph';
import { INSTANT_FORMAT, parseInstant } from '../time';
import { cli, usageError } from './args';
import { withDatabase } from './database';

const FORMATS = ['bloodhound-opengraph'] as const;
const USAGE = 'usage: npm run export -- --format bloodhound-opengraph FILE [--tenant ID] [--as-of 2026-06-30T00:00:00Z] [--force]';

function fail(message: string): never {
  return usageError(USAGE, message);
}

async function main(): Promise<void> {
  const { values, positionals } = cli(USAGE, { format: { type: 'string' }, tenant: { type: 'string' }, 'as-of': { type: 'string' }, force: { type: 'boolean' } });
  if (values.format === undefined) fail('--format is required');
  if (!(FORMATS as readonly string[]).includes(values.format)) fail(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
  if (positionals.length !== 1) fail(positionals.length === 0 ? 'FILE is required' : `one FILE only, got ${positionals.length}`);
  const asOf = values['as-of'] === undefined ? undefined : parseInstant(values['as-of']);
  if (asOf === null) fail(`--as-of must be ${INSTANT_FORMAT}`);
  const file = path.resolve(positionals[0]);
  if (fs.existsSync(file) && !values.force) fail(`${file} exists: choose another FILE, or --force to overwrite it`);
  if (!fs.existsSync(path.dirname(file))) fail(`${path.dirname(file)} does not exist`);

  const graph = await withDatabase((exec) => exportOpenGraph(exec, { tenantId: values.tenant, asOf }));
  fs.writeFileSync(file, JSON.stringify(graph));
  const scope = values.tenant ? ` (tenant ${values.tenant}, as its auditor sees it)` : '';
  console.error(`Wrote ${graph.graph.nodes.length} nodes and ${graph.graph.edges.length} edges${scope} to ${file}`);
}

main().catch((err: Error & { extensions?: { code?: string } }) => {
  console.error(err.extensions?.code ? `${err.extensions.code}: ${err.message}` : `export failed: ${err.message}`);
  process.exit(1);
});
