/**
 * The lifecycle mutations hand off to LifecycleService; the answer types
 * carry ids, and the entities and records on them load through the
 * request's loaders (in the caller's scope) only when a client asks.
 */
import type { AccessRow } from '../core/rows';
import type { Resolvers } from '../generated/graphql';
import type { RequestContext } from '../server/context';

const entity = (id: string, ctx: RequestContext) => ctx.services.entities.known(id, undefined);
const person = (id: string | null, ctx: RequestContext) => (id ? ctx.services.entities.known(id, undefined) : null);

/** A stored property of an access record that the Access type of entities.graphql does not list (loaded once per request, in the caller's scope). */
const accessProperty = (property: string) => async (a: { id: string }, _args: unknown, ctx: RequestContext) => {
  const row = (await ctx.loaders.access.load(a.id)) as (AccessRow & Record<string, unknown>) | null;
  return (row?.[property] as string | undefined) ?? null;
};

export const lifecycleResolvers: Resolvers = {
  Mutation: {
    grantAccess: (_root, { input }, ctx) => ctx.services.lifecycle.grantAccess(input),
    revokeAccess: (_root, { id, reason, at }, ctx) => ctx.services.lifecycle.revokeAccess(id, reason, at),
    certifyAccess: (_root, args, ctx) => ctx.services.lifecycle.certifyAccess(args),
    assignOwner: (_root, { ownerId, entityId, role, since }, ctx) => ctx.services.lifecycle.assignOwner(ownerId, entityId, role, since),
    removeOwner: (_root, { ownerId, entityId, reason }, ctx) => ctx.services.lifecycle.removeOwner(ownerId, entityId, reason),
    offboardPerson: (_root, { personId, effectiveAt, dryRun }, ctx) => ctx.services.lifecycle.offboardPerson(personId, effectiveAt, dryRun),
    terminateContract: (_root, { tenantId, effectiveAt, dryRun }, ctx) => ctx.services.lifecycle.terminateContract(tenantId, effectiveAt, dryRun),
    recordAccessUse: (_root, { accessId, at }, ctx) => ctx.services.lifecycle.recordAccessUse(accessId, at),
    recordBreakGlassUse: (_root, { identityId, personId, at, reason }, ctx) => ctx.services.lifecycle.recordBreakGlassUse(identityId, personId, at, reason),
    reviewBreakGlassUse: (_root, { useId, reviewerId, notes }, ctx) => ctx.services.lifecycle.reviewBreakGlassUse(useId, reviewerId, notes),
  },
  AccessChange: { access: (m) => ({ id: m.accessId }) },
  OwnershipChange: {
    owner: (m, _args, ctx) => entity(m.ownerId, ctx),
    entity: (m, _args, ctx) => entity(m.entityId, ctx),
  },
  Revocation: { access: (r) => ({ id: r.accessId }) },
  CredentialToRotate: {
    identity: (c, _args, ctx) => entity(c.identityId, ctx),
    sharedWith: (c, _args, ctx) => Promise.all(c.sharedWith.map((id) => entity(id, ctx))),
  },
  OwnershipToReassign: { entity: (o, _args, ctx) => entity(o.entityId, ctx) },
  OffboardingReport: {
    person: (r, _args, ctx) => entity(r.personId, ctx),
    credentialsToRotate: (r) => r.credentials,
  },
  ContractTerminationReport: { tenant: (r, _args, ctx) => entity(r.tenantId, ctx) },
  RemainingReach: { entity: (r, _args, ctx) => entity(r.entityId, ctx) },
  BreakGlassUse: {
    identity: (u, _args, ctx) => entity(u.identityId, ctx),
    person: (u, _args, ctx) => entity(u.personId, ctx),
    reviewedBy: (u, _args, ctx) => person(u.reviewedBy, ctx),
  },
  Access: {
    standingReason: accessProperty('standingReason'),
    revokedBy: accessProperty('revokedBy'),
    revokeReason: accessProperty('revokeReason'),
    certificationNote: accessProperty('certificationNote'),
  },
};
