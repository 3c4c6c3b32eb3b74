/**
 * An API listening on a loopback port, for the metrics tests: scrape its
 * /metrics as a Prometheus server would and read the exposition back
 * (exposition.ts), or send it GraphQL.
 */
import type { AddressInfo } from 'node:net';
import type { Executor } from '../../src/db/executor';
import { createApi, type Api } from '../../src/server/app';
import { parseExposition, type Family } from './exposition';
import { testSecurity } from './security';

export interface Served {
  api: Api;
  base: string;
  /** GET /metrics with a bearer credential (none when undefined). */
  get(credential?: string): Promise<Response>;
  /** A scrape read back; fails the test unless it answered 200 in the text format. */
  scrape(credential: string): Promise<Map<string, Family>>;
  post(credential: string | undefined, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function serve(exec: Executor): Promise<Served> {
  const api = await createApi(exec, { security: testSecurity() });
  await new Promise<void>((resolve) => api.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}`;
  const auth = (credential?: string): Record<string, string> => (credential ? { authorization: `Bearer ${credential}` } : {});
  const get = (credential?: string) => fetch(`${base}/metrics`, { headers: auth(credential) });
  return {
    api,
    base,
    get,
    async scrape(credential) {
      const res = await get(credential);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${text}`);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      return parseExposition(text);
    },
    post: (credential, body) => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(credential) }, body: JSON.stringify(body) }),
    close: async () => {
      await api.apollo.stop();
      api.metrics.close();
    },
  };
}
