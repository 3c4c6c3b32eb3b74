/**
 * /metrics (server/metrics): who may scrape it, and what a scrape holds, read
 * back from the exposition text as a Prometheus server reads it. The API
 * under test has its own Executor, so the harness's writes come "from
 * another process" and make its reach index reload, as in production.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GAP_REASONS } from '../src/accountability/service';
import { LOCAL_ADMIN } from '../src/core/viewer';
import { Executor } from '../src/db/executor';
import { ErrorCode } from '../src/errors';
import { samples, valueOf, type Family } from './support/exposition';
import { grant, graph, identity, named, system, tool, unapproved } from './support/fixtures';
import { useHarness } from './support/harness';
import { serve, type Served } from './support/metrics';
import { tokenFor } from './support/security';
import { useEnv } from './support/env';

const h = useHarness();

// ann -MEMBER_OF-> ops -USES-> adm (no owner) -CAN_ACCESS-> acme-web; two pooled tools and one that is not.
const GRAPH = graph({
  tenants: [named('tenant:acme'), named('tenant:globex'), named('tenant:initech')],
  systems: [system('system:acme-dc', 'tenant:acme'), system('system:acme-web', 'tenant:acme'), system('system:globex-db', 'tenant:globex'), system('system:initech-fs', 'tenant:initech')],
  people: [named('person:ann')],
  teams: [named('team:ops')],
  identities: [identity('identity:adm')],
  tools: [{ ...tool('tool:rmm'), pooled: true }, { ...tool('tool:vault', 'VAULT'), pooled: true }, tool('tool:psa', 'PSA')],
  access: [
    unapproved(grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops')),
    grant('acc:ops-adm', 'USES', 'team:ops', 'identity:adm'),
    grant('acc:adm-web', 'CAN_ACCESS', 'identity:adm', 'system:acme-web', { privileged: true }),
    grant('acc:rmm-dc', 'CAN_ACCESS', 'tool:rmm', 'system:acme-dc'),
    grant('acc:rmm-db', 'CAN_ACCESS', 'tool:rmm', 'system:globex-db'),
    grant('acc:vault-dc', 'CAN_ACCESS', 'tool:vault', 'system:acme-dc'),
    grant('acc:vault-web', 'CAN_ACCESS', 'tool:vault', 'system:acme-web'),
    grant('acc:psa-fs', 'CAN_ACCESS', 'tool:psa', 'system:initech-fs'),
  ],
});

let exec: Executor;
let s: Served;
let admin: string;
let analyst: string;

beforeAll(async () => {
  await h.resetTo(GRAPH);
  exec = Executor.connect(process.env.NEO4J_URI as string, { username: process.env.NEO4J_USERNAME || 'neo4j', password: process.env.NEO4J_PASSWORD || 'neo4j', database: process.env.NEO4J_DATABASE || undefined, txTimeoutMs: 60_000, unavailableMs: 2_000 });
  s = await serve(exec);
  admin = await tokenFor('ADMIN');
  analyst = await tokenFor('ANALYST');
});
afterAll(async () => {
  await s.close();
  await exec.close();
});

/** A series as compared here: its labels and value. */
const series = (families: Map<string, Family>, name: string) =>
  samples(families, name)
    .map(({ labels, value }) => ({ labels, value }))
    .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));

const gql = async (served: Served, credential: string | undefined, body: unknown) => (await served.post(credential, body)).json() as Promise<any>;

