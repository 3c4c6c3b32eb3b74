/**
 * terminateContract: ending a client contract as one step (domain.md,
 * "offboarding steps for ... terminated client contracts"). Planned whole,
 * then written unless it is a dry run, like offboard.ts.
 *
 * - The contract is TERMINATED, ended at the earlier of the stored end and
 *   effectiveAt.
 * - Revoked at R (effectiveAt, or now when it has passed: never backdated):
 *   every record into the tenant or one of its systems, whatever its kind
 *   and origin, and every HAS_ROLE into a Role of the tenant (a role in the
 *   client's own directory means nothing to the MSP once the contract ends).
 * - The API keys bound to the tenant are revoked at once (lifecycle/api-keys.ts).
 * - Reported: every person and identity that still reaches the tenant at R
 *   once those records are revoked (exposure within 16 steps, with a witness).
 *   Since every step into the tenant is revoked, this is the proof that the
 *   client is cut off; anything listed is a path the revocation rules missed.
 */
import type { Tx } from '../db/executor';
import { MAX_DEPTH_CAP } from '../graph/vocabulary';
import type { ReachIndex } from '../reach/index/reach-index';
import { isoOf, toNeo } from '../time';
import { idArg, instantArg } from './arguments';
import { boundKeys, revokeKeys } from './api-keys';
import type { Change } from './change';
import { entityArg, lookup, ms } from './lookup';
import type { TerminationModel } from './model';
import { stillReaching, without } from './remaining-reach';
import { plan, revocations, revoke, type Planned, type PlannedRow } from './revoke';

export interface TerminateArgs {
  tenantId: string;
  effectiveAt: number;
}

export function terminateArgs(raw: { tenantId: string; effectiveAt: string }): TerminateArgs {
  return { tenantId: idArg('tenantId', raw.tenantId), effectiveAt: instantArg('effectiveAt', raw.effectiveAt) };
}

export interface TerminationPlan {
  report: TerminationModel;
  endedAt: number;
  planned: Planned[];
}

export async function planTermination(tx: Tx, index: ReachIndex, args: TerminateArgs, nowMs: number): Promise<TerminationPlan> {
  const tenant = entityArg(await lookup(tx, [args.tenantId]), 'tenantId', args.tenantId, ['TENANT']);
  const at = Math.max(args.effectiveAt, nowMs);
  const stored = ms(tenant.contractEndedAt);
  const endedAt = stored !== null ? Math.min(stored, args.effectiveAt) : args.effectiveAt;
  const rows = (await tx.run('lifecycle/terminate-records', { tenantId: args.tenantId, at: toNeo(at) })) as unknown as PlannedRow[];
  const planned = plan(rows, at);
  const revokedIds = planned.map((p) => p.id);
  return {
    endedAt,
    planned,
    report: {
      tenantId: args.tenantId,
      contractEndedAt: isoOf(endedAt),
      revokedAt: isoOf(at),
      revoked: revocations(planned),
      stillReaching: stillReaching(without(index, revokedIds), args.tenantId, at, MAX_DEPTH_CAP),
      apiKeysRevoked: await boundKeys(tx, { tenantId: args.tenantId }),
    },
  };
}

/** Writes the plan: the contract's end, the revocations, and the events (CONTRACT_TERMINATED, then REVOKED per record). */
export async function applyTermination(change: Change, args: TerminateArgs, termination: TerminationPlan): Promise<void> {
  const { report } = termination;
  await change.tx.run('lifecycle/mark-terminated', { tenantId: args.tenantId, endedAt: toNeo(termination.endedAt), now: toNeo(change.nowMs) });
  change.touch({ entities: [args.tenantId] });
  await change.event('CONTRACT_TERMINATED', [args.tenantId, ...report.revoked.map((r) => r.accessId)], {
    effectiveAt: isoOf(args.effectiveAt),
    contractEndedAt: report.contractEndedAt,
    revokedAt: report.revokedAt,
    revoked: report.revoked.map((r) => r.accessId),
    stillReaching: report.stillReaching.map((r) => r.entityId),
    apiKeysRevoked: report.apiKeysRevoked,
  });
  await revoke(change, termination.planned, `contract terminated: ${args.tenantId}`, 'terminateContract');
  await revokeKeys(change, report.apiKeysRevoked, `contract terminated: ${args.tenantId}`, 'terminateContract');
}
