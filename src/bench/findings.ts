/**
 * Times the whole findings report on the synthetic MSP, in process and
 * without Neo4j: the generator's graph goes straight into a ReachIndex (as
 * the provider would load it) and every check runs at the generator's epoch.
 *
 *   node --max-old-space-size=8192 --import tsx src/bench/findings.ts [small|medium] [seed] [runs]
 *
 * Prints the build time, each code's count and the report's time (`runs`
 * times, default 2: each later run is a new report over the warm index, as a
 * later request is), then the fastest and the median whole report.
 */
import type { EntityKind, IngestInput } from '../generated/graphql';
import { generate, GENERATOR_EPOCH, type Scale } from './generate';
import { DEFAULT_POLICY } from '../governance/policy';
import { edgeFromRow } from '../reach/index/provider';
import { ReachIndex, type IndexEdge, type IndexNode } from '../reach/index/reach-index';
import { CHECKS } from '../findings/checks';
import { Report } from '../findings/report';

/** A ReachIndex holding `input` as the provider would load it from Neo4j. */
export function indexOf(input: IngestInput): ReachIndex {
  const index = new ReachIndex();
  const lists: [EntityKind, { id: string; [k: string]: unknown }[] | null | undefined][] = [
    ['PERSON', input.people],
    ['TEAM', input.teams],
    ['IDENTITY', input.identities],
    ['TOOL', input.tools],
    ['ROLE', input.roles],
    ['TENANT', input.tenants],
    ['SYSTEM', input.systems],
  ];
  const defaults: Partial<Record<EntityKind, Record<string, unknown>>> = {
    PERSON: { status: 'ACTIVE' },
    IDENTITY: { enabled: true },
    TENANT: { contractStatus: 'ACTIVE' },
    SYSTEM: { environment: 'PRODUCTION', criticality: 'MEDIUM' },
  };
  const nodes: IndexNode[] = [];
  for (const [kind, list] of lists) {
    for (const r of list ?? []) {
      const row = { ...defaults[kind], ...r, kind, name: String(r.name ?? r.id) } as IndexNode['row'] & object;
      nodes.push({ id: r.id, kind, enabled: row.enabled as boolean | null, privileged: (row.privileged as boolean) ?? null, tenantId: (row.tenantId as string) ?? null, row });
    }
  }
  index.upsertNodes(nodes);
  const ms = (v: string | null | undefined) => (v ? Date.parse(v) : null);
  // The same row the index load streams from Neo4j (cypher/reach/index-edges.cypher), so the flags follow one rule.
  const edges: IndexEdge[] = (input.access ?? []).map((a) =>
    edgeFromRow({
      id: a.id,
      from: a.fromId,
      to: a.toId,
      kind: a.kind,
      grantedAt: ms(a.grantedAt) ?? 0,
      revokedAt: ms(a.revokedAt),
      privileged: a.privileged === true,
      approved: a.approvedById != null,
      justified: (a.justification ?? '').trim() !== '',
      expiresAt: ms(a.expiresAt),
      lastCertifiedAt: ms(a.lastCertifiedAt),
      lastUsedAt: ms(a.lastUsedAt),
      approvedBy: a.approvedById ?? null,
    }),
  );
  index.upsertEdges(edges);
  index.setOwnerLinks(
    [],
    (input.ownerships ?? []).map((o) => ({ entityId: o.entityId, ownerId: o.ownerId, role: o.role ?? 'SERVICE_OWNER', since: o.since ?? '1970-01-01T00:00:00Z', until: null })),
  );
  return index;
}

async function main(): Promise<void> {
  const scale = (process.argv[2] ?? 'medium') as Scale;
  const seed = Number(process.argv[3] ?? 1);
  let t = Date.now();
  const input = generate(scale, seed);
  const index = indexOf(input);
  console.log(`${scale}, seed ${seed}: ${index.nodeCount} entities, ${index.edgeCount} edges (records and containment), built in ${Date.now() - t} ms`);
  const asOf = { ms: Date.parse(GENERATOR_EPOCH), iso: new Date(GENERATOR_EPOCH).toISOString() };
  const runs = Number(process.argv[4] ?? 2);
  const whole: number[] = [];
  for (let run = 1; run <= runs; run++) {
    t = Date.now();
    const report = new Report(index, asOf, DEFAULT_POLICY);
    const counts: { code: string; count: number; ms: number }[] = [];
    for (const c of CHECKS) {
      const started = Date.now();
      counts.push({ code: c.code, count: (await report.findings([c])).length, ms: Date.now() - started });
    }
    const total = Date.now() - t;
    if (run === 1) for (const c of counts) console.log(`  ${c.code.padEnd(28)} ${String(c.count).padStart(8)}  ${c.ms} ms`);
    t = Date.now();
    const all = await new Report(index, asOf, DEFAULT_POLICY).findings(CHECKS);
    whole.push(Date.now() - t);
    console.log(`run ${run}: one check at a time ${total} ms; all checks in one report ${Date.now() - t} ms (${all.length} findings); heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
  }
  whole.sort((a, b) => a - b);
  console.log(`all checks in one report, ${runs} runs: fastest ${whole[0]} ms, median ${whole[Math.floor(runs / 2)]} ms`);
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
