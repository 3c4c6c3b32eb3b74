/**
 * For the tests of the offline bulk import (src/bulk/admin-import.ts):
 * runs it, or npm run bulk-import, in a child process (tsx; jest cannot load
 * the .mjs that drives neo4j-admin) on a local Neo4j of the test's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDateTime } from 'neo4j-driver';
import type { IngestInput } from '../../src/generated/graphql';
import type { Harness } from './harness';
import { localNeo4j, neo4j, run, type LocalNeo4j } from './backup';

const repo = path.resolve(__dirname, '..', '..');

/** A local Neo4j beside the suite's (port NEO4J_TEST_PORT + 3), in a folder named for the test. */
export function adminImportNeo4j(name: string): LocalNeo4j {
  const suitePort = Number(new URL(process.env.NEO4J_URI!.replace(/^neo4j/, 'http')).port);
  return localNeo4j(suitePort + 3, name);
}

/** Stops it and deletes its folder (and the dumps a forced import saved beside it). */
export async function removeNeo4j(local: LocalNeo4j): Promise<void> {
  await neo4j('stop', local);
  const dir = path.join(repo, local.dir);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of fs.existsSync(path.dirname(dir)) ? fs.readdirSync(path.dirname(dir)) : []) {
    if (f.startsWith(`${path.basename(dir)}-replaced-`) || f.startsWith(`.${path.basename(dir)}-import-`)) fs.rmSync(path.join(path.dirname(dir), f), { recursive: true, force: true });
  }
}

/** adminImport of `input` at `now` into `local`, replacing what it holds; leaves it running. Resolves with the result. */
export async function adminImportOf(input: IngestInput, now: string, local: LocalNeo4j): Promise<{ records: number; version: number }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-admin-import-'));
  try {
    const file = path.join(work, 'input.json');
    fs.writeFileSync(file, JSON.stringify(input));
    const ran = await run(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(repo, 'test', 'support', 'admin-import-main.ts'), file, now], local);
    if (ran.code !== 0) throw new Error(`admin import failed:\n${ran.output}`);
    return JSON.parse(ran.output.split('\n').find((line) => line.startsWith('{'))!);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Every entity and relationship stored, typed: DateTime values keep their
 * offset and zone, so a string would not pass for one. (Not the GraphState
 * version node: ingest bumps it once per batch, the bulk paths once.)
 * `loadTime`: every DateTime equal to the record's own createdAt (createdAt,
 * updatedAt, and a since or grantedAt that defaulted to the load time)
 * reads "the load time", to compare loads made at different instants.
 */
export async function storedGraph(h: Harness, { loadTime = false } = {}) {
  const db = { database: process.env.NEO4J_DATABASE || undefined };
  const typed = (props: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(props)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => {
          if (!isDateTime(v)) return [k, v];
          if (loadTime && v.toString() === String(props.createdAt)) return [k, 'the load time'];
          return [k, `DateTime ${v.toString()} offset=${v.timeZoneOffsetSeconds} zone=${v.timeZoneId ?? '-'}`];
        }),
    );
  const nodes = await h.driver.executeQuery('MATCH (n:Entity) RETURN labels(n) AS labels, properties(n) AS props', {}, db);
  const rels = await h.driver.executeQuery('MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props', {}, db);
  return {
    nodes: nodes.records.map((r) => JSON.stringify({ labels: [...r.get('labels')].sort(), ...typed(r.get('props')) })).sort(),
    relationships: rels.records.map((r) => JSON.stringify({ type: r.get('type'), from: r.get('from'), to: r.get('to'), ...typed(r.get('props')) })).sort(),
  };
}
