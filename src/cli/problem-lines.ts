/**
 * How npm run import and npm run bulk-import print refused input: one line per problem, by
 * file, line and column when the format has them, else by list, index and
 * field as ingest names them.
 */
import type { SourceProblem } from '../connectors/connector';
import { problemPath } from '../errors';
import type { DocumentProblems, LocatedProblem } from '../ingest/import-files';

const where = (p: { file: string; line?: number; column?: string }) => `${p.file}${p.line !== undefined ? `, line ${p.line}` : ''}${p.column ? `, column ${p.column}` : ''}`;

export function sourceProblemLine(p: SourceProblem): string {
  return `  ${where(p)}: ${p.reason}`;
}

export function problemLine(p: LocatedProblem, several: boolean, document: string): string {
  const loc = p.location;
  if (!loc) return `  ${document}: ${p.field}: ${p.reason}`;
  if (loc.line !== undefined) return `  ${where(loc)}: ${p.reason}${p.id ? ` (id ${p.id})` : ''}`;
  return `  ${several || loc.file !== document ? `${loc.file}: ` : ''}${problemPath(p, true)}: ${p.reason}`;
}

/** Every document's problems (the first `limit` of each), and how many there are in all. */
export function documentProblemLines(refused: readonly DocumentProblems[], several: boolean, limit = 50): { lines: string[]; count: number } {
  const lines: string[] = [];
  let count = 0;
  for (const { document, problems } of refused) {
    for (const p of problems.slice(0, limit)) lines.push(problemLine(p, several, document));
    if (problems.length > limit) lines.push(`  ... and ${problems.length - limit} more`);
    count += problems.length;
  }
  return { lines, count };
}

/** Prints refused input's lines and the count to stderr, and sets exit code 1: nothing was written. */
export function printRejected(lines: string[], count: number): void {
  for (const line of lines) console.error(line);
  console.error(`Rejected: ${count} problem(s); nothing was written.`);
  process.exitCode = 1;
}
