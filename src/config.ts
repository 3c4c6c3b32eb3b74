/**
 * Configuration from the environment, read once. Every variable is listed in
 * the README (Configuration, and Security model for the security ones).
 */
import os from 'node:os';
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
  /** API processes serving one port (npm start; src/server/workers.ts): 1, or one per core with "auto". */
  workers: number;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are closed (server/shutdown.ts). */
  shutdownGraceMs: number;
  security: SecurityConfig;
  log: LogConfig;
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
    /** Longest lifetime (exp - iat, or exp - now without iat) a token may have: a stolen long-lived token is a standing credential. */
    maxLifetimeSeconds: number;
    /** How far a token's iat may lie in the future (the issuer's clock may run a little ahead). */
    clockSkewSeconds: number;
    /** How long a verified token is trusted without checking its signature again (never past its exp); 0: every request. */
    cacheMs: number;
  };
  /** How long a verified API key is trusted without a database lookup (revocation through this process is immediate). */
  apiKeyCacheMs: number;
  introspection: boolean;
  ide: boolean;
  /** Serve the console (src/console) at /: a client of /graphql that holds no secret, so on in production too. */
  console: boolean;
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

/** 24 hours: a day's work; npm start's demo tokens last 12. */
export const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 86_400;
export const DEFAULT_JWT_CLOCK_SKEW_SECONDS = 60;

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
      maxLifetimeSeconds: intFrom('PATHWARDEN_JWT_MAX_LIFETIME_SECONDS', DEFAULT_JWT_MAX_LIFETIME_SECONDS),
      clockSkewSeconds: intFrom('PATHWARDEN_JWT_CLOCK_SKEW_SECONDS', DEFAULT_JWT_CLOCK_SKEW_SECONDS),
      cacheMs: intFrom('PATHWARDEN_JWT_CACHE_MS', 60_000),
    },
    apiKeyCacheMs: intFrom('PATHWARDEN_API_KEY_CACHE_MS', 5_000),
    introspection: boolFrom('PATHWARDEN_INTROSPECTION', !production),
    ide: boolFrom('PATHWARDEN_IDE', !production),
    console: boolFrom('PATHWARDEN_CONSOLE', true),
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

export interface IngestConfig {
  /**
   * The largest share (percent) of a source's access records and owner links
   * in force that one sync may revoke or remove without
   * `syncAllowLargeRevocation: true`: a pipeline that sends half its state
   * by mistake must not revoke the other half.
   */
  syncMaxRevokedPercent: number;
}

export const DEFAULT_SYNC_TX_TIMEOUT_MS = 3_600_000;

export const DEFAULT_SYNC_MAX_REVOKED_PERCENT = 10;

export function loadIngestConfig(): IngestConfig {
  const percent = intFrom('PATHWARDEN_SYNC_MAX_REVOKED_PERCENT', DEFAULT_SYNC_MAX_REVOKED_PERCENT);
  if (percent > 100) throw new Error(`PATHWARDEN_SYNC_MAX_REVOKED_PERCENT must be 0 to 100, got ${percent}`);
  return { syncMaxRevokedPercent: percent };
}

/**
 * The time limit of each transaction of a whole-source sync (`npm run
 * import -- --sync`): its staging batches, and its one publishing
 * transaction, which relabels every new record and writes every changed one
 * of a whole source, and so may run far longer than an API call's
 * NEO4J_TX_TIMEOUT_MS; 0: none.
 */
export function loadSyncTxTimeoutMs(): number {
  return intFrom('PATHWARDEN_SYNC_TX_TIMEOUT_MS', DEFAULT_SYNC_TX_TIMEOUT_MS);
}

export const DEFAULT_SYNC_LEASE_MS = 60_000;

/**
 * How long the sync lease of a whole-source sync (ingest/sync-lease.ts) lasts
 * unless renewed: the importer renews it every third of this while it runs,
 * so a sync that died (SIGKILL, a lost machine) stops blocking writes at
 * most this long after its last renewal.
 */
