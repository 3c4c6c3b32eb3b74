/**
 * The soak's workload: one reader loop per role (ADMIN, ANALYST, an OWNER, a
 * TENANT_AUDITOR), each mixing its questions with refusals provoked on
 * purpose, and two writers (ingest batches as INGEST bound to the `soak`
 * source; grant, certify and revoke as ADMIN), all at once against one API,
 * until the run's time or request bound. Every acknowledged write goes into a
 * ledger, so the final check can ask the graph for each of them and rebuild
 * the floor with them.
 */
import type { AccessInput, IdentityInput, IngestInput } from '../generated/graphql';
import { bearerFor, post, type Answer } from './api';
import type { Floor } from './floor';
import { classify, type Sample } from './soak-report';
import { sample } from './stats';

/** The source the soak's ingest batches carry, and the only one its INGEST credential may write. */
export const SOAK_SOURCE = 'soak';

/** Who asks, and about what: sampled from the generated graph. */
export interface Cast {
  analyst: string;
  owner: string;
  auditor: string;
  ingest: string;
  /** The OWNER's person and the entities it owns. */
  ownerId: string;
  owned: string[];
  auditedTenant: string;
  /** Systems of other tenants: a tenant auditor asking about one is refused NOT_FOUND. */
  foreignSystems: string[];
  /** ACTIVE people (users of the soak's identities, approvers and certifiers). */
  people: string[];
  systems: string[];
  /** Systems of tenants under contract: a grant into a terminated tenant is refused, rightly. */
  grantable: string[];
  tenants: string[];
  origins: string[];
  targets: string[];
  pairs: [string, string][];
}

export async function castOf(input: IngestInput, floor: Floor, samples: number, seed: number): Promise<Cast> {
  const active = (input.people ?? []).filter((p) => p.status !== 'DEPARTED').map((p) => p.id);
  const activeSet = new Set(active);
  // The OWNER: the ACTIVE person owning the most entities (a department head owning pooled tools, typically).
  const owned = new Map<string, string[]>();
  for (const o of input.ownerships ?? []) if (activeSet.has(o.ownerId)) owned.set(o.ownerId, [...(owned.get(o.ownerId) ?? []), o.entityId]);
  const [ownerId, ownedIds] = [...owned].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0];
  const systems = input.systems ?? [];
  const terminated = new Set((input.tenants ?? []).filter((t) => t.contractStatus === 'TERMINATED').map((t) => t.id));
  const tenantOf = new Map(systems.map((s) => [s.id, s.tenantId]));
  const targets = [...sample(floor.idsOfKind('SYSTEM'), samples, seed), ...sample(floor.idsOfKind('TENANT'), Math.max(3, samples / 3), seed)];
  const auditedTenant = tenantOf.get(targets[0]) ?? floor.idsOfKind('TENANT')[0];
  const tools = (input.tools ?? []).filter((t) => t.pooled).map((t) => t.id);
  const origins = [...sample(active, samples, seed), ...tools];
  const pairs = origins
    .map((id) => {
      const reached = floor.blastRadius(id, 8, 0).reached;
      return reached.length ? ([id, reached[Math.floor(reached.length / 2)][0]] as [string, string]) : null;
    })
    .filter((p): p is [string, string] => p !== null);
  return {
    analyst: await bearerFor({ role: 'ANALYST' }),
    owner: await bearerFor({ role: 'OWNER', person: ownerId }),
    auditor: await bearerFor({ role: 'TENANT_AUDITOR', tenant: auditedTenant }),
    ingest: await bearerFor({ role: 'INGEST', sources: [SOAK_SOURCE] }),
    ownerId,
    owned: ownedIds,
    auditedTenant,
    foreignSystems: sample(
      systems.filter((s) => s.tenantId !== auditedTenant).map((s) => s.id),
      20,
      seed,
    ),
    people: active,
    systems: systems.map((s) => s.id),
    grantable: systems.filter((s) => !terminated.has(s.tenantId)).map((s) => s.id),
    tenants: floor.idsOfKind('TENANT'),
    origins,
    targets,
    pairs,
  };
}

/** A grant the soak made, as the API acknowledged it. */
export interface Grant {
  id: string;
  fromId: string;
  toId: string;
  grantedAt: string;
  approver: string;
  certified: boolean;
  revokedAt: string | null;
}

