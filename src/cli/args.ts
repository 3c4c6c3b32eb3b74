/**
 * The command line of the npm run scripts, one way: node's own parseArgs,
 * and a usage error (the problem, then the usage text, exit code 2) for
 * anything it or the command refuses.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Prints `message` and the usage, and exits 2. */
export function usageError(usage: string, message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

/** The flags and positionals, or a usage error naming what parseArgs refused. */
export function cli<O extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: O) {
  try {
    return parseArgs({ options, allowPositionals: true });
  } catch (err) {
    return usageError(usage, (err as Error).message);
  }
}