export function loadSyncLeaseMs(): number {
  const ms = intFrom('PATHWARDEN_SYNC_LEASE_MS', DEFAULT_SYNC_LEASE_MS);
  if (ms < 1000) throw new Error(`PATHWARDEN_SYNC_LEASE_MS must be at least 1000, got ${ms}`);
  return ms;
}

/**
 * Settings of the reach index and the findings cache. Read at each call, not
 * once: tests (and the benchmark's second API) switch them per process or
 * per request.
 */
export const REACH_MODES = ['index', 'neo4j'] as const;
export type ReachMode = (typeof REACH_MODES)[number];

/** PATHWARDEN_REACH: answer reach from the in-memory index (default) or level by level in Neo4j (the reference). */
export function reachModeSetting(): ReachMode {
  return oneOf('PATHWARDEN_REACH', REACH_MODES, 'index');
}

/** PATHWARDEN_GRAPHQL_EXECUTOR: run operations compiled by graphql-jit (default) or with graphql-js's interpreter (src/server/execution.ts). */
export const GRAPHQL_EXECUTORS = ['jit', 'graphql-js'] as const;
export type GraphqlExecutor = (typeof GRAPHQL_EXECUTORS)[number];

export function graphqlExecutorSetting(): GraphqlExecutor {
  return oneOf('PATHWARDEN_GRAPHQL_EXECUTOR', GRAPHQL_EXECUTORS, 'jit');
}

/** PATHWARDEN_INDEX_STALENESS_MS (1000): how long the reach index is trusted before the stored version is read again. */
export function indexStalenessMs(): number {
  return intFrom('PATHWARDEN_INDEX_STALENESS_MS', 1_000);
}

/**
 * PATHWARDEN_INDEX_LOAD_TIMEOUT_MS (600000): the time limit of one full load of
 * the reach index (one read of the whole graph), instead of NEO4J_TX_TIMEOUT_MS:
 * at a million records a load takes tens of seconds, more on a busy machine, and
 * a load stopped at the per-query limit would only be started again. 0: none.
 */
export function indexLoadTimeoutMs(): number {
  return intFrom('PATHWARDEN_INDEX_LOAD_TIMEOUT_MS', 600_000);
}

/**
 * PATHWARDEN_FEED_MAX_IDS (50000): the most ids (entities, access records,
 * owned entities) one change-feed entry lists (src/reach/index/feed.ts); a
 * write touching more appends an entry that says "reload", and a process
 * catching up over more than this many ids reloads instead of patching.
 */
export function feedMaxIds(): number {
  return intFrom('PATHWARDEN_FEED_MAX_IDS', 50_000);
}

/**
 * PATHWARDEN_FEED_RETENTION_MS (900000, 15 minutes): how long change-feed
 * entries are kept (the feed's horizon). A process behind by more reloads its
 * whole reach index. Writers prune older entries, a few at a time.
 */
export function feedRetentionMs(): number {
  return intFrom('PATHWARDEN_FEED_RETENTION_MS', 900_000);
}

/** PATHWARDEN_FINDINGS_CACHE_MS (60000): how long one findings report is shared between requests; 0 computes each anew. */
export function findingsCacheMs(): number {
  return intFrom('PATHWARDEN_FINDINGS_CACHE_MS', 60_000);
}

/**
 * PATHWARDEN_REPORT_SLICE_MS (20): a findings or unaccountable-paths report
 * over a large graph runs for this long at most before other requests are
 * answered; 0 gives way at every step (tests).
 */
export function reportSliceMs(): number {
  return intFrom('PATHWARDEN_REPORT_SLICE_MS', 20);
}

