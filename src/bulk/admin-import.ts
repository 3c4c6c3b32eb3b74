/**
 * The first load of a large inventory at Neo4j's own speed: valid
 * IngestInput documents are written as CSV files (bulk/csv-files.ts) and
 * loaded by Neo4j's offline importer (`neo4j-admin database import full`,
 * tools/neo4j/neo4j.mjs importCsv) into the project's STOPPED local Neo4j;
 * then the database is started, the schema applied (constraints and indexes,
 * cypher/schema/constraints.cypher, waiting until every index is online), and
 * one transaction sets the graph's version (ingest/bump-version: the node is
 * new, so a new epoch) and records one INGESTED audit event for the whole
 * load, so every API process loads its reach index from what was imported.
 *
 * It does not validate: its callers do (npm run bulk-import checks the
 * documents as npm run import does, ingest/import-files.ts
 * checkForEmptyStore; the benchmark's generator is valid by construction,
 * test/generate.test.ts). Nor does it decide whether a database may be
 * replaced: `overwrite` replaces an existing one (an empty one included:
 * the importer creates, it never adds), and `localHoldsData` tells the
 * caller whether there is anything to lose.
 *
 * It leaves the database running (the caller stops it when it should not
 * be), and deletes its CSV files whether the import succeeded or not.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as localNeo4j from '../../tools/neo4j/neo4j.mjs';
import { recordEvent } from '../audit/events';
import { SYSTEM_VIEWER } from '../core/viewer';
import { Executor } from '../db/executor';
import type { IngestInput } from '../generated/graphql';
import { ImportFileWriter, type ImportFileSet } from './csv-files';

export interface AdminImportOptions {
  /** The local Neo4j's folder, port, heap and page cache (default: NEO4J_LOCAL_*). */
  local?: localNeo4j.Overrides;
  /** Replace the database the folder already holds (neo4j-admin --overwrite-destination). */
  overwrite?: boolean;
  /** The load time (RFC 3339): createdAt/updatedAt, the since/grantedAt defaults, the audit event. Default: now. */
  now?: string;
  /** Told what each phase is doing. */
  log?: (message: string) => void;
}

export interface AdminImportResult {
  /** Records written: entities + owner links + access records (containment is derived, not counted). */
  records: number;
  entities: number;
  ownerships: number;
  access: number;
  /** Writing the CSV files. */
  writeSeconds: number;
  /** neo4j-admin's import of them. */
  importSeconds: number;
  /** The import itself: CSV files and neo4j-admin. */
  seconds: number;
  perSecond: number;
  /** From the first CSV row to a running database with its indexes online and its version set: what an API needs to answer. */
  readySeconds: number;
  uri: string;
  epoch: string;
  version: number;
}

const connect = (uri: string) => Executor.connect(uri, { username: 'neo4j', password: 'neo4j', database: undefined, txTimeoutMs: 0, unavailableMs: 0 });

/**
 * Whether the local database holds anything at all (any node: entities, API
 * keys, audit events, the version node), asked of the database itself; a
 * stopped one is started for the question and stopped again. False when the
 * folder holds no database yet.
 */
export async function localHoldsData(local: localNeo4j.Overrides = {}): Promise<boolean> {
  if (!localNeo4j.hasDatabase(local)) return false;
  const { uri, startedHere } = await localNeo4j.start(local);
  const exec = connect(uri);
  try {
    const [{ empty }] = await exec.query(SYSTEM_VIEWER, 'bulk/is-empty');
    return empty !== true;
  } finally {
    await exec.close();
    if (startedHere) await localNeo4j.stop(local);
  }
}

/** Loads `inputs` (valid documents, read one at a time) into the stopped local Neo4j; see the module comment. */
export async function adminImport(inputs: () => Iterable<IngestInput>, opts: AdminImportOptions = {}): Promise<AdminImportResult> {
  const local = opts.local ?? {};
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date().toISOString();
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new Error(`now must be an RFC 3339 date-time, got ${JSON.stringify(opts.now)}`);
  const cfg = localNeo4j.localConfig(local);
  if (localNeo4j.runningPid(local)) throw new Error(`the local Neo4j in ${cfg.dir} is running; stop it first (neo4j-admin imports offline)`);
  if (localNeo4j.hasDatabase(local) && !opts.overwrite) throw new Error(`${cfg.dir} already holds a database; refusing to replace it`);

  // Beside the database folder (same disk, never a small tmpfs), named after it.
  fs.mkdirSync(path.dirname(cfg.dir), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(cfg.dir), `.${path.basename(cfg.dir)}-import-`));
  const t0 = performance.now();
  let files: ImportFileSet;
  let written: number;
  const sources = new Set<string | null>();
  try {
    const writer = new ImportFileWriter(work, nowMs);
    for (const input of inputs()) {
      writer.add(input);
      sources.add(input.source ?? null);
    }
    files = writer.close();
    written = performance.now();
    const { entities, ownerships, access } = files.counts;
    log(`wrote the CSV files (${entities} entities, ${ownerships} owner links, ${access} access records) in ${((written - t0) / 1000).toFixed(1)} s; neo4j-admin database import full...`);
    localNeo4j.importCsv({ ...files, reportFile: path.join(work, 'import.report') }, local, { overwrite: opts.overwrite === true });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const imported = performance.now();
  const { entities, ownerships, access } = files.counts;
  const records = entities + ownerships + access;
  log(`imported in ${((imported - written) / 1000).toFixed(1)} s; starting Neo4j, applying the schema and waiting for its indexes...`);

  const { uri } = await localNeo4j.start(local);
  const exec = connect(uri);
  let after: { epoch: string; version: number };
  try {
    await exec.applySchema();
    after = await exec.write(SYSTEM_VIEWER, async (tx) => {
      const [v] = await tx.run('ingest/bump-version');
      await recordEvent(tx, {
        kind: 'INGESTED',
        actor: SYSTEM_VIEWER,
        at: now,
        details: { bulkImport: true, source: sources.size === 1 ? [...sources][0] : [...sources], entities: { created: entities, updated: 0 }, ownerships: { created: ownerships, updated: 0 }, access: { created: access, updated: 0 } },
      });
      return { epoch: v.epoch as string, version: Number(v.version) };
    });
  } finally {
    await exec.close();
  }
  const ready = performance.now();
  const seconds = (imported - t0) / 1000;
  return {
    records,
    entities,
    ownerships,
    access,
    writeSeconds: (written - t0) / 1000,
    importSeconds: (imported - written) / 1000,
    seconds,
    perSecond: records / Math.max(seconds, 1e-9),
    readySeconds: (ready - t0) / 1000,
    uri,
    ...after,
  };
}
