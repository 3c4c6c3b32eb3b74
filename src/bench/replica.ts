/**
 * Replicas that catch up by deltas (issue 13): a second API process (replica
 * B) on the benchmark's loaded Neo4j, a 5,000-record batch ingested through
 * the first (replica A), and B asked until it answers with the new records as
 * A does. B is kept busy from before the write (one question every few ms),
 * so its staleness window is at an arbitrary phase when the write lands, as
 * under real traffic. B's /metrics before and after say whether it caught up
 * from the change feed (entries and records applied) or reloaded its whole index.
 * Target: within the staleness bound + 200 ms, with no reload.
 */
import { indexStalenessMs } from '../config';
import type { IngestInput } from '../generated/graphql';
import { gql, metricsText, post, startApi } from './api';

export interface ReplicaFigures {
  records: number;
  stalenessMs: number;
  /** From A's acknowledgement of the write to B's first answer equal to A's, on every probe (ms). */
  catchUpMs: number;
  /** B's full loads of its index before and after the write (the first load is the one before). */
  loadsBefore: number;
  loadsAfter: number;
  /** Change-feed entries and records B applied for the write, and how long applying them took (ms, B's own measure). */
  entries: number;
  ids: number;
  deltaMs: number | null;
}

const WCR = `query($id: ID!) { whoCanReach(target: $id) { peopleCount identityCount
  people(first: 100) { edges { node { entity { id } distance } } } identities(first: 100) { edges { node { entity { id } distance } } } } }`;
const INGEST = `mutation($input: IngestInput!) { ingest(input: $input) { access { created updated } } }`;

/** An unlabelled sample of a /metrics text (or, with `labels`, the one sample carrying them); 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

function figuresOf(text: string) {
  return {
    loads: sample(text, 'pathwarden_reach_index_loads_total'),
    entries: sample(text, 'pathwarden_reach_index_feed_entries_applied_total'),
    ids: sample(text, 'pathwarden_reach_index_feed_ids_applied_total'),
    deltaSeconds: sample(text, 'pathwarden_reach_index_update_duration_seconds_sum', '{kind="delta"}'),
    reasons: text.split('\n').filter((l) => l.startsWith('pathwarden_reach_index_reloads_by_reason_total{')).join(', '),
  };
}

/**
 * 5,000 records: a new tenant with 2,499 new systems, and 2,500 new access
 * records from existing identities to them. Probes: who can reach the first,
 * a middle and the last new system (an unknown id until B has the write).
 */
function replicaBatch(input: IngestInput): { batch: IngestInput; probes: string[] } {
  const identities = (input.identities ?? []).map((i) => i.id);
  const approver = (input.people ?? [])[0].id;
  const tenant = 'bench-replica-tenant';
  const systems = Array.from({ length: 2_499 }, (_, k) => ({ id: `bench-replica-system-${k}`, name: `Replica system ${k}`, tenantId: tenant }));
  const access = Array.from({ length: 2_500 }, (_, j) => ({
    id: `bench-replica-${j}`,
    kind: 'CAN_ACCESS' as const,
    fromId: identities[(j * 7919) % identities.length],
    toId: systems[j % systems.length].id,
    approvedById: approver,
    justification: 'benchmark replica catch-up',
    grantedAt: '2026-11-01T00:00:00Z',
  }));
  const batch: IngestInput = { source: 'bench-replica', tenants: [{ id: tenant, name: 'Replica tenant' }], systems, access };
  return { batch, probes: [systems[0].id, systems[1_249].id, systems[2_498].id] };
}

/** Measures replica B catching up with a 5,000-record ingest through A (at `primaryUrl`). */
export async function replicaCatchUp(neo4jUri: string, primaryUrl: string, port: number, input: IngestInput, log: (msg: string) => void): Promise<ReplicaFigures> {
  const replica = await startApi(neo4jUri, port);
  try {
    const { batch, probes } = replicaBatch(input);
    // B loads its index on its first question.
    await gql(replica.url, `{ whoCanReach(target: "${input.systems![0].id}") { peopleCount } }`);
    // Keep B answering, so its next look at the stored version comes at whatever point of its staleness window the write lands in.
    let busy = true;
    const keepBusy = (async () => {
      while (busy) {
        await post(replica.url, WCR, { id: input.systems![0].id });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    // A one-record write first, which B catches up with too: Neo4j plans the feed's queries once per database,
    // and a deployment that has served one write has them planned, so the measured write finds them so.
    const warm = figuresOf(await metricsText(replica.url));
    const warmUp: IngestInput = {
      source: 'bench-replica',
      tenants: [{ id: 'bench-replica-warm-up', name: 'Replica warm-up' }],
      systems: [{ id: 'bench-replica-warm-up-system', name: 'Replica warm-up system', tenantId: 'bench-replica-warm-up' }],
      access: [{ ...batch.access![0], id: 'bench-replica-warm-up-access', toId: 'bench-replica-warm-up-system' }],
    };
    await gql(primaryUrl, INGEST, { input: warmUp });
    while (figuresOf(await metricsText(replica.url)).entries === warm.entries) {
      if (figuresOf(await metricsText(replica.url)).loads !== warm.loads) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const before = figuresOf(await metricsText(replica.url));
    await new Promise((r) => setTimeout(r, 1_500));
    await gql(primaryUrl, INGEST, { input: batch });
    const acked = performance.now();
    const want = await Promise.all(probes.map((id) => gql(primaryUrl, WCR, { id })));
    let catchUpMs = 0;
    for (const [k, id] of probes.entries()) {
      for (;;) {
        const answer = await post(replica.url, WCR, { id });
        if (answer.data && JSON.stringify(answer.data) === JSON.stringify(want[k])) break;
        if (performance.now() - acked > 600_000) throw new Error(`replica B still does not answer whoCanReach(${id}) as A does 600 s after the write`);
        await new Promise((r) => setTimeout(r, 5));
      }
      catchUpMs = performance.now() - acked;
    }
    busy = false;
    await keepBusy;
    const after = figuresOf(await metricsText(replica.url));
    const entries = after.entries - before.entries;
    const figures: ReplicaFigures = {
      records: batch.systems!.length + batch.access!.length + batch.tenants!.length,
      stalenessMs: indexStalenessMs(),
      catchUpMs,
      loadsBefore: before.loads,
      loadsAfter: after.loads,
      entries,
      ids: after.ids - before.ids,
      deltaMs: entries > 0 ? (after.deltaSeconds - before.deltaSeconds) * 1000 : null,
    };
    log(
      `replica B answered a ${figures.records}-record ingest through A in ${catchUpMs.toFixed(0)} ms (staleness bound ${figures.stalenessMs} ms): ` +
        `${figures.entries} feed entries, ${figures.ids} records applied${figures.deltaMs === null ? '' : ` in ${figures.deltaMs.toFixed(0)} ms`}; full loads ${figures.loadsBefore} -> ${figures.loadsAfter} (${after.reasons})`,
    );
    return figures;
  } finally {
    await replica.stop();
  }
}
