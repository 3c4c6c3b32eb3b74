/**
 * The fixed cost of a request (issue 13): what the API spends on every
 * request whatever it asks, measured against the least any HTTP service
 * must spend. In the same run, one request at a time:
 * - a bare Node.js HTTP server (its own process, no framework) answering a
 *   JSON echo of a GraphQL-sized body: the HTTP floor;
 * - the API answering `{ viewer { id } }` (authentication, parsing,
 *   validation, the operation guard, context, logging; no traversal);
 * - the API answering whoCanReach of leaf systems (the systems the fewest
 *   people reach): a real question whose traversal is nearly nothing;
 * - the in-process floor answering the same whoCanReach questions.
 * The floor of a leaf question over HTTP is the echo plus the in-process
 * floor; the target (docs/performance.md) compares the API's p95 with it.
 */
import { spawn } from 'node:child_process';
import { gql } from './api';
import { httpRequest } from './http';
import type { Floor } from './floor';
import { timed, timedSync, type Latency } from './stats';

export interface FixedCostFigures {
  echo: Latency;
  viewer: Latency;
  leafApi: Latency;
  leafFloor: Latency;
  leaves: number;
}

/** A bare Node.js JSON echo, in a process of its own so it shares nothing with the benchmark's event loop. */
const ECHO = `require('node:http').createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { const body = JSON.parse(Buffer.concat(chunks).toString('utf8')); res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ data: body })); });
}).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening'));`;

async function startEcho(port: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', ECHO, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the echo server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** The systems the fewest people reach (at least one), as many as `k`. */
export function leafSystems(floor: Floor, k: number): string[] {
  return floor
    .idsOfKind('SYSTEM')
    .map((id) => [id, floor.whoCanReach(id, 8, 0).people.length] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([id]) => id);
}

export async function fixedCost(apiUrl: string, floor: Floor, wcr: string, opts: { port: number; requests: number }): Promise<FixedCostFigures> {
  const leaves = leafSystems(floor, 20);
  const cycle = <T>(items: T[]) => Array.from({ length: opts.requests }, (_, i) => items[i % items.length]);
  const echo = await startEcho(opts.port);
  try {
    const body = JSON.stringify({ query: wcr, variables: { id: leaves[0] } });
    const post = () => httpRequest(echo.url, 'POST', { 'content-type': 'application/json' }, body).then((r) => JSON.parse(r.body));
    // Warm both sides (connections, JIT) before timing.
    for (let i = 0; i < 50; i++) await post(), await gql(apiUrl, wcr, { id: leaves[i % leaves.length] });
    return {
      echo: await timed(cycle([0]).map(() => post), 1),
      viewer: await timed(cycle([0]).map(() => () => gql(apiUrl, '{ viewer { id } }')), 1),
      leafApi: await timed(cycle(leaves).map((id) => () => gql(apiUrl, wcr, { id })), 1),
      leafFloor: timedSync(cycle(leaves), (id) => floor.whoCanReach(id, 8).json),
      leaves: leaves.length,
    };
  } finally {
    echo.stop();
  }
}
