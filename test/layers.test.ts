/**
 * The layers' direction, read from every import in src/: the lower layers
 * (the core types, the vocabulary and write lock in graph/, the Executor in
 * db/, the reach engine in reach/) never import the layers above them (auth/
 * makes Viewers, server/ serves, cli/ and bench/ are entry points). A shared
 * type belongs below both of its users (core/viewer.ts, core/rows.ts), so
 * no lower layer imports a feature folder either, and core/ runs no code of
 * another layer: it may name types alone, of the reach index's plain data
 * structure and the SDL's generated types only. Above them, no feature (ingest, findings,
 * connectors, bulk, ...) runs code of the server or of an entry point: the
 * SDL's types are read from schema/, below both; report/ alone reads
 * through the served API in process, as a client would.
 */
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.join(__dirname, '..', 'src');
const LOWER = ['core', 'graph', 'db', 'reach'];
const UPPER = ['auth', 'server', 'cli', 'bench', 'console', 'demo'];
/** What core/ may name, as types only: the reach index's structure, and the SDL's generated types (core/rows.ts). */
const CORE_TYPE_IMPORTS = ['reach/index/reach-index.ts', 'generated/graphql.ts'];

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : files(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import and re-export of src/ (static, dynamic and require), resolved to a path under src/. */
function imports(): Import[] {
  const out: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s+'(\.[^']+)'/gm;
  const dynamic = /\b(?:import|require)\(\s*'(\.[^']+)'\s*\)/g;
  for (const file of files(SRC)) {
    const code = fs.readFileSync(file, 'utf8');
    const add = (spec: string, typeOnly: boolean) => {
      const resolved = path.relative(SRC, path.resolve(path.dirname(file), spec));
      const target = fs.existsSync(path.join(SRC, `${resolved}.ts`)) ? `${resolved}.ts` : resolved;
      out.push({ file: path.relative(SRC, file), target, typeOnly });
    };
    for (const m of code.matchAll(statement)) add(m[3], m[2] !== undefined);
    for (const m of code.matchAll(dynamic)) add(m[1], false);
  }
  return out;
}

const layerOf = (p: string) => p.split(path.sep)[0];

it('reads the imports it judges (the check has something to check)', () => {
  const all = imports();
  const lower = all.filter((i) => LOWER.includes(layerOf(i.file)));
  // The Executor and the reach engine take the core Viewer: those imports are among the ones read.
  expect(lower.some((i) => i.file === path.join('db', 'executor.ts') && i.target === path.join('core', 'viewer.ts'))).toBe(true);
  expect(lower.some((i) => i.file.startsWith(`reach${path.sep}`) && i.target === path.join('core', 'viewer.ts'))).toBe(true);
  expect(all.length).toBeGreaterThan(300);
});

it('has no import from a lower layer (core, graph, db, reach) into an upper one (auth, server, entry points)', () => {
  const upward = imports()
    .filter((i) => LOWER.includes(layerOf(i.file)) && UPPER.includes(layerOf(i.target)))
    .map((i) => `${i.file} -> ${i.target}`);
  expect(upward).toEqual([]);
});

it('has no import from a lower layer into a feature folder (entities, ingest, findings, ...): only other lower layers, generated/ and the shared single-file modules of src/', () => {
  const sideways = imports()
    .filter((i) => LOWER.includes(layerOf(i.file)))
    .filter((i) => !LOWER.includes(layerOf(i.target)) && layerOf(i.target) !== 'generated' && !layerOf(i.target).endsWith('.ts'))
    .map((i) => `${i.file} -> ${i.target}${i.typeOnly ? ' (type)' : ''}`);
  expect(sideways).toEqual([]);
});

it("keeps core/ below everything: it names types alone, of the reach index and the SDL's generated types only", () => {
  const fromCore = imports()
    .filter((i) => layerOf(i.file) === 'core' && layerOf(i.target) !== 'core')
    .filter((i) => !i.typeOnly || !CORE_TYPE_IMPORTS.includes(i.target.split(path.sep).join('/')))
    .map((i) => `${i.file} -> ${i.target}${i.typeOnly ? ' (type)' : ''}`);
  expect(fromCore).toEqual([]);
});

/** The entry points and the server: everything else is below them. */
const TOP = ['server', 'cli', 'bench', 'console', 'demo'];
/** Modules that read through the served API in process, as a client would: they sit above the server. */
const API_CLIENTS = ['report'];

it('has no feature module (ingest, findings, connectors, ...) running code of the server or an entry point: a resolver may name the request context type, nothing more', () => {
  const upward = imports()
    .filter((i) => !TOP.includes(layerOf(i.file)) && !API_CLIENTS.includes(layerOf(i.file)))
    .filter((i) => TOP.includes(layerOf(i.target)))
    .filter((i) => !(i.typeOnly && i.target === path.join('server', 'context.ts')))
    .map((i) => `${i.file} -> ${i.target}${i.typeOnly ? ' (type)' : ''}`);
  expect(upward).toEqual([]);
});
