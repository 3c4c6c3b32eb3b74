/**
 * The Grafana dashboard of the observability profile
 * (observability/grafana/dashboards/pathwarden.json) asks only for what the
 * API exports: every PromQL expression in it is parsed (Prometheus's own
 * grammar, @prometheus-io/lezer-promql), and each metric it selects and each
 * label it filters or groups by must appear in a real scrape of /metrics.
 * Docker cannot run here; this is what keeps the dashboard from going blank
 * when a metric is renamed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { Executor } from '../src/db/executor';
import { sampleNames, type Family } from './support/exposition';
import { grant, graph, identity, named, system } from './support/fixtures';
import { useHarness } from './support/harness';
import { serve, type Served } from './support/metrics';
import { tokenFor } from './support/security';

const h = useHarness();
const DASHBOARD = path.join(__dirname, '..', 'observability', 'grafana', 'dashboards', 'pathwarden.json');

interface Panel {
  title?: string;
  type: string;
  targets?: { expr: string }[];
  panels?: Panel[];
  datasource?: { uid?: string };
}

/** Every panel, rows' panels included. */
const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

/** What one PromQL expression selects: metric names, and the label names it filters or groups by; null when it does not parse. */
function selects(expr: string): { metrics: string[]; labels: string[] } | null {
  const tree = parser.parse(expr);
  const metrics: string[] = [];
  const labels: string[] = [];
  let broken = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      const parent = node.node.parent?.type.name;
      if (node.name === 'Identifier' && parent === 'VectorSelector') metrics.push(expr.slice(node.from, node.to));
      if (node.name === 'LabelName') labels.push(expr.slice(node.from, node.to));
    },
  });
  return broken ? null : { metrics, labels };
}

let exec: Executor;
let s: Served;
let scraped: Map<string, Family>;

beforeAll(async () => {
  await h.resetTo(graph({ tenants: [named('t')], systems: [system('s', 't')], people: [named('ann')], identities: [identity('adm')], access: [grant('u', 'USES', 'ann', 'adm'), grant('c', 'CAN_ACCESS', 'adm', 's')] }));
  exec = Executor.connect(process.env.NEO4J_URI as string, { username: process.env.NEO4J_USERNAME || 'neo4j', password: process.env.NEO4J_PASSWORD || 'neo4j', database: process.env.NEO4J_DATABASE || undefined, txTimeoutMs: 60_000 });
  s = await serve(exec);
  const analyst = await tokenFor('ANALYST');
  // Requests of several outcomes, so the request series carry their labels.
  await s.post(analyst, { query: '{ entity(id: "s") { id } }' });
  await s.post(analyst, { query: '{ entity(id: "nope") { id } }' });
  scraped = await s.scrape(await tokenFor('METRICS'));
});
afterAll(async () => {
  await s.close();
  await exec.close();
});

const dashboard = () => JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: Panel[] };
const expressions = () => allPanels(dashboard().panels).flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

it('parses every expression of the dashboard as PromQL', () => {
  expect(expressions().filter(({ expr }) => selects(expr) === null)).toEqual([]);
});

it('selects only metrics a scrape of /metrics exposes, and filters and groups only by labels they carry', () => {
  const names = sampleNames(scraped);
  const labelsOf = (metric: string) => new Set([...scraped.values()].flatMap((f) => f.samples.filter((x) => x.name === metric).flatMap((x) => Object.keys(x.labels))));
  const problems = expressions().flatMap(({ panel, expr }) => {
    const { metrics, labels } = selects(expr)!;
    const carried = new Set(metrics.flatMap((m) => [...labelsOf(m)]));
    return [
      ...metrics.filter((m) => !names.has(m)).map((m) => `${panel}: no metric ${m}`),
      ...labels.filter((l) => !carried.has(l)).map((l) => `${panel}: no label ${l} on ${metrics.join(', ')}`),
    ];
  });
  expect(problems).toEqual([]);
});

it('shows findings by severity, gaps by reason, request rate and p95, index freshness, and Neo4j time by query and commit', () => {
  const used = new Set(expressions().flatMap(({ expr }) => selects(expr)?.metrics ?? []));
  const wanted = ['pathwarden_findings', 'pathwarden_unaccountable_paths', 'pathwarden_graphql_requests_total', 'pathwarden_graphql_request_duration_seconds_bucket', 'pathwarden_reach_index_verified_timestamp_seconds', 'pathwarden_neo4j_up', 'pathwarden_neo4j_query_duration_seconds_sum', 'pathwarden_neo4j_commit_duration_seconds_bucket'];
  expect(wanted.filter((m) => !used.has(m))).toEqual([]);
});

it('reads every panel from the Prometheus the profile provisions', () => {
  const provisioned = fs.readFileSync(path.join(__dirname, '..', 'observability', 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8');
  const uid = /^\s*uid:\s*(\S+)\s*$/m.exec(provisioned)?.[1];
  const uids = new Set(allPanels(dashboard().panels).filter((p) => p.type !== 'row').map((p) => p.datasource?.uid));
  expect([...uids]).toEqual([uid]);
});
