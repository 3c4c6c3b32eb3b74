/**
 * The formats `npm run import -- --format NAME` reads, by name. Each is a
 * Connector (connector.ts): it only turns its files into native documents
 * with the origin of each record; checking and writing are src/ingest's.
 *
 * `gdap` (Microsoft GDAP exports, issue 12) is written as its own connector
 * under src/connectors/gdap/ and registered here, in CONNECTORS, when it
 * lands; until then asking for it is a usage error that says so.
 */
import type { Connector } from './connector';
import { csvConnector } from './csv/csv';
import { nativeConnector } from './native';

export const CONNECTORS: Readonly<Record<string, Connector>> = {
  native: nativeConnector,
  csv: csvConnector,
  // gdap: gdapConnector,   (src/connectors/gdap/, registered at merge)
};

/** Formats the issue names that are not registered in this build: asking for one says so rather than "unknown". */
const PLANNED = ['gdap'];

export const DEFAULT_FORMAT = 'native';

/** The connector for --format NAME, or a sentence saying why there is none. */
export function connectorFor(format: string): Connector | string {
  const connector = Object.prototype.hasOwnProperty.call(CONNECTORS, format) ? CONNECTORS[format] : undefined;
  if (connector) return connector;
  const known = Object.keys(CONNECTORS).join(', ');
  if (PLANNED.includes(format)) return `--format ${format} is not available in this build (formats: ${known})`;
  return `unknown --format ${JSON.stringify(format)} (formats: ${known})`;
}
