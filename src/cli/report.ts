/**
 * npm run report -- --tenant ID [--format md|csv|json] [--out FILE|-] [--as-of INSTANT] [--max-depth N]
 *
 * Writes the evidence pack of one tenant (src/report/): who can reach it,
 * through which path, approved by whom, justified how, expiring when, last
 * certified when; its findings with their framework controls; and the date
 * of the evidence. It reads exactly what that tenant's auditor may see, so it
 * can be handed to the client. Markdown by default, written to a file named
 * after the tenant and the date of the evidence (its path is printed), or to
 * --out FILE; `--out -` prints it. Writing a file by default is deliberate:
 * `npm run` prints its own banner on standard output, so `npm run report >
 * pack.json` would not be a valid JSON file. Uses NEO4J_URI, or the
 * project's local Neo4j (started if needed, and stopped again if this
 * started it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { collectPack } from '../report/collect';
import { formatPack, PACK_FORMATS, type PackFormat } from '../report/format';
import { createApollo } from '../server/app';
import { parseInstant } from '../time';
import { cli, usageError } from './args';
import { withDatabase } from './database';

const USAGE = 'usage: npm run report -- --tenant ID [--format md|csv|json] [--out FILE|-] [--as-of 2026-06-30T00:00:00Z] [--max-depth 1..16]';

function fail(message: string): never {
  return usageError(USAGE, message);
}

async function main(): Promise<void> {
  const { values, positionals } = cli(USAGE, { tenant: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'as-of': { type: 'string' }, 'max-depth': { type: 'string' } });
  if (positionals.length > 0) fail(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!values.tenant) fail('--tenant is required');
  const format = (values.format ?? 'md') as PackFormat;
  if (!PACK_FORMATS.includes(format)) fail(`--format must be one of ${PACK_FORMATS.join(', ')}`);
  const asOf = values['as-of'];
  if (asOf !== undefined && parseInstant(asOf) === null) fail('--as-of must be an RFC 3339 date-time with a time zone');
  const maxDepth = values['max-depth'] === undefined ? 8 : Number(values['max-depth']);
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > 16) fail('--max-depth must be 1..16');

  const text = await withDatabase(async (exec) => {
    const apollo = createApollo();
    await apollo.start();
    try {
      return formatPack(await collectPack(exec, apollo, { tenantId: values.tenant!, asOf, maxDepth }), format);
    } finally {
      await apollo.stop();
    }
  });
  if (values.out === '-') {
    process.stdout.write(text);
    return;
  }
  const file = path.resolve(values.out ?? defaultFile(values.tenant!, asOf, format));
  fs.writeFileSync(file, text);
  console.error(`Wrote the evidence pack of ${values.tenant} to ${file}`);
}

/** evidence-<tenant>-<date of the evidence>.<format> in the current folder; the tenant id is reduced to characters safe in a file name (so no id can name another folder). */
function defaultFile(tenantId: string, asOf: string | undefined, format: PackFormat): string {
  const date = new Date(asOf === undefined ? Date.now() : parseInstant(asOf)!).toISOString().slice(0, 10);
  return `evidence-${tenantId.replace(/[^A-Za-z0-9_-]+/g, '-')}-${date}.${format}`;
}

main().catch((err: Error & { extensions?: { code?: string } }) => {
  console.error(err.extensions?.code ? `${err.extensions.code}: ${err.message}` : `report failed: ${err.message}`);
  process.exit(1);
});
