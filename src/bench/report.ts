/** The benchmark's figures and BENCHMARKS.md, with every target of issue 3 marked met or not met. */
import type { ConsoleFigures } from './console';
import type { WholeAnswerFigures } from './whole-answer';
import type { FixedCostFigures } from './fixed-cost';
import type { WorkerFigures } from './workers';
import type { IngestLoadFigures } from './ingest-load';
import type { ReplicaFigures } from './replica';
import type { Latency } from './stats';
import type { SyncLoadFigures, SyncRunFigures } from './sync-load';

export interface Figures {
  scale: string;
  seed: number;
  concurrency: number;
  date: string;
  machine: { cores: number; memoryGiB: number; cpu: string; node: string };
  graph: { entities: number; access: number; ownerships: number; systems: number; tenants: number; generateSeconds: number };
  /**
   * The initial load into the empty database: neo4j-admin's offline import
   * (local Neo4j: `seconds` is the import itself, CSV files and neo4j-admin;
   * readySeconds adds the start, the schema and its indexes online;
   * untilApiSeconds adds the API's start and its first answer), or Cypher
   * batches into NEO4J_URI.
   */
  bulk: {
    method: string;
    records: number;
    seconds: number;
    perSecond: number;
    writeSeconds?: number;
    importSeconds?: number;
    readySeconds?: number;
    untilApiSeconds?: number;
  };
  mutation: { records: number; seconds: number; perSecond: number };
  /** The whole graph through the ingest mutation into an empty database (absent when not measured). */
  ingestLoad?: IngestLoadFigures;
  /** The whole graph as one source through the importer's sync, then a re-sync with 1% changed (absent when not measured). */
  syncLoad?: SyncLoadFigures;
  floorBuildSeconds: number;
  firstQuerySeconds: number;
  /** A tenant auditor's first request: resolving its scope on the reach index (then cached until the graph changes). */
  scopeResolutionMs: number;
  samples: { origins: number; top10: string[]; tools: number; apiKeys: number; targets: number; pairs: number };
  latency: Record<string, Latency>;
  ratios: Record<string, number>;
  naive: { query: string; id: string; ms: number | null; apiMs: number }[];
  naiveTimeoutSeconds: number;
  apiMaxRssMiB: number;
  checks: string[];
  /** A second API process catching up with a 5,000-record ingest through the first (absent when not measured). */
  replica?: ReplicaFigures;
  /** The console in headless Chromium (absent when not measured). */
  console?: ConsoleFigures;
  /** A request's fixed cost against a bare Node.js HTTP echo (issue 13). */
  fixedCost?: FixedCostFigures;
  /** The API as one process per core on one port (issue 13). */
  workers?: WorkerFigures;
  /** Every page of the largest blast radius (issue 13). */
  wholeAnswer?: WholeAnswerFigures;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function targets(f: Figures): [string, string, boolean][] {
  const lat = (name: string) => f.latency[name];
  const naiveRatio = (q: string) => {
    const runs = f.naive.filter((r) => r.query === q);
    return runs.every((r) => r.ms === null || r.ms / r.apiMs >= 100);
  };
  const naiveText = (q: string) =>
    f.naive
      .filter((r) => r.query === q)
      .map((r) => (r.ms === null ? `timeout (> ${f.naiveTimeoutSeconds} s)` : `${(r.ms / r.apiMs).toFixed(0)}x`))
      .join(', ');
  return [
    ...(['blastRadius', 'whoCanReach'] as const).map((q): [string, string, boolean] => [
      `${q} p95 <= 5x floor (aim 3x)`,
      `${f.ratios[`${q} API/floor (p95)`].toFixed(1)}x one at a time; ${f.ratios[`${q} API at concurrency/floor (p95)`].toFixed(1)}x at concurrency ${f.concurrency}`,
      f.ratios[`${q} API/floor (p95)`] <= 5,
    ]),
    ...fixedCostTargets(f.fixedCost),
    ...workerTargets(f.workers),
    ...wholeAnswerTargets(f.wholeAnswer),
    ['blastRadius >= 100x faster than naive, or naive times out', naiveText('blastRadius'), naiveRatio('blastRadius')],
    ['whoCanReach >= 100x faster than naive, or naive times out', naiveText('whoCanReach'), naiveRatio('whoCanReach')],
    ['accessPaths (5 shortest) p95 < 50 ms', `${ms(lat('accessPaths (API)').p95)} ms`, lat('accessPaths (API)').p95 < 50],
    ['unaccountablePaths, whole graph < 10 s', `${ms(lat('unaccountablePaths, whole graph (API)').p95)} ms (slowest of 3)`, lat('unaccountablePaths, whole graph (API)').p95 < 10_000],
    [
      'bulk load >= 50,000 records/s',
      `${Math.round(f.bulk.perSecond).toLocaleString('en')} records/s (${f.bulk.method}${f.bulk.untilApiSeconds === undefined ? '' : `; the API answered ${f.bulk.untilApiSeconds.toFixed(1)} s after the load began`})`,
      f.bulk.perSecond >= 50_000,
    ],
    ...ingestTargets(f.ingestLoad),
    ['mutation ingest into the loaded graph >= 10,000 records/s', `${Math.round(f.mutation.perSecond).toLocaleString('en')} records/s`, f.mutation.perSecond >= 10_000],
    ...consoleTargets(f.console),
    ...replicaTargets(f.replica),
    ['API process < 1 GiB resident', `${f.apiMaxRssMiB.toFixed(0)} MiB`, f.apiMaxRssMiB < 1024],
    ['no result truncated', f.checks.join('; '), f.checks.length > 0],
  ];
}

/**
 * Issue 13's fixed cost: a leaf whoCanReach's p95 against its floor over HTTP
 * (the bare echo's p95 plus the in-process floor's), one at a time; the
 * ratios to the echo alone are shown beside it (docs/performance.md).
 */
function fixedCostTargets(c: FixedCostFigures | undefined): [string, string, boolean][] {
  if (!c) return [['fixed cost: whoCanReach of a leaf system p95 <= 5x its floor over HTTP', 'not measured', false]];
  const floor = c.echo.p95 + c.leafFloor.p95;
  return [
    [
      'fixed cost: whoCanReach of a leaf system p95 <= 5x its floor over HTTP (echo + in-process floor)',
      `${(c.leafApi.p95 / floor).toFixed(1)}x (${ms(c.leafApi.p95)} vs ${ms(c.echo.p95)} + ${ms(c.leafFloor.p95)} ms); per-request overhead over the bare echo: { viewer { id } } ${(c.viewer.p95 / c.echo.p95).toFixed(1)}x, leaf whoCanReach ${(c.leafApi.p95 / c.echo.p95).toFixed(1)}x (p95; medians ${(c.viewer.median / c.echo.median).toFixed(1)}x, ${(c.leafApi.median / c.echo.median).toFixed(1)}x)`,
      c.leafApi.p95 <= 5 * floor,
    ],
  ];
}

/** Issue 13's "listing a whole answer": every page of the largest blast radius, cold (its first page traverses), within 3x the floor's traversal plus the same JSON. */
function wholeAnswerTargets(w: WholeAnswerFigures | undefined): [string, string, boolean][] {
  const name = 'every page of the largest blast radius (pages of 1,000) p95 <= 3x the floor traversal + the same JSON';
  if (!w) return [[name, 'not measured', false]];
  const bound = 3 * w.floorTraversalMs + w.jsonMs;
  return [
    [
      name,
      `${w.origin}: ${w.systems.toLocaleString('en')} systems in ${w.pages} pages; cold ${ms(w.cold.p95)} ms (${(w.cold.p95 / bound).toFixed(2)}x the bound of ${ms(bound)} ms: traversal ${ms(w.floorTraversalMs)} ms, JSON ${ms(w.jsonMs)} ms); from the kept answer, at "now", ${ms(w.now.p95)} ms`,
      w.cold.p95 <= bound,
    ],
  ];
}

/** Issue 13's "every core busy": throughput at concurrency 8 over 1, and p95 at 4 over 1, with the API as one process per core. */
function workerTargets(w: WorkerFigures | undefined): [string, string, boolean][] {
  if (!w) return [['every core busy: throughput at concurrency 8 >= 1.7x concurrency 1', 'not measured', false]];
  return Object.entries(w.runs).flatMap(([q, r]): [string, string, boolean][] => [
    [
      `every core busy (${w.workers} API processes): ${q} throughput at concurrency 8 >= 1.7x concurrency 1`,
      `${(r.c8.throughput / r.c1.throughput).toFixed(2)}x (${r.c8.throughput.toFixed(1)} vs ${r.c1.throughput.toFixed(1)} ops/s)`,
      r.c8.throughput >= 1.7 * r.c1.throughput,
    ],
    [
      `every core busy (${w.workers} API processes): ${q} p95 at concurrency 4 <= 2x one at a time`,
      `${(r.c4.p95 / r.c1.p95).toFixed(2)}x (${ms(r.c4.p95)} vs ${ms(r.c1.p95)} ms)`,
      r.c4.p95 <= 2 * r.c1.p95,
    ],
  ]);
}

/** Issue 11's target: the console draws the largest pooled tool's blast radius within 3 s of opening the sign-in link (the median of the warm samples; the cold first one is shown too). */
function consoleTargets(c: ConsoleFigures | undefined): [string, string, boolean][] {
  if (!c) return [['console: sign-in to drawn blast radius of the largest pooled tool < 3 s', 'not measured', false]];
  const warm = [...c.samplesMs.slice(1)].sort((a, b) => a - b);
  const median = warm.length ? warm[Math.floor(warm.length / 2)] : c.samplesMs[0];
  return [
    [
      'console: sign-in to drawn blast radius of the largest pooled tool < 3 s',
      `${c.tool}: ${c.systems.toLocaleString('en')} systems in ${c.tenants} tenants, ${c.drawn.nodes} nodes drawn; median ${ms(median)} ms (first, cold: ${ms(c.samplesMs[0])} ms)`,
      median < 3_000,
    ],
  ];
}

/** Issue 13's target: replica B answers a 5,000-record ingest through replica A within the staleness bound + 200 ms, from the change feed, with no reload. */
function replicaTargets(r: ReplicaFigures | undefined): [string, string, boolean][] {
  const goal = 'replica B answers a 5,000-record ingest through replica A within the staleness bound + 200 ms, with no reload';
  if (!r) return [[goal, 'not measured', false]];
  const reloads = r.loadsAfter - r.loadsBefore;
  return [
    [
      goal,
      `${ms(r.catchUpMs)} ms (bound ${r.stalenessMs} + 200 ms); ${r.entries} change-feed entr${r.entries === 1 ? 'y' : 'ies'}, ${r.ids.toLocaleString('en')} records applied${r.deltaMs === null ? '' : ` in ${ms(r.deltaMs)} ms`}; full reloads during it: ${reloads}`,
      r.catchUpMs <= r.stalenessMs + 200 && reloads === 0 && r.entries > 0,
    ],
  ];
}

/** Issue 10's targets for loading through the mutation; a run that did not measure it says so, unmet. */
function ingestTargets(l: IngestLoadFigures | undefined): [string, string, boolean][] {
  if (!l) return [['whole graph through the ingest mutation >= 10,000 records/s, flat', 'not measured (--ingest-load no, or NEO4J_URI given)', false]];
  return [
    ['whole graph through the ingest mutation >= 10,000 records/s', `${Math.round(l.perSecond).toLocaleString('en')} records/s (${l.records.toLocaleString('en')} records in ${l.seconds.toFixed(1)} s, ${l.batches} batches)`, l.perSecond >= 10_000],
    [
      'slowest tenth of its batches <= 1.5x the fastest tenth',
      `${l.slowestOverFastest.toFixed(2)}x (${ms(l.fastestTenthMsPerRecord * 1000)} vs ${ms(l.slowestTenthMsPerRecord * 1000)} ms per 1,000 records); access batches, last tenth over first: ${l.accessLastOverFirst.toFixed(2)}x`,
      l.slowestOverFastest <= 1.5,
    ],
  ];
}

const mibText = (v: number | null) => (v === null ? '-' : v.toFixed(1));

/** Issue 12's measurement: no target is set, so the figures stand alone. */
function syncSection(l: SyncLoadFigures | undefined): string {
  if (!l) return 'Not measured (--sync-load no, or NEO4J_URI given).';
  const run = (name: string, r: SyncRunFigures | { error: string }) =>
    'error' in r
      ? `| ${name} | failed: ${r.error.replace(/\|/g, '/').replace(/\n/g, ' ')} | | | | | |`
      : `| ${name} | ${r.records.toLocaleString('en')} | ${r.seconds.toFixed(1)} | ${Math.round(r.perSecond).toLocaleString('en')} | ${r.created.toLocaleString('en')} / ${r.updated.toLocaleString('en')} / ${r.unchanged.toLocaleString('en')} / ${r.revoked.toLocaleString('en')} | ${mibText(r.peakStagingMiB)} (${r.stagingBatches}) | ${mibText(r.publishMiB)} |`;
  const changed = 'changedAccess' in l.resync ? ` (${l.resync.changedAccess.toLocaleString('en')} access records changed)` : '';
  return `The whole graph as one source through \`npm run import -- --sync\`'s path (the lease, validation and plan, the guards, new records staged in batches of 5,000, then one publishing transaction), into an empty database; then the same source again with 1% of its access records changed${changed}. Heap: what Neo4j reports for each write transaction just before it commits.

| run | records | seconds | records/s | created / updated / unchanged / revoked | largest staging transaction heap, MiB (batches) | publishing transaction heap, MiB |
| --- | --- | --- | --- | --- | --- | --- |
${run('first sync', l.first)}
${run('re-sync, 1% changed', l.resync)}`;
}

/** The initial load, phase by phase when it was neo4j-admin's import. */
function bulkLine(b: Figures['bulk']): string {
  const s = (x: number | undefined) => `${(x ?? 0).toFixed(1)} s`;
  if (b.readySeconds === undefined) return `Bulk load (${b.method}): ${b.records.toLocaleString('en')} records in ${s(b.seconds)}.`;
  return (
    `Bulk load (${b.method}, as \`npm run bulk-import\`): ${b.records.toLocaleString('en')} records in ${s(b.seconds)} (CSV files ${s(b.writeSeconds)}, neo4j-admin ${s(b.importSeconds)}); ` +
    `started with its indexes online after ${s(b.readySeconds)}; the API's first answer after ${s(b.untilApiSeconds)}.`
  );
}

export function report(f: Figures): string {
  const rows = Object.entries(f.latency).map(
    ([name, l]) => `| ${name} | ${l.count} | ${ms(l.median)} | ${ms(l.p95)} | ${ms(l.p99)} | ${l.throughput.toFixed(1)} |`,
  );
  const naive = f.naive.map((r) => `| ${r.query}(${r.id}) | ${r.ms === null ? `timeout (> ${f.naiveTimeoutSeconds} s)` : ms(r.ms)} | ${ms(r.apiMs)} | ${r.ms === null ? `> ${((f.naiveTimeoutSeconds * 1000) / r.apiMs).toFixed(0)}x` : `${(r.ms / r.apiMs).toFixed(0)}x`} |`);
  const goals = targets(f).map(([goal, value, met]) => `| ${goal} | ${value} | ${met ? 'met' : '**not met**'} |`);
  return `# Benchmarks

Command: \`npm run bench -- --scale ${f.scale} --seed ${f.seed} --concurrency ${f.concurrency}\`
Date: ${f.date}. Machine: ${f.machine.cores} cores (${f.machine.cpu}), ${f.machine.memoryGiB.toFixed(0)} GiB, Node ${f.machine.node}; Neo4j 5.26 Community (local, embedded launcher).
The targets of issue 3 are set for the medium scale; at other scales they are shown for reference.

## Graph (${f.scale}, seed ${f.seed})
${f.graph.entities.toLocaleString('en')} entities (${f.graph.tenants.toLocaleString('en')} tenants, ${f.graph.systems.toLocaleString('en')} systems), ${f.graph.access.toLocaleString('en')} access records, ${f.graph.ownerships.toLocaleString('en')} owner links; generated in ${f.graph.generateSeconds.toFixed(1)} s.
${f.ingestLoad ? `Through the ingest mutation into an empty database (what users run): ${f.ingestLoad.records.toLocaleString('en')} records in ${f.ingestLoad.seconds.toFixed(1)} s, ${f.ingestLoad.batches} batches of up to 5,000. ` : ''}${bulkLine(f.bulk)} Floor built in ${f.floorBuildSeconds.toFixed(1)} s. First reach query after start (waits for the reach index, which the API loads as it starts): ${f.firstQuerySeconds.toFixed(1)} s. A tenant auditor's first request (resolves its scope): ${f.scopeResolutionMs.toFixed(0)} ms.
Samples: ${f.samples.origins} blast-radius origins (the 10 technicians with the largest reach, sampled technicians, ${f.samples.tools} pooled tools, ${f.samples.apiKeys} API keys), ${f.samples.targets} exposure targets (systems and tenants), ${f.samples.pairs} access-path pairs.

## Whole-source sync
${syncSection(f.syncLoad)}

## Correctness
${f.checks.map((c) => `- ${c}`).join('\n')}

## Latency (ms), end to end over HTTP at concurrency ${f.concurrency}; floor in process, one at a time
| query | n | median | p95 | p99 | ops/s |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

## The naive way (one variable-length Cypher pattern per question)
| question | naive (ms) | API (ms) | naive / API |
| --- | --- | --- | --- |
${naive.join('\n')}

## Targets
The API/floor ratios compare p95s; "one at a time" is like for like with the
floor (one question at a time, in process), the other includes queueing for
the ${f.concurrency} requests in flight on the API's single Node.js thread.

| target | measured | |
| --- | --- | --- |
${goals.join('\n')}
`;
}
