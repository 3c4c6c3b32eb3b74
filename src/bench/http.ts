/**
 * The benchmark's HTTP client: node:http with a keep-alive agent of its own.
 * Not fetch: the benchmark shares this 2-core machine with the API processes
 * it measures, and every millisecond of CPU its client spends is one they
 * lack. Asking the API the bench's whoCanReach one at a time (medium graph,
 * 2026-12-07), fetch spent 1.0 to 1.5 ms of the benchmark's CPU per request
 * and this 0.4 to 0.8 ms; at concurrency 8 against two API processes, fetch
 * took about a third of a core.
 */
import http from 'node:http';

/**
 * Idle connections are closed after 4 s, before any server here closes them
 * (a bare Node.js server after 5 s, the API after 65 s), so a request never
 * goes out on a connection the server is just closing.
 */
const agent = new http.Agent({ keepAlive: true, timeout: 4_000 });

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One request; rejects with the socket's error (its code in the message) when no answer came. */
export function httpRequest(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const sent = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = http.request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method, agent, headers: sent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => reject(new Error(`${method} ${url}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '))));
    req.end(body);
  });
}

/** A JSON POST, its answer parsed. */
export async function postJson<T>(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  const res = await httpRequest(url, 'POST', { 'content-type': 'application/json', ...headers }, JSON.stringify(payload));
  return { status: res.status, json: JSON.parse(res.body) as T };
}