/** Every write the API acknowledged, in order. */
export class Ledger {
  readonly identities: IdentityInput[] = [];
  readonly access: AccessInput[] = [];
  /** Soak identity -> the one person who uses it. */
  readonly userOf = new Map<string, string>();
  readonly grants: Grant[] = [];
  batches = 0;
  certifications = 0;
  revocations = 0;

  acknowledgedBatch(batch: IngestInput): void {
    this.identities.push(...(batch.identities ?? []));
    this.access.push(...(batch.access ?? []));
    for (const a of batch.access ?? []) if (a.kind === 'USES') this.userOf.set(a.toId, a.fromId);
    this.batches++;
  }

  get records(): number {
    return this.identities.length + this.access.length;
  }

  /** The generated input plus every acknowledged write: what the graph must now hold, for the floor. */
  withInput(input: IngestInput): IngestInput {
    const granted: AccessInput[] = this.grants.map((g) => ({ id: g.id, kind: 'CAN_ACCESS', fromId: g.fromId, toId: g.toId, grantedAt: g.grantedAt, revokedAt: g.revokedAt }));
    return { ...input, identities: [...(input.identities ?? []), ...this.identities], access: [...(input.access ?? []), ...this.access, ...granted] };
  }
}

/** One run: its bounds, every request's sample, and why it stopped. */
export class Run {
  readonly samples: Sample[] = [];
  readonly failures: string[] = [];
  readonly t0 = performance.now();
  stoppedBy: 'time' | 'count' | 'failure' | 'signal' | null = null;
  private issued = 0;

  constructor(
    readonly url: string,
    readonly durationMs: number,
    readonly maxRequests: number,
  ) {}

  get done(): boolean {
    if (this.stoppedBy === null && performance.now() - this.t0 >= this.durationMs) this.stoppedBy = 'time';
    if (this.stoppedBy === null && this.issued >= this.maxRequests) this.stoppedBy = 'count';
    return this.stoppedBy !== null;
  }

  stop(why: 'failure' | 'signal'): void {
    this.stoppedBy ??= why;
  }

  /** Sends one request and records it; the first answer that is neither a success nor the refusal asked for stops the run. */
  async ask<T = any>(op: string, query: string, variables: Record<string, unknown>, as: string | undefined, expected: string | null = null): Promise<Answer<T>> {
    this.issued++;
    const startedMs = performance.now() - this.t0;
    const answer = await post<T>(this.url, query, variables, as);
    const { outcome, code } = classify(expected, answer.codes);
    const ms = performance.now() - this.t0 - startedMs;
    this.samples.push({ op, startedMs, ms, outcome, code });
    if (outcome === 'unexpected') {
      this.failures.push(`${op} answered ${code} (HTTP ${answer.status}, after ${Math.round(ms)} ms, ${(startedMs / 1000).toFixed(1)} s into the run) for ${JSON.stringify(variables).slice(0, 200)}: ${answer.messages.join('; ').slice(0, 300)}`);
      this.stop('failure');
    }
    return answer;
  }
}