describe('who may scrape', () => {
  it('answers ADMIN, ANALYST and METRICS (a token or an API key), refuses the other roles 403 and a caller without a valid credential 401', async () => {
    const { token: key } = await s.api.authenticator.apiKeys.create(LOCAL_ADMIN, { name: 'prometheus', role: 'METRICS' });
    const credentials: Record<string, string | undefined> = {
      ADMIN: admin,
      ANALYST: analyst,
      METRICS: await tokenFor('METRICS'),
      'METRICS API key': key,
      OWNER: await tokenFor('OWNER', { person: 'person:ann' }),
      TENANT_AUDITOR: await tokenFor('TENANT_AUDITOR', { tenant: 'tenant:acme' }),
      INGEST: await tokenFor('INGEST'),
      'no credential': undefined,
      'a forged token': `${admin.slice(0, -4)}AAAA`,
    };
    const answers: Record<string, unknown> = {};
    for (const [who, credential] of Object.entries(credentials)) {
      const res = await s.get(credential);
      answers[who] = res.status === 200 ? 200 : [res.status, ((await res.json()) as any).errors[0].extensions.code];
    }
    expect(answers).toEqual({
      ADMIN: 200,
      ANALYST: 200,
      METRICS: 200,
      'METRICS API key': 200,
      OWNER: [403, 'FORBIDDEN'],
      TENANT_AUDITOR: [403, 'FORBIDDEN'],
      INGEST: [403, 'FORBIDDEN'],
      'no credential': [401, 'UNAUTHENTICATED'],
      'a forged token': [401, 'UNAUTHENTICATED'],
    });
  });

  it('refuses a METRICS credential every GraphQL field over HTTP', async () => {
    const res = await s.post(await tokenFor('METRICS'), { query: '{ viewer { id } }' });
    expect([res.status, await res.json()]).toEqual([403, { errors: [{ message: 'role METRICS may not call viewer', extensions: { code: 'FORBIDDEN', field: 'viewer' } }] }]);
  });
});

describe('what the graph gauges say', () => {
  it('counts findings by code and severity and gaps by reason exactly as findingSummary and unaccountablePaths answer ADMIN', async () => {
    const families = await s.scrape(analyst);
    const answer = await gql(s, admin, { query: '{ findingSummary { byCode { code severity count } } unaccountablePaths(first: 1000) { edges { node { reason } } } }' });
    const gaps = new Map<string, number>(GAP_REASONS.map((r) => [r, 0]));
    for (const { node } of answer.data.unaccountablePaths.edges) gaps.set(node.reason, gaps.get(node.reason)! + 1);
    const byLabels = (rows: { labels: Record<string, string>; value: number }[]) => rows.sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
    expect({ findings: series(families, 'pathwarden_findings'), gaps: series(families, 'pathwarden_unaccountable_paths') }).toEqual({
      findings: byLabels(answer.data.findingSummary.byCode.map((c: any) => ({ labels: { code: c.code, severity: c.severity }, value: c.count }))),
      gaps: byLabels([...gaps].map(([reason, value]) => ({ labels: { reason }, value }))),
    });
    // Not vacuous: the fixture has findings and gaps to count.
    expect([samples(families, 'pathwarden_findings').some((x) => x.value > 0), gaps.get('NO_OWNER')! > 0 && gaps.get('NO_APPROVAL')! > 0]).toEqual([true, true]);
  });

  it('counts the tenants and systems the pooled tools reach together, as their blast radii hold them, and leaves out tools that are not pooled', async () => {
    const families = await s.scrape(admin);
    const radii = await gql(s, admin, { query: '{ rmm: blastRadius(from: "tool:rmm") { systems(first: 100) { edges { node { system { id tenant { id } } } } } } vault: blastRadius(from: "tool:vault") { systems(first: 100) { edges { node { system { id tenant { id } } } } } } }' });
    const reached = [...radii.data.rmm.systems.edges, ...radii.data.vault.systems.edges].map((e: any) => e.node.system);
    const names = ['pathwarden_pooled_tools', 'pathwarden_pooled_tools_reached_tenants', 'pathwarden_pooled_tools_reached_systems', 'pathwarden_tenants', 'pathwarden_systems'];
    expect(Object.fromEntries(names.map((n) => [n, valueOf(families, n)]))).toEqual({
      pathwarden_pooled_tools: 2,
      pathwarden_pooled_tools_reached_tenants: new Set(reached.map((x: any) => x.tenant.id)).size,
      pathwarden_pooled_tools_reached_systems: new Set(reached.map((x: any) => x.id)).size,
      pathwarden_tenants: 3,
      pathwarden_systems: 4,
    });
    // acme-dc, acme-web and globex-db in acme and globex: initech-fs, reached only by the PSA, is not among them.
    expect([valueOf(families, 'pathwarden_pooled_tools_reached_tenants'), valueOf(families, 'pathwarden_pooled_tools_reached_systems')]).toEqual([2, 3]);
  });
});

