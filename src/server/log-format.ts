/**
 * The terminal form of the logs (PATHWARDEN_LOG_FORMAT=pretty): each JSON
 * line pino writes becomes one short line a person can scan while tokens
 * and examples printed at start-up stay readable above it:
 *
 *   14:02:07 INFO  POST /graphql 200 12 ms test-admin ADMIN id 3f0c...
 *   14:02:09 WARN  client error code=BAD_USER_INPUT reason=GRAPHQL_PARSE_FAILED id 8e21...
 *
 * It formats in the main thread (no pino transport worker) so a line is
 * written before the process can exit, as with JSON lines. The JSON form
 * stays the one for log collectors: every field is there, nothing dropped.
 */
import type { DestinationStream } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, or that the short form shows in its own place. */
const SHOWN = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname', 'req', 'res', 'responseTime', 'viewer', 'role', 'err', 'reqId', 'code']);

type Line = Record<string, unknown> & {
  level?: number;
  time?: number;
  msg?: string;
  req?: { id?: string; correlationId?: string; method?: string; path?: string };
  res?: { statusCode?: number };
  err?: { message?: string; stack?: string };
};

/** One JSON log line as a short human-readable line (the input itself when it is not JSON). */
export function prettyLine(json: string): string {
  let line: Line;
  try {
    line = JSON.parse(json) as Line;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = new Date(line.time ?? Date.now()).toTimeString().slice(0, 8);
  const level = (LEVELS[line.level ?? 30] ?? String(line.level)).padEnd(5);
  const parts: string[] = [time, level];
  if (line.req && line.res) {
    parts.push(`${line.req.method} ${line.req.path} ${line.res.statusCode} ${line.responseTime} ms`);
  } else {
    parts.push(line.msg ?? '');
  }
  if (line.viewer) parts.push(`${line.viewer} ${line.role ?? ''}`.trim());
  if (line.code) parts.push(`code=${line.code}`);
  for (const [key, value] of Object.entries(line)) {
    if (!SHOWN.has(key) && value !== undefined) parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const id = line.req?.id ?? line.reqId;
  if (id) parts.push(`id ${id}`);
  if (line.req?.correlationId) parts.push(`correlation ${line.req.correlationId}`);
  let text = parts.join(' ');
  // An internal error keeps its stack: the operator needs it, and it is the one multi-line entry.
  if (line.err) text += `: ${line.err.message ?? ''}${line.err.stack ? `\n${line.err.stack.replace(/^/gm, '    ')}` : ''}`;
  return `${text}\n`;
}

/** A pino destination writing the short form to `out`. */
export function prettyDestination(out: DestinationStream): DestinationStream {
  return { write: (chunk: string) => out.write(prettyLine(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk)) };
}
