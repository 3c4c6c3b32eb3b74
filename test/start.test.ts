/**
 * npm start as a person runs it (src/cli/start.ts, tools/neo4j/neo4j.mjs):
 * its own Neo4j in a folder and on a port of its own (NEO4J_TEST_PORT + 10),
 * the API on a free port. What it prints, the token file it writes, and that
 * however it ends it stops the Neo4j it started, and only that one.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildASTSchema, parse } from 'graphql';
import { demoGdap, demoGraph } from '../src/demo/demo-graph';
import { allowedRoles } from '../src/server/guard';
import { typeDefs } from '../src/schema/sdl';
import { alive, startProcess, until, type Started } from './support/processes';

jest.setTimeout(240_000);

const repo = path.resolve(__dirname, '..');
const port = Number(process.env.NEO4J_TEST_PORT ?? 7688) + 10;
const dir = path.join('.neo4j', `start-${port}`);
const absDir = path.join(repo, dir);
const pidOf = () => Number(fs.readFileSync(path.join(absDir, 'neo4j.pid'), 'utf8'));
const READY = 'Ctrl-C stops the API';

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, NEO4J_LOCAL_PORT: String(port), NEO4J_LOCAL_DIR: dir, NEO4J_LOCAL_HEAP: '512m', PORT: '0', ...extra };
  delete e.NEO4J_URI;
  delete e.PATHWARDEN_JWT_SECRET;
  return e;
}
/** The start script itself (what `npm start` runs after codegen). */
const startScript = (...flags: string[]) =>
  startProcess(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(repo, 'src', 'cli', 'start.ts'), ...flags], { cwd: repo, env: env() });

/** tools/neo4j/neo4j.mjs on this file's folder and port (jest cannot import the .mjs itself). */
const neo4j = (command: 'start' | 'stop') => promisify(execFile)(process.execPath, [path.join(repo, 'tools', 'neo4j', 'neo4j.mjs'), command], { cwd: repo, env: env() });

afterAll(async () => {
  await neo4j('stop');
  fs.rmSync(absDir, { recursive: true, force: true });
});

