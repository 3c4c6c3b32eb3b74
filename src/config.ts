/**
 * Configuration from the environment, read once. Every variable is listed in
 * the README (Configuration, and Security model for the security ones).
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
    /** While the database is unreachable, the API answers every request within this bound (DATABASE_UNAVAILABLE); 0 waits out the driver's retries. */
    unavailableMs: number;
  };
  security: SecurityConfig;
}

export interface SecurityConfig {
  production: boolean;
  jwt: {
    /** HS256 shared secret (at least 32 characters), for small installs. */
    secret: string | undefined;
    /** JWKS URL of an identity provider (RS256/ES256 keys). */
    jwksUrl: string | undefined;
    issuer: string | undefined;
    audience: string;
  };
  /** How long a verified API key is trusted without a database lookup (revocation through this process is immediate). */
  apiKeyCacheMs: number;
  introspection: boolean;
  ide: boolean;
  /** Express's `trust proxy` setting, so the client address (failed-authentication limit, logs) is the real one behind a proxy. */
  trustProxy: boolean | number | string;
  limits: Limits;
}

export interface Limits {
  /** Deepest field nesting an operation may have. */
  depth: number;
  /** Highest estimated cost (server/limits.ts) an operation may have. */
  cost: number;
  /** Most lexical tokens a query document may have (refused while parsing). */
  tokens: number;
  /** Most operations one batched HTTP request may carry. */
  batch: number;
  /** Largest request body, in the `bytes` notation (e.g. 8mb). */
  body: string;
  /** Operations per minute per credential. */
  ratePerMinute: number;
  /** Failed authentications per minute per client address before it is refused outright. */
  authFailuresPerMinute: number;
}

export function intFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

function boolFrom(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

/** false (default: the peer address is the client), true, a hop count, or Express's list of trusted addresses/subnets. */
function trustProxyFrom(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export const DEFAULT_LIMITS: Limits = {
  depth: 12,
  cost: 100_000,
  tokens: 5_000,
  batch: 10,
  body: '8mb',
  ratePerMinute: 1_200,
  authFailuresPerMinute: 30,
};

export function loadSecurityConfig(): SecurityConfig {
  const production = process.env.NODE_ENV === 'production';
  const secret = process.env.PATHWARDEN_JWT_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) throw new Error('PATHWARDEN_JWT_SECRET must be at least 32 characters');
  return {
    production,
    jwt: {
      secret,
      jwksUrl: process.env.PATHWARDEN_JWKS_URL || undefined,
      issuer: process.env.PATHWARDEN_JWT_ISSUER || undefined,
      audience: process.env.PATHWARDEN_JWT_AUDIENCE || 'pathwarden',
    },
    apiKeyCacheMs: intFrom('PATHWARDEN_API_KEY_CACHE_MS', 5_000),
    introspection: boolFrom('PATHWARDEN_INTROSPECTION', !production),
    ide: boolFrom('PATHWARDEN_IDE', !production),
    trustProxy: trustProxyFrom(process.env.PATHWARDEN_TRUST_PROXY),
    limits: {
      depth: intFrom('PATHWARDEN_MAX_QUERY_DEPTH', DEFAULT_LIMITS.depth),
      cost: intFrom('PATHWARDEN_MAX_QUERY_COST', DEFAULT_LIMITS.cost),
      tokens: intFrom('PATHWARDEN_MAX_QUERY_TOKENS', DEFAULT_LIMITS.tokens),
      batch: intFrom('PATHWARDEN_MAX_BATCH', DEFAULT_LIMITS.batch),
      body: process.env.PATHWARDEN_BODY_LIMIT || DEFAULT_LIMITS.body,
      ratePerMinute: intFrom('PATHWARDEN_RATE_LIMIT_PER_MINUTE', DEFAULT_LIMITS.ratePerMinute),
      authFailuresPerMinute: intFrom('PATHWARDEN_AUTH_FAILURES_PER_MINUTE', DEFAULT_LIMITS.authFailuresPerMinute),
    },
  };
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
      unavailableMs: intFrom('NEO4J_FAIL_FAST_MS', 2_000),
    },
    security: loadSecurityConfig(),
  };
}