const BR = `query($id: ID!) { blastRadius(from: $id) { systemCount tenantCount systems(first: 50) { totalCount edges { node { system { id } distance privileged } } } } }`;
const WCR = `query($id: ID!) { whoCanReach(target: $id) { peopleCount identityCount people(first: 50) { edges { node { entity { id } distance } } } } }`;
const AP = `query($from: ID!, $to: ID!) { accessPaths(from: $from, to: $to, first: 5) { length steps { from { id } to { id } access { id } gaps } } }`;
const FINDINGS = `query($tenantId: ID, $entityId: ID) { findings(tenantId: $tenantId, entityId: $entityId, first: 20) { totalCount edges { node { id code severity } } } }`;
const SUMMARY = `query($tenantId: ID) { findingSummary(tenantId: $tenantId) { total bySeverity { severity count } } }`;
const GAPS = `query($tenantId: ID) { unaccountablePaths(tenantId: $tenantId, first: 20) { totalCount edges { node { reason peopleExposed systemsExposed entity { id } access { id } } } } }`;
/** 101 reach questions in one operation: one more than the cost limit lets through (docs/security.md, Limits). */
const TOO_COMPLEX = `query($id: ID!) { ${Array.from({ length: 101 }, (_, i) => `q${i}: blastRadius(from: $id) { systemCount }`).join(' ')} }`;
const INGEST = `mutation($input: IngestInput!) { ingest(input: $input) { entities { created } access { created } } }`;
const GRANT = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { id grantedAt } } }`;
const CERTIFY = `mutation($id: ID!, $by: ID!) { certifyAccess(id: $id, certifiedById: $by, note: "soak: still needed") { access { id lastCertifiedAt } } }`;
const REVOKE = `mutation($id: ID!) { revokeAccess(id: $id, reason: "soak: no longer needed") { access { id revokedAt } } }`;

interface ReadOp {
  op: string;
  query: string;
  vars: (i: number) => Record<string, unknown>;
  as: string | undefined;
  expected?: string;
}

/** Each role's questions, in the order its loop cycles through them; provoked refusals are a few of them. */
export function readerOps(cast: Cast): ReadOp[][] {
  const at = <T>(list: T[], i: number) => list[i % list.length];
  const admin: ReadOp[] = [
    { op: 'blastRadius (ADMIN)', query: BR, vars: (i) => ({ id: at(cast.origins, i) }), as: undefined },
    { op: 'whoCanReach (ADMIN)', query: WCR, vars: (i) => ({ id: at(cast.targets, i) }), as: undefined },
  ];
  const analyst: ReadOp[] = [
    { op: 'accessPaths (ANALYST)', query: AP, vars: (i) => ({ from: at(cast.pairs, i)[0], to: at(cast.pairs, i)[1] }), as: cast.analyst },
    { op: 'findings, per tenant (ANALYST)', query: FINDINGS, vars: (i) => ({ tenantId: at(cast.tenants, i * 7) }), as: cast.analyst },
    { op: 'accessPaths (ANALYST)', query: AP, vars: (i) => ({ from: at(cast.pairs, i + 1)[0], to: at(cast.pairs, i + 1)[1] }), as: cast.analyst },
    { op: 'unaccountablePaths, per tenant (ANALYST)', query: GAPS, vars: (i) => ({ tenantId: at(cast.tenants, i * 11) }), as: cast.analyst },
    { op: 'findingSummary, whole graph (ANALYST)', query: SUMMARY, vars: () => ({}), as: cast.analyst },
    { op: '101 reach questions in one operation (ANALYST, provoked)', query: TOO_COMPLEX, vars: (i) => ({ id: at(cast.origins, i) }), as: cast.analyst, expected: 'QUERY_TOO_COMPLEX' },
    {
      op: 'grantAccess (ANALYST, provoked)',
      query: GRANT,
      vars: (i) => ({ input: { kind: 'CAN_ACCESS', fromId: at(cast.origins, i), toId: at(cast.systems, i), justification: 'an analyst may not grant', approvedById: at(cast.people, i + 1) } }),
      as: cast.analyst,
      expected: 'FORBIDDEN',
    },
  ];
  const owner: ReadOp[] = [
    { op: 'blastRadius (OWNER)', query: BR, vars: (i) => ({ id: at(cast.owned, i) }), as: cast.owner },
    { op: 'whoCanReach (OWNER)', query: WCR, vars: (i) => ({ id: at(cast.owned, i) }), as: cast.owner },
    { op: 'findings (OWNER)', query: FINDINGS, vars: (i) => ({ entityId: at(cast.owned, i) }), as: cast.owner },
    { op: 'unaccountablePaths (OWNER)', query: GAPS, vars: () => ({}), as: cast.owner },
  ];
  const auditor: ReadOp[] = [
    { op: 'whoCanReach own tenant (TENANT_AUDITOR)', query: WCR, vars: () => ({ id: cast.auditedTenant }), as: cast.auditor },
    { op: 'findings own tenant (TENANT_AUDITOR)', query: FINDINGS, vars: () => ({ tenantId: cast.auditedTenant }), as: cast.auditor },
    { op: 'unaccountablePaths own tenant (TENANT_AUDITOR)', query: GAPS, vars: () => ({ tenantId: cast.auditedTenant }), as: cast.auditor },
    { op: "whoCanReach another tenant's system (TENANT_AUDITOR, provoked)", query: WCR, vars: (i) => ({ id: at(cast.foreignSystems, i) }), as: cast.auditor, expected: 'NOT_FOUND' },
  ];
  return [admin, analyst, owner, auditor];
}

export async function reader(run: Run, ops: ReadOp[]): Promise<void> {
  for (let i = 0; !run.done; i++) {
    const o = ops[i % ops.length];
    await run.ask(o.op, o.query, o.vars(Math.floor(i / ops.length)), o.as, o.expected ?? null);
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Ingest batches as INGEST, bound to the soak's source: each makes new
 * identities, a USES record from an ACTIVE person to each, and two
 * CAN_ACCESS records from each to existing systems, so every batch changes
 * what people reach.
 */
export async function ingestWriter(run: Run, cast: Cast, ledger: Ledger, batchRecords: number, intervalMs: number): Promise<void> {
  const perIdentity = 4;
  for (let k = 0; !run.done; k++) {
    const identities: IdentityInput[] = [];
    const access: AccessInput[] = [];
    const grantedAt = new Date(Date.now() - 1000).toISOString();
    for (let j = 0; j < Math.max(1, Math.floor(batchRecords / perIdentity)); j++) {
      const n = k * 1000 + j;
      const id = `soak-i${k}-${j}`;
      const user = cast.people[(n * 7919) % cast.people.length];
      identities.push({ id, name: `soak account ${k}.${j}`, identityKind: 'HUMAN_ACCOUNT' });
      access.push({ id: `soak-u${k}-${j}`, kind: 'USES', fromId: user, toId: id, grantedAt, justification: 'soak ingest' });
      for (const s of [0, 1]) access.push({ id: `soak-a${k}-${j}-${s}`, kind: 'CAN_ACCESS', fromId: id, toId: cast.systems[(n * 104729 + s * 15485863) % cast.systems.length], grantedAt, justification: 'soak ingest' });
    }
    const batch: IngestInput = { source: SOAK_SOURCE, identities, access };
    const answer = await run.ask('ingest (INGEST)', INGEST, { input: batch }, cast.ingest);
    if (answer.codes.length === 0) ledger.acknowledgedBatch(batch);
    await pause(intervalMs);
  }
}

/**
 * Grants, certifications and revocations as ADMIN, one at a time (a
 * certification racing the revocation of the same record would be refused,
 * rightly): grant, grant, certify the oldest uncertified, revoke the oldest
 * certified, then revoke that one again, which must be refused.
 */
export async function lifecycleWriter(run: Run, cast: Cast, ledger: Ledger, intervalMs: number): Promise<void> {
  let granted = 0;
  let lastRevoked: string | null = null;
  for (let step = 0; !run.done; step++) {
    const identities = [...ledger.userOf.keys()];
    if (identities.length === 0) {
      await pause(200);
      continue;
    }
    const phase = step % 5;
    if (phase <= 1) {
      const fromId = identities[(granted * 31) % identities.length];
      const user = ledger.userOf.get(fromId)!;
      // The approver must be ACTIVE and must not hold the access: anyone but the identity's one user.
      let approver = cast.people[(granted * 13 + 5) % cast.people.length];
      if (approver === user) approver = cast.people[(granted * 13 + 6) % cast.people.length];
      const privileged = granted % 3 === 0;
      const input = {
        id: `soak-grant-${granted}`,
        kind: 'CAN_ACCESS',
        fromId,
        toId: cast.grantable[(granted * 7907) % cast.grantable.length],
        privileged,
        justification: `soak change ${granted}`,
        approvedById: approver,
        ...(privileged ? { expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() } : {}),
      };
      granted++;
      const answer = await run.ask<{ grantAccess: { access: { id: string; grantedAt: string } } }>('grantAccess (ADMIN)', GRANT, { input }, undefined);
      if (answer.data?.grantAccess) ledger.grants.push({ id: input.id, fromId, toId: input.toId, grantedAt: answer.data.grantAccess.access.grantedAt, approver, certified: false, revokedAt: null });
    } else if (phase === 2) {
      const g = ledger.grants.find((x) => !x.certified && x.revokedAt === null);
      if (g) {
        const answer = await run.ask('certifyAccess (ADMIN)', CERTIFY, { id: g.id, by: g.approver }, undefined);
        if (answer.codes.length === 0) (g.certified = true), ledger.certifications++;
      }
    } else if (phase === 3) {
      const g = ledger.grants.find((x) => x.certified && x.revokedAt === null);
      if (g) {
        const answer = await run.ask<{ revokeAccess: { access: { revokedAt: string } } }>('revokeAccess (ADMIN)', REVOKE, { id: g.id }, undefined);
        if (answer.data?.revokeAccess) (g.revokedAt = answer.data.revokeAccess.access.revokedAt), ledger.revocations++, (lastRevoked = g.id);
      }
    } else if (lastRevoked) {
      await run.ask('revokeAccess again (ADMIN, provoked)', REVOKE, { id: lastRevoked }, undefined, 'BAD_USER_INPUT');
      lastRevoked = null;
    }
    await pause(intervalMs);
  }
}
