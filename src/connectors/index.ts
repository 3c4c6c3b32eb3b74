/**
 * The formats `npm run import -- --format NAME` reads, by name. Each is a
 * Connector (connector.ts): it only turns its files into native documents
 * with the origin of each record; checking and writing are src/ingest's.

 */
import type { Connector } from './connector';
import { csvConnector } from './csv/csv';
import { gdapConnector } from './gdap';
import { nativeConnector } from './native';

export const CONNECTORS: Readonly<Record<string, Connector>> = {
  native: nativeConnector,
  csv: csvConnector,
  gdap: gdapConnector,
};

export const DEFAULT_FORMAT = 'native';

/** The connector for --format NAME, or a sentence saying why there is none. */
export function connectorFor(format: string): Connector | string {
  const connector = Object.prototype.hasOwnProperty.call(CONNECTORS, format) ? CONNECTORS[format] : undefined;
  if (connector) return connector;
  const known = Object.keys(CONNECTORS).join(', ');
  return `unknown --format ${JSON.stringify(format)} (formats: ${known})`;
}