/** pino's levels; `silent` logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** `json`: one JSON object a line, for log collectors; `pretty`: one short line a request, for a person at a terminal. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogConfig {
  level: LogLevel;
  format: LogFormat;
}

/** PATHWARDEN_LOG_LEVEL (info) and PATHWARDEN_LOG_FORMAT (pretty when stdout is a terminal, json otherwise). */
export function loadLogConfig(terminal = Boolean(process.stdout.isTTY)): LogConfig {
  return {
    level: oneOf('PATHWARDEN_LOG_LEVEL', LOG_LEVELS, 'info'),
    format: oneOf('PATHWARDEN_LOG_FORMAT', LOG_FORMATS, terminal ? 'pretty' : 'json'),
  };
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
}

/**
 * V8 options every API process runs with: `npm start` (package.json), the
 * Docker image (Dockerfile) and the benchmark's API (bench/api.ts) pass them
 * on node's command line, and processes forked from it (server/workers.ts)
 * inherit them; test/docker.test.ts checks the three agree with this list.
 * A young generation of 32 MB semi-spaces (V8 sizes it from the heap bound,
 * smaller, otherwise): a request's garbage is then collected in fewer
 * scavenges, each of which also walks the old generation's pointers into the
 * young one, and the reach index makes that large. Measured on the medium
 * graph (docs/performance.md, "Garbage collection per request"): whoCanReach
 * one at a time, p95 2.5 against 4.2 ms; up to 64 MB more resident memory.
 */
export const API_V8_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** PATHWARDEN_WORKERS: a positive integer, or "auto" (one per core the process may use). */
export function workersFrom(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  if (raw === 'auto') return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`PATHWARDEN_WORKERS must be "auto" or a whole number from 1 to 64, got ${JSON.stringify(raw)}`);
  return n;
}

/** Where Neo4j is and how to sign in (NEO4J_*): the API's, and that of every tool that connects beside it. */
export function loadNeo4jConfig(): Config['neo4j'] {
  return {
    uri: process.env.NEO4J_URI || undefined,
    username: process.env.NEO4J_USERNAME || 'neo4j',
    password: process.env.NEO4J_PASSWORD || 'neo4j',
    database: process.env.NEO4J_DATABASE || undefined,
    txTimeoutMs: intFrom('NEO4J_TX_TIMEOUT_MS', 30_000),
    unavailableMs: intFrom('NEO4J_FAIL_FAST_MS', 2_000),
  };
}

/** The benchmark's own settings (npm run bench, npm run soak; README, "Synthetic graphs and the benchmark"). */
export interface BenchConfig {
  /** The local Neo4j the benchmark starts (NEO4J_BENCH_PORT; its ingest and sync loads take the next two ports). */
  neo4jPort: number;
  /** The first port of the API processes it starts (BENCH_API_PORT; it uses up to ten from there). */
  apiPort: number;
  /** Each API process's heap bound in MiB (BENCH_API_HEAP_MB): the benchmark checks a memory target, so the API gets a bound of its own. */
  apiHeapMb: number;
  /** Node options for the API processes alone (BENCH_API_NODE_FLAGS), such as `--cpu-prof --cpu-prof-dir=/tmp/prof`: NODE_OPTIONS refuses those. */
  apiNodeFlags: string[];
}

export function loadBenchConfig(): BenchConfig {
  return {
    neo4jPort: intFrom('NEO4J_BENCH_PORT', 7760),
    apiPort: intFrom('BENCH_API_PORT', 4610),
    apiHeapMb: intFrom('BENCH_API_HEAP_MB', 768),
    apiNodeFlags: (process.env.BENCH_API_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  };
}

export function loadConfig(): Config {
  return {
    port: intFrom('PORT', 4000),
    host: process.env.HOST || '127.0.0.1',
    neo4j: loadNeo4jConfig(),
    workers: workersFrom(process.env.PATHWARDEN_WORKERS),
    shutdownGraceMs: intFrom('PATHWARDEN_SHUTDOWN_GRACE_MS', DEFAULT_SHUTDOWN_GRACE_MS),
    security: loadSecurityConfig(),
    log: loadLogConfig(),
  };
}
