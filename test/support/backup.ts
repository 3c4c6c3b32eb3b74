/**
 * For test/backup.test.ts: the whole answers a restore must reproduce, and
 * npm run backup / restore run as the commands an operator types, on a local
 * Neo4j folder and port of the test's own.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { demoGdap, demoGraph } from '../../src/demo/demo-graph';
import type { Harness } from './harness';

const repo = path.resolve(__dirname, '..', '..');

export interface LocalNeo4j {
  port: number;
  dir: string;
  uri: string;
}

export const localNeo4j = (port: number, name: string): LocalNeo4j => ({ port, dir: path.join('.neo4j', `${name}-${port}`), uri: `neo4j://127.0.0.1:${port}` });

export interface Ran {
  code: number;
  output: string;
}

export function run(file: string, args: string[], local: LocalNeo4j | null, extra: Record<string, string> = {}): Promise<Ran> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_LOCAL_HEAP: process.env.NEO4J_LOCAL_HEAP ?? '1g' };
  delete env.NEO4J_URI;
  if (local) Object.assign(env, { NEO4J_LOCAL_PORT: String(local.port), NEO4J_LOCAL_DIR: local.dir });
  Object.assign(env, extra);
  return new Promise((resolve) => {
    execFile(file, args, { cwd: repo, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** npm run backup|restore|bulk-import|import -- ...args (the script behind it, as npm runs it) on `local`'s folder and port. */
export const cli = (command: 'backup' | 'restore' | 'bulk-import' | 'import', args: string[], local: LocalNeo4j | null, extra?: Record<string, string>) =>
  run(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(repo, 'src', 'cli', `${command}.ts`), ...args], local, extra);

/** tools/neo4j/neo4j.mjs on `local`'s folder and port (jest cannot import the .mjs itself). */
export async function neo4j(command: 'start' | 'stop' | 'status', local: LocalNeo4j): Promise<string> {
  const ran = await run(process.execPath, [path.join(repo, 'tools', 'neo4j', 'neo4j.mjs'), command], local);
  if (ran.code !== 0) throw new Error(`neo4j.mjs ${command} failed:\n${ran.output}`);
  return ran.output;
}

const ENTITY = '{ id kind name }';
const BLAST_RADIUS = `query($id: ID!, $asOf: DateTime) { blastRadius(from: $id, asOf: $asOf) {
  from ${ENTITY} asOf maxDepth systemCount tenantCount tenants { tenant { id } systemCount }
  systems(first: 1000) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { system ${ENTITY} distance privileged path { length steps { from { id } to { id } access { id kind } gaps } } } } } } }`;
const REACHERS = `(first: 1000) { totalCount edges { cursor node { entity ${ENTITY} distance } } }`;
const WHO_CAN_REACH = `query($id: ID!, $asOf: DateTime) { whoCanReach(target: $id, asOf: $asOf) {
  target ${ENTITY} asOf maxDepth peopleCount identityCount people${REACHERS} identities${REACHERS} } }`;
const FINDING_SUMMARY = `query($asOf: DateTime) { findingSummary(asOf: $asOf) {
  observedAt total byCode { code title severity count } bySeverity { severity count }
  byTenant { tenant { id } count bySeverity { severity count } } } }`;
const AUDIT_TRAIL = `{ auditTrail(first: 1000) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id kind at actorId actorRole requestId subjectIds details entities { id } } } } }`;

/**
 * blastRadius of every person and tool of the demo (and the GDAP accounts and groups), whoCanReach of every
 * tenant and system, findingSummary and the whole auditTrail, as of `asOf`.
 */
export async function demoAnswers(h: Harness, asOf: string): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const { id } of [...demoGraph.people, ...demoGraph.tools, ...demoGdap.identities, ...demoGdap.teams]) answers[`blastRadius ${id}`] = await h.data(BLAST_RADIUS, { id, asOf });
  for (const { id } of [...demoGraph.tenants, ...demoGraph.systems]) answers[`whoCanReach ${id}`] = await h.data(WHO_CAN_REACH, { id, asOf });
  answers.findingSummary = await h.data(FINDING_SUMMARY, { asOf });
  answers.auditTrail = await h.data(AUDIT_TRAIL);
  return answers;
}
