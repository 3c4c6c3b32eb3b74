/**
 * The API under test, as a separate process (so its resident memory is its
 * own), and a minimal GraphQL-over-HTTP client for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { signToken } from '../auth/tokens';
import { API_V8_FLAGS, loadBenchConfig } from '../config';
import { httpRequest, postJson } from './http';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  /** Highest resident set size seen so far, in bytes. */
  maxRss(): number;
  /** Resident set size now, in bytes. */
  rss(): number;
  /** What the API has printed (at log level warn: its warnings and errors). */
  output(): string;
  stop(): Promise<void>;
}

/** The benchmark calls every API it starts as an ADMIN (it reads the whole graph, as an ANALYST would, and also ingests), with a token signed by the one secret it gives them all. */
const secret = randomBytes(32).toString('base64url');
let authorization = '';

export async function startApi(neo4jUri: string, port: number, env: Record<string, string> = {}): Promise<ApiProcess> {
  authorization ||= `Bearer ${await signToken({ secret, audience: 'pathwarden', issuer: undefined, jwksUrl: undefined }, { sub: 'bench', role: 'ADMIN' }, '24h')}`;
  // The rate limit would throttle the benchmark itself, and a log line per request would fill its output buffer.
  const security = { PATHWARDEN_JWT_SECRET: secret, PATHWARDEN_JWT_AUDIENCE: 'pathwarden', PATHWARDEN_RATE_LIMIT_PER_MINUTE: '100000000', PATHWARDEN_LOG_LEVEL: 'warn' };
  const bench = loadBenchConfig();
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [...API_V8_FLAGS, ...bench.apiNodeFlags, 'src/cli/start.ts'], {
    cwd: ROOT,
    // The API gets a heap bound of its own (768 MiB unless BENCH_API_HEAP_MB says otherwise), not the benchmark's large one:
    // without a bound V8 lets garbage pile up to several GiB before collecting, which says nothing about what the API needs.
    env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${bench.apiHeapMb}`, NEO4J_URI: neo4jUri, PORT: String(port), HOST: '127.0.0.1', NEO4J_TX_TIMEOUT_MS: '120000', ...security, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const t0 = Date.now();
  while (!output.includes('PathWarden is serving')) {
    if (child.exitCode !== null) throw new Error(`the API exited during start-up:\n${output}`);
    if (Date.now() - t0 > 120_000) throw new Error(`the API did not start within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // tsx runs the API in a child of its own; its resident memory is the one that counts.
  let max = 0;
  const sampler = setInterval(() => (max = Math.max(max, rssOfTree(child.pid!))), 200);
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    child,
    maxRss: () => Math.max(max, rssOfTree(child.pid!)),
    rss: () => rssOfTree(child.pid!),
    output: () => output,
    async stop() {
      clearInterval(sampler);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Largest VmRSS among a process and its descendants (Linux /proc). */
function rssOfTree(pid: number): number {
  let max = 0;
  const visit = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      max = Math.max(max, kb * 1024);
      const children = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
    } catch {
      // the process ended meanwhile
    }
  };
  visit(pid);
  return max;
}

/** A bearer header for another role (the scoped-viewer measurements, the soak's cast), signed with the same secret. */
export async function bearerFor(claims: { role: 'ANALYST' | 'INGEST' | 'OWNER' | 'TENANT_AUDITOR'; person?: string; tenant?: string; sources?: string[] }): Promise<string> {
  return `Bearer ${await signToken({ secret, audience: 'pathwarden', issuer: undefined, jwksUrl: undefined }, { sub: `bench-${claims.role.toLowerCase()}`, ...claims }, '24h')}`;
}

export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, as = authorization): Promise<T> {
  const { json: body } = await postJson<{ data?: T; errors?: unknown[] }>(url, { query, variables }, { authorization: as });
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data as T;
}

/** The API's /metrics text (the benchmark's ADMIN may scrape it), for `url` its /graphql address. */
export async function metricsText(url: string): Promise<string> {
  const res = await httpRequest(url.replace(/\/graphql$/, '/metrics'), 'GET', { authorization });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.body;
}

/** An answer as the soak judges it: the HTTP status, the data, and the code of every error (TRANSPORT when there was no GraphQL answer). */
export interface Answer<T> {
  status: number;
  data: T | null;
  codes: string[];
  /** The errors' messages, for the soak's report of a failure. */
  messages: string[];
}

/** Like gql, but a refusal is an answer to look at, not an exception. */
export async function post<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, as = authorization): Promise<Answer<T>> {
  try {
    const { status, json: body } = await postJson<{ data?: T | null; errors?: { message?: string; extensions?: { code?: string } }[] }>(url, { query, variables }, { authorization: as });
    const errors = body.errors ?? [];
    return { status, data: body.data ?? null, codes: errors.map((e) => e.extensions?.code ?? 'NO_CODE'), messages: errors.map((e) => e.message ?? '') };
  } catch (err) {
    // No GraphQL answer: the connection failed (its code is in the message), or the body was not JSON.
    return { status: 0, data: null, codes: ['TRANSPORT'], messages: [(err as Error).message] };
  }
}

/** Every node of a connection, following endCursor (for correctness checks, not timed). */
export async function allPages<T>(fetchPage: (after: string | null) => Promise<{ edges: { node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}
