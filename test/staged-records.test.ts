/**
 * Staged records stay invisible (docs/ingest.md, "Sync of a whole source"):
 * a whole-source sync stages its new relationships with a `stagedBy`
 * property before it publishes them, so every query that matches an ACCESS,
 * OWNS or CONTAINS relationship (MATCH, OPTIONAL MATCH, MERGE: anything but
 * CREATE) must filter `<variable>.stagedBy IS NULL`, or `r.stagedBy IS NULL`
 * over `relationships(p)` for a variable-length pattern, or say in its header
 * why it may see staged records (`// Staged: <why>`, the sync's own files).
 * Staged nodes carry no :Entity or kind label, which every query matches
 * (test/query-plans.test.ts), so they need no rule of their own.
 *
 * The test reads every cypher/ file, and fails on a file that matches one of
 * those relationship types without saying how it treats staged records, and
 * on a relationship type it does not know (a new type needs the rule too).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CYPHER_DIR, cypher } from '../src/db/cypher';

const TYPES = ['ACCESS', 'OWNS', 'CONTAINS'];

const files = (): string[] =>
  fs
    .readdirSync(CYPHER_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cypher') && !f.startsWith(`schema${path.sep}`))
    .map((f) => f.slice(0, -'.cypher'.length).split(path.sep).join('/'))
    .sort();

/** The header's reason for seeing staged records, or null. */
const stagedReason = (text: string): string | null => {
  const line = text.split('\n').find((l) => /^\s*\/\/\s*Staged:/.test(l));
  return line ? line.replace(/^\s*\/\/\s*Staged:\s*/, '').trim() : null;
};

interface Pattern {
  variable: string;
  types: string[];
  clause: string;
  variableLength: boolean;
}

/** The relationship patterns of a query's code (comments aside), with the clause each is in. */
export function patternsOf(text: string): Pattern[] {
  const code = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n');
  const out: Pattern[] = [];
  for (const m of code.matchAll(/\[\s*(\w*)\s*:\s*([A-Za-z_|]+)([^\]]*)\]/g)) {
    const before = code.slice(0, m.index);
    const clauses = [...before.matchAll(/\b(OPTIONAL MATCH|MATCH|MERGE|CREATE)\b/g)];
    out.push({ variable: m[1], types: m[2].split('|'), clause: clauses.length > 0 ? clauses[clauses.length - 1][1] : '', variableLength: m[3].includes('*') });
  }
  return out;
}

/** What is wrong with how a query treats staged relationships; [] when nothing. */
export function stagedProblems(text: string): string[] {
  const code = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n');
  const reason = stagedReason(text);
  const reading = patternsOf(text).filter((p) => p.clause !== 'CREATE' && p.types.some((t) => TYPES.includes(t)));
  if (reason !== null) {
    if (reason.length < 10) return ['its Staged line must say why'];
    return [];
  }
  const problems: string[] = [];
  for (const p of reading) {
    const what = `[${p.variable}:${p.types.join('|')}] in ${p.clause}`;
    if (p.variableLength) {
      if (!/all\(\s*(\w+)\s+IN\s+relationships\(\w+\)\s+WHERE\s+\1\.stagedBy IS NULL\b/.test(code)) problems.push(`${what}: a variable-length pattern needs all(r IN relationships(p) WHERE r.stagedBy IS NULL ...)`);
    } else if (p.variable === '') problems.push(`${what}: name the relationship and filter <name>.stagedBy IS NULL`);
    else if (!new RegExp(`\\b${p.variable}\\.stagedBy IS NULL\\b`).test(code)) problems.push(`${what}: no ${p.variable}.stagedBy IS NULL`);
  }
  return problems;
}

test('every query that matches ACCESS, OWNS or CONTAINS says how it treats staged records', () => {
  const found: Record<string, string[]> = {};
  let checked = 0;
  for (const name of files()) {
    const text = cypher(name);
    const problems = stagedProblems(text);
    if (patternsOf(text).some((p) => p.clause !== 'CREATE' && p.types.some((t) => TYPES.includes(t)))) checked++;
    if (problems.length > 0) found[name] = problems;
  }
  expect(found).toEqual({});
  // The readers (reach, entities, lifecycle, export, ingest) are many: the rule cannot pass vacuously.
  expect(checked).toBeGreaterThan(30);
});

test('the access graph has no relationship type the rule does not know', () => {
  const types = new Set(files().flatMap((name) => patternsOf(cypher(name)).flatMap((p) => p.types)));
  expect([...types].sort()).toEqual([...TYPES].sort());
});

test('every Staged header is on a file that touches those relationships', () => {
  const stale = files().filter((name) => {
    const text = cypher(name);
    return stagedReason(text) !== null && !patternsOf(text).some((p) => p.types.some((t) => TYPES.includes(t)));
  });
  expect(stale).toEqual([]);
});

test('the rule sees a missing filter, an anonymous pattern and an unfiltered path, and lets CREATE and filtered reads through', () => {
  expect(stagedProblems('MATCH (a:Entity)-[r:ACCESS]->(b:Entity) RETURN r.id')).toEqual(['[r:ACCESS] in MATCH: no r.stagedBy IS NULL']);
  expect(stagedProblems('MATCH (t:Entity)-[:CONTAINS]->(s) RETURN s')).toEqual(['[:CONTAINS] in MATCH: name the relationship and filter <name>.stagedBy IS NULL']);
  expect(stagedProblems('MATCH p = (a)-[:ACCESS|CONTAINS*1..8]->(s) WHERE all(r IN relationships(p) WHERE r.grantedAt IS NOT NULL) RETURN s')).toHaveLength(1);
  expect(stagedProblems('OPTIONAL MATCH (o)-[l:OWNS]->(e) WHERE l.removedAt IS NULL RETURN l')).toEqual(['[l:OWNS] in OPTIONAL MATCH: no l.stagedBy IS NULL']);
  expect(stagedProblems('MERGE (t)-[:CONTAINS]->(s)')).toHaveLength(1);
  expect(stagedProblems('MATCH (a {id: 1}) CREATE (a)-[r:ACCESS]->(b) RETURN r')).toEqual([]);
  expect(stagedProblems('MATCH (a)-[r:ACCESS]->(b) WHERE r.stagedBy IS NULL RETURN r')).toEqual([]);
  expect(stagedProblems('// Staged: the sync publishing what it staged\nMATCH ()-[r:ACCESS {stagedBy: $syncId}]->() REMOVE r.stagedBy')).toEqual([]);
});
