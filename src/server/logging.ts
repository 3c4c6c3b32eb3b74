/**
 * Structured logs (pino): one line per HTTP request with the server's
 * request id, the caller's correlation id (when sent), the caller's id and
 * role, the status, the refusal code and the time taken; one line per
 * mutation with its caller; one warning per client error (its code, never
 * its message, which can quote a variable's value); every internal error
 * with its stack. Never a secret: no headers (Authorization), no bodies, no
 * query strings, no variables.
 *
 * Where lines go is chosen by the caller: `createLogger` takes any pino
 * destination (tests capture lines in memory); `processLogger` is the
 * process's own, on stdout, as LogConfig says (JSON lines, or one short line
 * a request when a person watches a terminal: server/log-format.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Principal } from '../core/viewer';
import { loadLogConfig, type LogConfig } from '../config';
import { prettyDestination } from './log-format';

export type { Logger };

export function createLogger(cfg: LogConfig, destination?: DestinationStream): Logger {
  const options = {
    level: cfg.level,
    base: { app: 'pathwarden' },
    // Belt and braces: nothing below should ever log these, and if it did they are masked.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'token', 'secret', '*.token', '*.secret', 'variables', '*.variables'],
  };
  if (cfg.format === 'pretty') return pino(options, prettyDestination(destination ?? process.stdout));
  return destination ? pino(options, destination) : pino(options);
}

let shared: Logger | null = null;

/** The process's logger (stdout, configured from the environment on first use). */
export function processLogger(): Logger {
  return (shared ??= createLogger(loadLogConfig()));
}

/** A caller's X-Request-Id is kept, as correlationId, only when short and plain; it never replaces the server's own id. */
const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's correlation id, or null when none (or an unsafe one) was sent. */
export function correlationIdOf(req: IncomingMessage): string | null {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : null;
}

/** Marks the response with the error code it refused with, for its request line (see refuse in server/app.ts). */
export function noteRefusal(res: ServerResponse & { locals?: Record<string, unknown> }, code: string): void {
  if (res.locals) res.locals.errorCode = code;
}

export function httpLogger(logger: Logger) {
  return pinoHttp({
    logger,
    // Always the server's own: audit events and log lines are tied to it, so a caller cannot forge or reuse one.
    genReqId(_req: IncomingMessage, res: ServerResponse) {
      const id = randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customProps(req: IncomingMessage, res: ServerResponse) {
      const principal = (req as IncomingMessage & { principal?: Principal }).principal;
      const code = (res as ServerResponse & { locals?: { errorCode?: string } }).locals?.errorCode;
      return {
        ...(principal ? { viewer: principal.id, role: principal.role } : {}),
        ...(code ? { code } : {}),
      };
    },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string; raw: IncomingMessage }) => {
        const correlationId = correlationIdOf(req.raw);
        return { id: req.id, ...(correlationId ? { correlationId } : {}), method: req.method, path: (req.url ?? '').split('?')[0] };
      },
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' },
  });
}
