/**
 * The real API (src/cli/start.ts) and the import CLI as child processes, for
 * tests that kill or stop them, and a plain HTTP client for the API.
 *
 * Each runs as `node --import tsx <script>`: one process, so the pid a test
 * signals (SIGKILL above all) is the program itself, not a launcher whose
 * child would live on.
 */
import path from 'node:path';
import { signToken } from '../../src/auth/tokens';
import type { ViewerRole } from '../../src/core/viewer';
import { startProcess, type Started } from './processes';
import { TEST_SECRET, testSecurity } from './security';

export const REPO = path.resolve(__dirname, '..', '..');

export interface ApiProcess extends Started {
  /** http://127.0.0.1:PORT */
  base: string;
}

/** A TypeScript entry point of this repository in a process of its own. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): Started {
  return startProcess(process.execPath, ['--import', 'tsx', path.join(REPO, script), ...args], { cwd: REPO, env });
}

/**
 * The environment of a child on the test database (NEO4J_URI) or, with
 * `local`, on a Neo4j of its own that npm start starts and stops. Tokens are
 * signed with the tests' secret; the rate limit and request logs are off.
 */
export function childEnv(extra: Record<string, string> = {}, local?: { port: number; dir: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    PATHWARDEN_JWT_SECRET: TEST_SECRET,
    PATHWARDEN_RATE_LIMIT_PER_MINUTE: '100000000',
    PATHWARDEN_LOG_LEVEL: 'warn',
    ...extra,
  };
  if (local) {
    delete env.NEO4J_URI;
    Object.assign(env, { NEO4J_LOCAL_PORT: String(local.port), NEO4J_LOCAL_DIR: local.dir, NEO4J_LOCAL_HEAP: '512m' });
  }
  return env;
}

/** Starts the API (npm start's script) and resolves once it serves. */
export async function startApi(env: NodeJS.ProcessEnv, flags: string[] = []): Promise<ApiProcess> {
  const run = runScript('src/cli/start.ts', flags, env);
  await run.printed('PathWarden is serving');
  const base = /PathWarden is serving (http:\/\/[\d.]+:\d+)\/graphql/.exec(run.output())![1];
  return { ...run, base };
}

export interface Answer {
  status: number;
  connection: string | null;
  body: any;
}

/** Posts one GraphQL operation as `role` (a token signed with the tests' secret). */
export async function post(base: string, query: string, variables: Record<string, unknown> = {}, role: ViewerRole = 'ADMIN'): Promise<Answer> {
  const token = await signToken(testSecurity().jwt, { sub: `test-${role.toLowerCase()}`, role }, '1h');
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, connection: res.headers.get('connection'), body: await res.json() };
}

/** GET /health. */
export async function health(base: string): Promise<Answer> {
  const res = await fetch(`${base}/health`);
  return { status: res.status, connection: res.headers.get('connection'), body: await res.json() };
}

/** Polls /health until it answers `status` (the API has begun draining: 503); that answer. */
export async function healthOnce(base: string, status: number, ms = 30_000): Promise<Answer> {
  const t0 = Date.now();
  for (;;) {
    const answer = await health(base);
    if (answer.status === status) return answer;
    if (Date.now() - t0 > ms) throw new Error(`/health still answers ${answer.status}, not ${status}, after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
