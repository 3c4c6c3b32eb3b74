/**
 * The graph vocabulary is defined once (src/graph/vocabulary.ts). The .cypher
 * files spell labels and relationship types literally, for readability; this
 * test keeps them honest, and holds every query to its header comment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CYPHER_DIR } from '../src/db/cypher';
import { API_KEY_LABEL, AUDIT_EVENT_LABEL, BREAK_GLASS_USE_LABEL, ENTITY_LABEL, GRAPH_CHANGE_LABEL, GRAPH_STATE_LABEL, KIND_LABEL, REL, STAGED_ENTITY_LABEL } from '../src/graph/vocabulary';

function cypherFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? cypherFiles(full) : e.name.endsWith('.cypher') ? [full] : [];
  });
}

const files = cypherFiles(CYPHER_DIR);
const known = new Set<string>([ENTITY_LABEL, GRAPH_STATE_LABEL, GRAPH_CHANGE_LABEL, STAGED_ENTITY_LABEL, API_KEY_LABEL, AUDIT_EVENT_LABEL, BREAK_GLASS_USE_LABEL, ...Object.values(KIND_LABEL), ...Object.values(REL)]);

it('finds the query files', () => {
  expect(files.length).toBeGreaterThan(15);
});

it.each(files.map((f) => [path.relative(CYPHER_DIR, f), f]))('%s uses only labels and relationship types of the vocabulary', (_name, file) => {
  const code = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  // A label or type is `:Name` right after a variable, `(` or `[` (map keys are `key: value`, with a space).
  const used = [...code.matchAll(/(?<=[\w(\[]):([A-Z][A-Za-z_]*)/g)].map((m) => m[1]);
  expect(used.filter((name) => !known.has(name))).toEqual([]);
});

it.each(files.map((f) => [path.relative(CYPHER_DIR, f), f]))('%s opens with a comment saying what it answers', (_name, file) => {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
  expect(header.length).toBeGreaterThanOrEqual(2);
});