describe('npm start on a new database folder, then its terminal closed', () => {
  let run: Started;
  let neo4jPid: number;
  let tokensFile: { mode: number; text: string };
  let after: { neo4jAlive: boolean; tokensFile: boolean };
  let gdapGroupReach: unknown;

  beforeAll(async () => {
    await neo4j('stop');
    fs.rmSync(absDir, { recursive: true, force: true });
    // A process group of its own, as a terminal gives one: closing the terminal sends SIGHUP to all of it.
    run = startProcess('npm', ['start'], { cwd: repo, env: env(), detached: true });
    await run.printed(READY);
    neo4jPid = pidOf();
    const file = path.join(absDir, 'demo-tokens.txt');
    tokensFile = { mode: fs.statSync(file).mode & 0o777, text: fs.readFileSync(file, 'utf8') };
    // What the GDAP batch loaded, asked over HTTP as the demo's ADMIN (the first token printed): the Service Desk group's clients.
    const url = run.output().match(/PathWarden is serving (http:\/\/\S+\/graphql)/)![1];
    const admin = tokensFile.text.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/)![0];
    const query = `{ blastRadius(from: "team:entra:1f0e2d3c-1111-4a5b-8c6d-7e8f9a0b1c01") { tenants { tenant { id } } } }`;
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const answer = (await response.json()) as { data?: { blastRadius?: { tenants: { tenant: { id: string } }[] } } };
    gdapGroupReach = answer.data?.blastRadius?.tenants.map((t: { tenant: { id: string } }) => t.tenant.id).sort() ?? answer;
    process.kill(-run.pid, 'SIGHUP');
    await until(() => !alive(neo4jPid), 60_000, `Neo4j (pid ${neo4jPid}) to stop`).catch(() => undefined);
    after = { neo4jAlive: alive(neo4jPid), tokensFile: fs.existsSync(file) };
  });

  it('prints only the lines a person reads: no codegen progress, no escape codes', () => {
    const startUp = run.output().slice(0, run.output().indexOf(READY));
    const lines = startUp.trimEnd().split('\n');
    expect({
      fewLines: lines.length <= 40,
      escapeCodes: startUp.includes('\u001b'),
      codegenProgress: lines.filter((l) => /\[(STARTED|SUCCESS)\]/.test(l)),
      serving: /PathWarden is serving http:\/\/127\.0\.0\.1:\d+\/graphql/.test(startUp),
    }).toEqual({ fewLines: true, escapeCodes: false, codegenProgress: [], serving: true });
  });

  it('loads the demo from its CSV files, then its GDAP export, through the importer, and says what each one wrote', () => {
    const entities = (b: typeof demoGraph) => b.people.length + b.teams.length + b.identities.length + b.tools.length + b.roles.length + b.tenants.length + b.systems.length;
    expect(run.output().split('\n').filter((l) => l.startsWith('Loaded the demo'))).toEqual([
      `Loaded the demo MSP from its CSV files: ${entities(demoGraph)} entities, ${demoGraph.ownerships.length} owner links, ${demoGraph.access.length} access records; ` +
        `from its GDAP export (Microsoft Graph, two clients): ${entities(demoGdap)} entities, ${demoGdap.access.length} access records; and a few weeks of its audit history.`,
    ]);
    expect(demoGdap.access.length).toBeGreaterThan(0);
    expect(gdapGroupReach).toEqual(['tenant:adatum', 'tenant:litware']);
  });

  it('writes the demo tokens it printed to a file only its user may read', () => {
    const tokens = (text: string) => text.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g) ?? [];
    expect({ mode: tokensFile.mode.toString(8), tokens: tokens(tokensFile.text) }).toEqual({ mode: '600', tokens: tokens(run.output()) });
    expect(new Set(tokens(tokensFile.text)).size).toBe(5);
    // Beside each reading role's token, a console link that signs in with that very token (in the fragment, never sent to a server).
    const links = [...run.output().matchAll(/console: (http:\/\/127\.0\.0\.1:\d+\/\?v=\w+[^#\s]*)#token=(\S+)/g)].map((m) => [m[1].replace(/:\d+\//, ':PORT/'), m[2]]);
    expect(links.map(([url]) => url)).toEqual([
      'http://127.0.0.1:PORT/?v=blast&from=tool%3Armm',
      'http://127.0.0.1:PORT/?v=blast&from=tool%3Armm',
      'http://127.0.0.1:PORT/?v=mine',
      'http://127.0.0.1:PORT/?v=reach&target=tenant%3Aacme',
    ]);
    expect(links.map(([, token]) => token)).toEqual(tokens(tokensFile.text).filter((_t, i, all) => all.indexOf(_t) === i).slice(0, 4));
  });

  it("describes the INGEST role with every operation the schema lets it call", () => {
    const allowed = [...allowedRoles(buildASTSchema(parse(typeDefs().join('\n'))))].filter(([, roles]) => roles.has('INGEST')).map(([field]) => field.split('.')[1]);
    const line = run.output().split('\n').find((l) => l.trim().startsWith('INGEST'))!;
    expect(allowed.filter((op) => !line.includes(op))).toEqual([]);
    expect(allowed.length).toBeGreaterThan(1);
  });

  it('when its terminal closes (SIGHUP), stops the Neo4j it started and removes the token file', () => {
    expect(after).toEqual({ neo4jAlive: false, tokensFile: false });
  });
});

it('uses a Neo4j found running from before, says so and how to stop it, and leaves it running', async () => {
  await neo4j('start');
  const before = { pid: pidOf() };
  const run = startScript();
  await run.printed(READY);
  process.kill(run.pid, 'SIGTERM');
  await run.exited;
  expect({
    said: run.output().includes(`(pid ${before.pid}, already running before this npm start: used, and left running when it stops; stop it with \`NEO4J_LOCAL_DIR=${dir} NEO4J_LOCAL_PORT=${port} npm run neo4j:stop\`)`),
    stillRunning: alive(before.pid),
  }).toEqual({ said: true, stillRunning: true });
});

it('with --empty, prints what to do next instead of demo tokens and examples that could only fail, and stops its Neo4j on Ctrl-C', async () => {
  const run = startScript('--empty');
  await run.printed(READY);
  const neo4jPid = pidOf();
  process.kill(run.pid, 'SIGINT');
  await run.exited;
  await until(() => !alive(neo4jPid), 60_000, `Neo4j (pid ${neo4jPid}) to stop`).catch(() => undefined);
  const out = run.output();
  expect({
    wiped: out.includes('--empty: the local database was started from an empty folder (its API keys and audit trail are gone too).'),
    next: out.split('\n').filter((l) => /^ {2}\d\. /.test(l)).map((l) => l.replace(/ {2,}/g, ' ').trim()),
    tokens: /eyJ[\w-]+\./.test(out),
    examples: out.includes('Try these'),
    neo4jAlive: alive(neo4jPid),
  }).toEqual({
    wiped: true,
    next: [
      `1. load your data: NEO4J_LOCAL_DIR=${dir} NEO4J_LOCAL_PORT=${port} npm run import -- FILE.json (the file format: docs/ingest.md)`,
      `2. create a key: NEO4J_LOCAL_DIR=${dir} NEO4J_LOCAL_PORT=${port} npm run apikey -- create --name me --role ADMIN`,
      expect.stringMatching(/^3\. send its token as the header Authorization: Bearer <token> to http:\/\/127\.0\.0\.1:\d+\/graphql/),
    ],
    tokens: false,
    examples: false,
    neo4jAlive: false,
  });
});

it('says when its Neo4j dies under it and when it answers again, and stops the one running when it stops', async () => {
  const run = startScript('--empty');
  try {
    await run.printed(READY);
    const first = pidOf();
    process.kill(first, 'SIGKILL');
    await run.printed(`Neo4j (pid ${first}) has stopped; until it answers again the API refuses requests with DATABASE_UNAVAILABLE (/health: 503).`);
    const said = run.output().split('\n').find((l) => l.startsWith(`Neo4j (pid ${first}) has stopped`));
    await neo4j('start');
    const second = pidOf();
    await run.printed(`Neo4j answers again (pid ${second}), and so does the API.`);
    process.kill(run.pid, 'SIGINT');
    await run.exited;
    await until(() => !alive(second), 60_000, `Neo4j (pid ${second}) to stop`).catch(() => undefined);
    expect({ said, secondAlive: alive(second) }).toEqual({
      said: expect.stringContaining(`Its log: ${dir}/home/logs/debug.log. Start it again, data kept: \`NEO4J_LOCAL_DIR=${dir} NEO4J_LOCAL_PORT=${port} npm run neo4j:start\`.`),
      secondAlive: false,
    });
  } finally {
    if (alive(run.pid)) process.kill(run.pid, 'SIGKILL');
  }
});

it("stops the API and its Neo4j when SIGTERM reaches npm's own process alone (what a process manager or `kill PID` sends)", async () => {
  // npm runs the script through a shell, which would die on SIGTERM and leave the API running, had the script not `exec`ed it.
  const run = startProcess('npm', ['start', '--', '--empty'], { cwd: repo, env: env(), detached: true });
  try {
    await run.printed(READY);
    const neo4jPid = pidOf();
    const base = run.output().match(/PathWarden is serving (http:\/\/\S+)\/graphql/)![1];
    process.kill(run.pid, 'SIGTERM');
    await run.exited;
    await until(() => !alive(neo4jPid), 60_000, `Neo4j (pid ${neo4jPid}) to stop`).catch(() => undefined);
    const health = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 'no answer');
    expect({ stopping: run.output().includes('SIGTERM: stopping'), neo4jAlive: alive(neo4jPid), health }).toEqual({ stopping: true, neo4jAlive: false, health: 'no answer' });
  } finally {
    try {
      process.kill(-run.pid, 'SIGKILL');
    } catch {
      // the whole group has ended
    }
  }
});

it('with --fresh, refuses to wipe a folder that is not a PathWarden Neo4j folder, and leaves it as it was', async () => {
  const foreign = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-not-neo4j-'));
  fs.writeFileSync(path.join(foreign, 'thesis.tex'), 'four years of work');
  try {
    const run = startProcess(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(repo, 'src', 'cli', 'start.ts'), '--fresh'], { cwd: repo, env: env({ NEO4J_LOCAL_DIR: foreign }) });
    expect({ code: await run.exited, refused: run.output().includes(`${foreign} is not a PathWarden Neo4j folder`), files: fs.readdirSync(foreign) }).toEqual({
      code: 1,
      refused: true,
      files: ['thesis.tex'],
    });
  } finally {
    fs.rmSync(foreign, { recursive: true, force: true });
  }
});

it('resolves Neo4j with Maven quietly on a first run: one line of its own, no Maven lines, no escape codes', async () => {
  // A copy of tools/neo4j without its build, so Maven runs as on a new clone (the artifacts are in ~/.m2 already).
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-neo4j-build-'));
  try {
    fs.cpSync(path.join(repo, 'tools', 'neo4j'), copy, { recursive: true, filter: (src) => !src.includes(`${path.sep}target`) });
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(copy, 'neo4j.mjs'), 'build'], { cwd: copy });
    expect({ lines: `${stdout}${stderr}`.trimEnd().split('\n'), built: fs.existsSync(path.join(copy, 'target', 'classpath.txt')) }).toEqual({
      lines: [expect.stringMatching(/^\[neo4j\] resolving Neo4j 5\.26 Community from Maven Central \(the first run downloads about 150 MB/)],
      built: true,
    });
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
