/**
 * What npm run backup and npm run restore share: their arguments (one FILE,
 * and --force), and the rule that they work on the project's local Neo4j
 * only. A Docker or external Neo4j is backed up with its own tools (README,
 * Operations): from here we could neither stop it nor reach its files.
 */
import { loadConfig } from '../config';

export interface DumpArgs {
  file: string;
  force: boolean;
}

export function dumpArgs(command: 'backup' | 'restore', argv: string[], forceMeans: string): DumpArgs {
  const usage = (message: string): never => {
    console.error(`${message}\nusage: npm run ${command} -- FILE [--force]   (--force: ${forceMeans})`);
    process.exit(2);
  };
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--force');
  if (unknown.length > 0) usage(`unknown option ${unknown.join(', ')}`);
  const files = argv.filter((a) => !a.startsWith('-'));
  if (files.length !== 1) usage(files.length === 0 ? 'no file given' : `one file only, got ${files.join(', ')}`);
  if (loadConfig().neo4j.uri) {
    console.error(
      `NEO4J_URI is set: npm run ${command} works on the project's local Neo4j only (tools/neo4j). ` +
        'Back up a Docker or external Neo4j (cluster, Aura) with its own tools: see README.md, Operations.',
    );
    process.exit(2);
  }
  return { file: files[0], force: argv.includes('--force') };
}

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
