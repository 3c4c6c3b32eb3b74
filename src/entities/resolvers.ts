import type { Resolvers } from '../generated/graphql';
import type { RequestContext } from '../server/context';
import type { AccessRef, AccessRow } from '../core/rows';
import { accessGaps } from '../accountability/gaps';
import { TYPENAME } from '../graph/vocabulary';

/** An access record's stored fields: already there, or loaded (batched, once per request). */
async function full(a: AccessRef, ctx: RequestContext): Promise<AccessRow> {
  if (a.kind !== undefined) return a as AccessRow;
  const row = await ctx.loaders.access.load(a.id);
  if (!row) throw new Error(`access record ${a.id} referenced by the graph is missing`);
  return row;
}

const person = (id: string | null, asOf: string | undefined, ctx: RequestContext) => (id ? ctx.services.entities.at(id, asOf) : null);

// Scalar fields of Access read from the loaded record, so a reference ({ id }) is enough to start from.
const SCALAR_ACCESS_FIELDS = ['kind', 'privileged', 'justification', 'approvedAt', 'grantedAt', 'expiresAt', 'lastCertifiedAt', 'revokedAt', 'lastUsedAt', 'source'] as const;
const lazyAccessFields = Object.fromEntries(
  SCALAR_ACCESS_FIELDS.map((field) => [field, async (a: AccessRef, _args: unknown, ctx: RequestContext) => (await full(a, ctx))[field]]),
) as Resolvers['Access'];

const owned = {
  owners: (row, _args, ctx) => ctx.services.entities.owners(row),
  gaps: (row, _args, ctx) => ctx.services.entities.gaps(row),
} satisfies Resolvers['Tool'];

/**
 * An Identity's or Role's home tenant. It may lie outside the viewer's scope
 * (an account homed at another client that reaches the auditor's tenant):
 * then it reads null, exactly like an entity with no home tenant, so neither
 * its id nor its existence shows.
 */
const tenant = {
  tenant: (row, _args, ctx) => (typeof row.tenantId === 'string' ? ctx.services.entities.at(row.tenantId, row.asOf) : null),
} satisfies Resolvers['Identity'];

export const entityResolvers: Resolvers = {
  Query: {
    entity: (_root, { id }, ctx) => ctx.services.entities.at(id, undefined),
    access: (_root, { id }, ctx) => ctx.loaders.access.load(id),
    entities: (_root, { kind, first, after }, ctx) => ctx.services.entities.list(kind, first, after),
    searchEntities: (_root, { text, kinds, first }, ctx) => ctx.services.entities.search(text, kinds, first),
  },
  Entity: { __resolveType: (row) => TYPENAME[row.kind] as 'Person' },
  Person: { status: (row, _args, ctx) => ctx.services.entities.status(row) },
  Team: {
    members: (row, _args, ctx) => ctx.services.entities.members(row, 'PERSON'),
    memberIdentities: (row, _args, ctx) => ctx.services.entities.members(row, 'IDENTITY'),
  },
  Identity: { ...owned, ...tenant },
  Tool: owned,
  Role: { ...owned, ...tenant },
  System: { tenant: (row, _args, ctx) => ctx.services.entities.known(row.tenantId as string, row.asOf) },
  OwnerLink: { owner: (link, _args, ctx) => ctx.services.entities.known(link.ownerId, link.asOf) },
  Access: {
    ...lazyAccessFields,
    from: async (a, _args, ctx) => ctx.services.entities.known((await full(a, ctx)).fromId, a.asOf),
    to: async (a, _args, ctx) => ctx.services.entities.known((await full(a, ctx)).toId, a.asOf),
    requestedBy: async (a, _args, ctx) => person((await full(a, ctx)).requestedBy, a.asOf, ctx),
    approvedBy: async (a, _args, ctx) => person((await full(a, ctx)).approvedBy, a.asOf, ctx),
    certifiedBy: async (a, _args, ctx) => person((await full(a, ctx)).certifiedBy, a.asOf, ctx),
    gaps: async (a, _args, ctx) => accessGaps(await full(a, ctx)),
  },
};
