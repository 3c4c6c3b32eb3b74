/**
 * The access lifecycle (docs/lifecycle.md), bound to one request's caller.
 * Each method is one change (change.ts): one write transaction holding its
 * checks, its writes and its audit events, then the reach index patched. The
 * two offboarding steps plan first and write the plan only when it is not a
 * dry run; a dry run plans in a read transaction, so it cannot write.
 */
import type { ApiKeys } from '../auth/api-keys';
import type { Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import { badArgument } from '../errors';
import type { GrantAccessInput, OwnerRole } from '../generated/graphql';
import { ReachIndexProvider } from '../reach/index/provider';
import { toNeo } from '../time';
import { notFoundAs } from './arguments';
import { reviewBreakGlassUse, recordBreakGlassUse } from './break-glass';
import { commit, type Caller } from './change';
import { grantAccess } from './grant';
import type { AccessChangeModel, BreakGlassUseChangeModel, OffboardingModel, OwnershipChangeModel, StepResult, TerminationModel } from './model';
import { applyOffboarding, offboardArgs, planOffboarding } from './offboard';
import { assignOwner, removeOwner } from './owners';
import { certifyAccess, certifyArgs, notOwned, recordAccessUse, revokeAccess } from './records';
import { applyTermination, planTermination, terminateArgs } from './terminate';

export class LifecycleService {
  private readonly caller: Caller;

  constructor(
    exec: Executor,
    viewer: Viewer,
    now: string,
    requestId: string | null = null,
    /** The server's API keys, so keys a step revokes stop verifying from this process's cache at once. */
    private readonly apiKeys: ApiKeys | null = null,
  ) {
    this.caller = { exec, viewer, now, requestId };
  }

  grantAccess(input: GrantAccessInput): Promise<AccessChangeModel> {
    return commit(this.caller, (change) => grantAccess(change, input));
  }

  revokeAccess(id: string, reason: string, at?: string | null): Promise<AccessChangeModel> {
    return commit(this.caller, (change) => revokeAccess(change, { id, reason, at }));
  }

  /**
   * ADMIN certifies as any eligible person. An OWNER certifies as themselves,
   * only records in their scope from or to an entity they own: checked first
   * with a query that applies their scope (a record out of scope is NOT_FOUND,
   * like a missing one), then again inside the write. An OWNER's eligibility
   * (ownership, not departed, not holding the access) is judged at the real
   * time of the request as well as at `at`: a backdated `at` never makes a
   * removed owner or a departed person eligible again.
   */
  async certifyAccess(raw: { id: string; certifiedById: string; note: string; at?: string | null }): Promise<AccessChangeModel> {
    const { exec, viewer, now } = this.caller;
    const args = certifyArgs(raw, Date.parse(now));
    const asOwner = viewer.role === 'OWNER';
    if (asOwner) {
      if (args.certifiedById !== viewer.personId) {
        throw badArgument('certifiedById', `an OWNER certifies as themselves: must be ${JSON.stringify(viewer.personId ?? null)}`);
      }
      const [check] = await exec.query(viewer, 'lifecycle/certify-check', { id: args.id, personId: args.certifiedById, at: toNeo(args.at), now: toNeo(Date.parse(now)) });
      if (!check) throw notFoundAs('access record', 'id', args.id);
      if (!check.owns) throw notOwned(args.certifiedById, args.id);
    } else if (viewer.scope.kind !== 'ALL') {
      // The operation guard lets only ADMIN and OWNER call certifyAccess.
      throw new Error(`lifecycle: role ${viewer.role} reached certifyAccess`);
    }
    return commit(this.caller, (change) => certifyAccess(change, args, asOwner), asOwner);
  }

  recordAccessUse(accessId: string, at: string): Promise<AccessChangeModel> {
    return commit(this.caller, (change) => recordAccessUse(change, { accessId, at }));
  }

  assignOwner(ownerId: string, entityId: string, role: OwnerRole, since?: string | null): Promise<OwnershipChangeModel> {
    return commit(this.caller, (change) => assignOwner(change, { ownerId, entityId, role, since }));
  }

  removeOwner(ownerId: string, entityId: string, reason: string): Promise<OwnershipChangeModel> {
    return commit(this.caller, (change) => removeOwner(change, { ownerId, entityId, reason }));
  }

  async offboardPerson(personId: string, effectiveAt: string, dryRun: boolean): Promise<StepResult<OffboardingModel>> {
    const args = offboardArgs({ personId, effectiveAt });
    const index = await this.index();
    const nowMs = Date.parse(this.caller.now);
    if (dryRun) {
      const planned = await this.caller.exec.read(this.caller.viewer, (tx) => planOffboarding(tx, index, args, nowMs));
      return { dryRun, report: planned.report, eventIds: [] };
    }
    const { report, eventIds } = await commit(this.caller, async (change) => {
      const planned = await planOffboarding(change.tx, index, args, nowMs);
      await applyOffboarding(change, args, planned);
      return { report: planned.report };
    });
    this.apiKeys?.forget(report.apiKeysRevoked);
    return { dryRun, report, eventIds };
  }

  async terminateContract(tenantId: string, effectiveAt: string, dryRun: boolean): Promise<StepResult<TerminationModel>> {
    const args = terminateArgs({ tenantId, effectiveAt });
    const index = await this.index();
    const nowMs = Date.parse(this.caller.now);
    if (dryRun) {
      const planned = await this.caller.exec.read(this.caller.viewer, (tx) => planTermination(tx, index, args, nowMs));
      return { dryRun, report: planned.report, eventIds: [] };
    }
    const { report, eventIds } = await commit(this.caller, async (change) => {
      const planned = await planTermination(change.tx, index, args, nowMs);
      await applyTermination(change, args, planned);
      return { report: planned.report };
    });
    this.apiKeys?.forget(report.apiKeysRevoked);
    return { dryRun, report, eventIds };
  }

  recordBreakGlassUse(identityId: string, personId: string, at: string, reason: string): Promise<BreakGlassUseChangeModel> {
    return commit(this.caller, (change) => recordBreakGlassUse(change, { identityId, personId, at, reason }));
  }

  reviewBreakGlassUse(useId: string, reviewerId: string, notes: string): Promise<BreakGlassUseChangeModel> {
    return commit(this.caller, (change) => reviewBreakGlassUse(change, { useId, reviewerId, notes }));
  }

  /** The whole-graph reach index as of now (offboarding and termination are whole-graph steps, for whole-graph callers only). */
  private index() {
    // The operation guard lets only ADMIN call these; a narrowed view of the graph would give a wrong report.
    if (this.caller.viewer.scope.kind !== 'ALL') throw new Error(`lifecycle: role ${this.caller.viewer.role} reached an offboarding step`);
    return ReachIndexProvider.for(this.caller.exec).current();
  }
}
