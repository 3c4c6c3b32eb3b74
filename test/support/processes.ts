/**
 * Child processes for tests of the command-line tools (npm start...): their
 * output as it comes, their exit, and waiting for either.
 */
import { spawn, type SpawnOptions } from 'node:child_process';

export interface Started {
  pid: number;
  /** Everything printed so far, standard output and error interleaved. */
  output(): string;
  /** Resolves with the exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  /** Resolves once `text` has been printed; rejects after `ms` or when the process ends first. */
  printed(text: string, ms?: number): Promise<void>;
}

export function startProcess(command: string, args: string[], options: SpawnOptions): Started {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let ended = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => ((ended = true), resolve(code))));
  const printed = (text: string, ms = 120_000) =>
    until(() => {
      if (out.includes(text)) return true;
      if (ended) throw new Error(`the process ended without printing ${JSON.stringify(text)}:\n${out}`);
      return false;
    }, ms, `${JSON.stringify(text)} in:\n${out}`);
  return { pid: child.pid!, output: () => out, exited, printed };
}

/** Polls `check` until it holds; fails naming `what` after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    if (check()) return;
    if (Date.now() - t0 > ms) throw new Error(`gave up after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