describe('requests', () => {
  it('counts each operation by root field and the code its caller was sent, with its time, refusals before GraphQL under (none)', async () => {
    const fresh = await serve(exec);
    try {
      const entity = '{ entity(id: "system:acme-dc") { id } }';
      await gql(fresh, analyst, { query: entity });
      await gql(fresh, analyst, { query: entity });
      await gql(fresh, analyst, { query: '{ blastRadius(from: "nope") { systemCount } }' });
      await gql(fresh, analyst, { query: '{ apiKeys { id } }' });
      await gql(fresh, analyst, { query: '{ a: entity(id: "system:acme-dc") { id } b: whoCanReach(target: "nope") { peopleCount } }' });
      await gql(fresh, undefined, { query: entity });
      await gql(fresh, analyst, { query: '{ entity(id: ' });
      await gql(fresh, analyst, { query: '{ noSuchField }' });
      await gql(fresh, analyst, [{ query: entity }, { query: '{ viewer { id } }' }]);
      const families = await fresh.scrape(admin);
      const counted = (operation: string, code: string, value: number) => ({ labels: { operation, code }, value });
      const timed = (operation: string, value: number) => ({ labels: { operation }, value });
      expect({ requests: series(families, 'pathwarden_graphql_requests_total'), timed: series(families, 'pathwarden_graphql_request_duration_seconds_count') }).toEqual({
        requests: [
          counted('(none)', 'BAD_USER_INPUT', 2),
          counted('(none)', 'UNAUTHENTICATED', 1),
          counted('apiKeys', 'FORBIDDEN', 1),
          counted('blastRadius', 'NOT_FOUND', 1),
          counted('entity', 'OK', 4),
          counted('viewer', 'OK', 1),
          counted('whoCanReach', 'NOT_FOUND', 1),
        ],
        timed: [timed('(none)', 3), timed('apiKeys', 1), timed('blastRadius', 1), timed('entity', 4), timed('viewer', 1), timed('whoCanReach', 1)],
      });
    } finally {
      await fresh.close();
    }
  });

  it('labels nothing with an id, an alias or an operation name: after requests about every entity, the label values are exactly the schema field names and codes', async () => {
    const fresh = await serve(exec);
    try {
      const ids = [...GRAPH.tenants!, ...GRAPH.systems!, ...GRAPH.people!, ...GRAPH.identities!, ...GRAPH.tools!].map((e) => e.id);
      const made = Array.from({ length: 20 }, (_, i) => `system:made-up-${i}`);
      const word = (id: string) => id.replace(/[^A-Za-z0-9]/g, '_');
      for (const id of [...ids, ...made]) {
        await gql(fresh, analyst, { query: `query Q_${word(id)} { ${word(id)}: blastRadius(from: "${id}") { systemCount } whoCanReach(target: "${id}") { peopleCount } }`, operationName: `Q_${word(id)}` });
        await gql(fresh, analyst, { query: `query($id: ID!) { entity(id: $id) { id } }`, variables: { id } });
        await gql(fresh, analyst, { query: `{ ${word(id)} }` });
      }
      const families = await fresh.scrape(admin);
      const values = (name: string, label: string) => [...new Set(samples(families, name).map((x) => x.labels[label]))].sort();
      expect({
        operations: values('pathwarden_graphql_requests_total', 'operation'),
        codes: values('pathwarden_graphql_requests_total', 'code'),
        timed: values('pathwarden_graphql_request_duration_seconds_count', 'operation'),
      }).toEqual({ operations: ['(none)', 'blastRadius', 'entity', 'whoCanReach'], codes: ['BAD_USER_INPUT', 'NOT_FOUND', 'OK'], timed: ['(none)', 'blastRadius', 'entity', 'whoCanReach'] });
      // Anywhere in the scrape, no label value holds an id or a word made from one.
      const everyValue = [...families.values()].flatMap((f) => f.samples.flatMap((x) => Object.values(x.labels)));
      const leaks = everyValue.filter((v) => [...ids, ...made].some((id) => v.includes(id) || v.includes(word(id))));
      expect(leaks).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('uses only the codes of errors.ts, and OK, as outcome labels', async () => {
    const families = await s.scrape(admin);
    const codes = new Set(samples(families, 'pathwarden_graphql_requests_total').map((x) => x.labels.code));
    expect([...codes].filter((c) => c !== 'OK' && !(c in ErrorCode))).toEqual([]);
  });
});

describe('Neo4j and the reach index', () => {
  const stored = async () => ({
    version: await h.count("MATCH (g:GraphState {id: 'graph'}) RETURN g.version"),
    entities: await h.count('MATCH (n:Entity) RETURN count(n)'),
    // Access records, plus one containment edge per system in a tenant.
    edges: (await h.count('MATCH ()-[r:ACCESS]->() RETURN count(r)')) + (await h.count("MATCH (n:Entity {kind: 'SYSTEM'}) RETURN count(n)")),
  });
  const indexFigures = (families: Map<string, Family>) => ({
    version: valueOf(families, 'pathwarden_reach_index_version'),
    entities: valueOf(families, 'pathwarden_reach_index_entities'),
    edges: valueOf(families, 'pathwarden_reach_index_edges'),
  });

  it('says Neo4j is up, and the index holds the stored version and size; a write from another process is caught up from the change feed, with no reload', async () => {
    const before = await s.scrape(admin);
    const loads = valueOf(before, 'pathwarden_reach_index_loads_total')!;
    expect([valueOf(before, 'pathwarden_neo4j_up'), valueOf(before, 'pathwarden_neo4j_unavailable_since_seconds'), indexFigures(before)]).toEqual([1, undefined, await stored()]);
    const feed = (families: Map<string, Family>) => ({
      catchUps: valueOf(families, 'pathwarden_reach_index_feed_catch_ups_total') ?? 0,
      entries: valueOf(families, 'pathwarden_reach_index_feed_entries_applied_total') ?? 0,
      ids: valueOf(families, 'pathwarden_reach_index_feed_ids_applied_total') ?? 0,
      deltas: samples(families, 'pathwarden_reach_index_update_duration_seconds_count').find((x) => x.labels.kind === 'delta')?.value ?? 0,
    });

    // One new person: one entry listing one entity.
    await h.load({ people: [named('person:new')] });
    const after = await s.scrape(admin);
    const [was, now] = [feed(before), feed(after)];
    expect({ index: indexFigures(after), loads: valueOf(after, 'pathwarden_reach_index_loads_total') }).toEqual({ index: await stored(), loads });
    expect({ catchUps: now.catchUps - was.catchUps, entries: now.entries - was.entries, ids: now.ids - was.ids, deltas: now.deltas - was.deltas }).toEqual({ catchUps: 1, entries: 1, ids: 1, deltas: 1 });
    const loadedAt = valueOf(after, 'pathwarden_reach_index_loaded_timestamp_seconds')!;
    const verifiedAt = valueOf(after, 'pathwarden_reach_index_verified_timestamp_seconds')!;
    expect([loadedAt === valueOf(before, 'pathwarden_reach_index_loaded_timestamp_seconds')!, verifiedAt > loadedAt, valueOf(after, 'pathwarden_reach_index_load_duration_seconds')! >= 0]).toEqual([true, true, true]);
  });

  it('times each named query under its cypher/ file and the commit of each write transaction', async () => {
    const fresh = await serve(exec);
    try {
      const INGEST = 'mutation($input: IngestInput!) { ingest(input: $input) { access { created } } }';
      const batch = (n: number) => ({ identities: [identity(`identity:timed-${n}`)], access: [grant(`acc:timed-${n}`, 'CAN_ACCESS', `identity:timed-${n}`, 'system:acme-web')] });
      const counts = (families: Map<string, Family>) => ({
        creates: samples(families, 'pathwarden_neo4j_query_duration_seconds_count').find((x) => x.labels.query === 'ingest/create-access')?.value ?? 0,
        entityCreates: samples(families, 'pathwarden_neo4j_query_duration_seconds_count').find((x) => x.labels.query === 'ingest/create-entities')?.value ?? 0,
        commits: valueOf(families, 'pathwarden_neo4j_commit_duration_seconds_count') ?? 0,
      });
      const before = counts(await fresh.scrape(admin));
      const answers = [await gql(fresh, admin, { query: INGEST, variables: { input: batch(1) } }), await gql(fresh, admin, { query: INGEST, variables: { input: batch(2) } })];
      const families = await fresh.scrape(admin);
      const after = counts(families);
      expect(answers.map((a) => a.data?.ingest.access.created)).toEqual([1, 1]);
      // Two batches: one access create and one entity create each, and two commits (the scrapes and the index's catch-up only read).
      expect({ creates: after.creates - before.creates, entityCreates: after.entityCreates - before.entityCreates, commits: after.commits - before.commits }).toEqual({ creates: 2, entityCreates: 2, commits: 2 });
      // Every label value names a file under cypher/, and the time spent is counted.
      const queries = [...new Set(samples(families, 'pathwarden_neo4j_query_duration_seconds_count').map((x) => x.labels.query))];
      expect(queries.filter((q) => !fs.existsSync(path.join('cypher', `${q}.cypher`)))).toEqual([]);
      expect([queries.length > 5, samples(families, 'pathwarden_neo4j_query_duration_seconds_sum').every((x) => x.value > 0), valueOf(families, 'pathwarden_neo4j_commit_duration_seconds_sum')! > 0]).toEqual([true, true, true]);
    } finally {
      await fresh.close();
    }
  });

  it('says Neo4j is down and since when while it is unreachable, and leaves out the gauges it could not check against it', async () => {
    const dead = Executor.connect('bolt://127.0.0.1:1', { username: 'neo4j', password: 'x', database: undefined, txTimeoutMs: 1000, unavailableMs: 500 });
    const down = await serve(dead);
    try {
      const first = await down.scrape(admin);
      const second = await down.scrape(admin);
      const graphSeries = (f: Map<string, Family>) => ['pathwarden_findings', 'pathwarden_unaccountable_paths', 'pathwarden_pooled_tools', 'pathwarden_graph_observed_timestamp_seconds'].flatMap((n) => samples(f, n));
      const since = Date.parse(dead.unavailableSince() as string) / 1000;
      expect([first, second].map((f) => ({ up: valueOf(f, 'pathwarden_neo4j_up'), since: valueOf(f, 'pathwarden_neo4j_unavailable_since_seconds'), graph: graphSeries(f), families: f.has('pathwarden_findings') }))).toEqual([
        { up: 0, since, graph: [], families: true },
        { up: 0, since, graph: [], families: true },
      ]);
    } finally {
      await down.close();
      await dead.close();
    }
  });
});

describe('the cost of a scrape', () => {
  useEnv('PATHWARDEN_FINDINGS_CACHE_MS', '60000');

  it('computes the graph gauges once while the graph stays the same, and again after a write', async () => {
    const graphs = s.api.metrics.graph;
    // A write first, so no figures computed by an earlier test are still current.
    await h.load({ people: [named('person:cost')] });
    const start = graphs.computed;
    const first = series(await s.scrape(admin), 'pathwarden_findings');
    const again = series(await s.scrape(admin), 'pathwarden_findings');
    const unchanged = graphs.computed - start;
    await h.load({ identities: [identity('identity:new')] });
    await s.scrape(admin);
    expect({ unchanged, same: again, afterWrite: graphs.computed - start }).toEqual({ unchanged: 1, same: first, afterWrite: 2 });
  });
});
