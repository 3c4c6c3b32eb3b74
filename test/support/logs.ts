/**
 * Log lines as a test reads them: a logger built like the server's own
 * (server/logging.ts, same redaction) that writes into memory instead of
 * stdout. Give `logger` to createApi and read back what it wrote.
 */
import type { LogFormat } from '../../src/config';
import { createLogger, type Logger } from '../../src/server/logging';

export type LogLine = Record<string, any> & { level: number; msg: string };

export interface CapturedLogs {
  logger: Logger;
  /** Everything written so far, as written. */
  text(): string;
  /** Every line written so far, parsed (JSON format only). */
  lines(): LogLine[];
  /** Waits (up to 2 s) until some line satisfies `found`: a request's line is written when its response has finished, which may be just after the client has it. */
  waitFor(found: (line: LogLine) => boolean): Promise<void>;
}

export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

export function captureLogs(format: LogFormat = 'json'): CapturedLogs {
  const chunks: string[] = [];
  const logger = createLogger({ level: 'debug', format }, { write: (chunk: string) => void chunks.push(chunk) });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as LogLine);
  const waitFor = async (found: (line: LogLine) => boolean) => {
    const deadline = Date.now() + 2_000;
    while (!lines().some(found)) {
      if (Date.now() > deadline) throw new Error('no such log line within 2 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { logger, text, lines, waitFor };
}
