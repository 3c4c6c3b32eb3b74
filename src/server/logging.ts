/**
 * Structured logs (pino, JSON lines on stdout): one line per HTTP request
 * with its request id, the caller's id and role, the status and the time
 * taken; one line per mutation with its caller; and every internal error
 * with its request id. Never a secret: no headers (Authorization), no
 * bodies, no query strings. PATHWARDEN_LOG_LEVEL sets the level (info).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import type { Principal } from '../auth/viewer';

export const logger = pino({
  level: process.env.PATHWARDEN_LOG_LEVEL || 'info',
  base: { app: 'pathwarden' },
  // Belt and braces: nothing below should ever log these, and if it did they are masked.
  redact: ['req.headers.authorization', 'req.headers.cookie', 'token', 'secret', '*.token', '*.secret'],
});

/** A caller-supplied request id is kept when it is short and plain; otherwise a new one. */
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function httpLogger() {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customProps(req: IncomingMessage) {
      const principal = (req as IncomingMessage & { principal?: Principal }).principal;
      return principal ? { viewer: principal.id, role: principal.role } : {};
    },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' },
  });
}
