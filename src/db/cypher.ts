/**
 * Loads the named queries of cypher/. Each file opens with a comment saying
 * what it answers and why it is shaped so; the text is read once and cached.
 */
import fs from 'node:fs';
import path from 'node:path';

export const CYPHER_DIR = path.resolve(__dirname, '..', '..', 'cypher');
const cache = new Map<string, string>();

/** The text of cypher/<name>.cypher, e.g. cypher('reach/expand-out'). */
export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    const file = path.join(CYPHER_DIR, `${name}.cypher`);
    if (!file.startsWith(CYPHER_DIR + path.sep)) throw new Error(`bad query name ${name}`);
    text = fs.readFileSync(file, 'utf8');
    cache.set(name, text);
  }
  return text;
}

const scoped = new Map<string, boolean>();

/** Whether a query's text (comments aside) uses $scope, the viewer's scope; read once per query, like the text. */
export function appliesScope(name: string): boolean {
  let applies = scoped.get(name);
  if (applies === undefined) {
    applies = cypher(name)
      .split('\n')
      .some((line) => !line.trim().startsWith('//') && line.includes('$scope'));
    scoped.set(name, applies);
  }
  return applies;
}

/** Statements of a schema file, split on semicolons at line ends, comments removed. */
export function statements(name: string): string[] {
  return cypher(name)
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}
