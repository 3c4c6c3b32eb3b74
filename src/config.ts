/**
 * Configuration from the environment, read once. Every variable is listed in
 * the README's Configuration section.
 */
export interface Config {
  port: number;
  host: string;
  neo4j: {
    /** Unset: the project starts its own local Neo4j (tools/neo4j). */
    uri: string | undefined;
    username: string;
    password: string;
    database: string | undefined;
    /** Per-transaction timeout, so no query can hold the database forever. */
    txTimeoutMs: number;
  };
}

function intFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

export function loadConfig(): Config {
  return {
    port: intFrom('PORT', 4000),
    host: process.env.HOST || '127.0.0.1',
    neo4j: {
      uri: process.env.NEO4J_URI || undefined,
      username: process.env.NEO4J_USERNAME || 'neo4j',
      password: process.env.NEO4J_PASSWORD || 'neo4j',
      database: process.env.NEO4J_DATABASE || undefined,
      txTimeoutMs: intFrom('NEO4J_TX_TIMEOUT_MS', 30_000),
    },
  };
}
