import type { Resolvers } from '../generated/graphql';
import { accessGaps } from '../accountability/gaps';
import { TYPENAME } from '../graph/vocabulary';

const owned = {
  owners: (row, _args, ctx) => ctx.services.entities.owners(row),
  gaps: (row, _args, ctx) => ctx.services.entities.gaps(row),
} satisfies Resolvers['Tool'];

const tenant = {
  tenant: (row, _args, ctx) => (typeof row.tenantId === 'string' ? ctx.services.entities.known(row.tenantId, row.asOf) : null),
} satisfies Resolvers['Identity'];

export const entityResolvers: Resolvers = {
  Query: {
    entity: (_root, { id }, ctx) => ctx.services.entities.at(id, undefined),
    access: (_root, { id }, ctx) => ctx.loaders.access.load(id),
    entities: (_root, { kind, first, after }, ctx) => ctx.services.entities.list(kind, first, after),
  },
  Entity: { __resolveType: (row) => TYPENAME[row.kind] as 'Person' },
  Person: { status: (row, _args, ctx) => ctx.services.entities.status(row) },
  Team: { members: (row, _args, ctx) => ctx.services.entities.members(row) },
  Identity: { ...owned, ...tenant },
  Tool: owned,
  Role: { ...owned, ...tenant },
  System: { tenant: (row, _args, ctx) => ctx.services.entities.known(row.tenantId as string, row.asOf) },
  OwnerLink: { owner: (link, _args, ctx) => ctx.services.entities.known(link.ownerId, link.asOf) },
  Access: {
    from: (a, _args, ctx) => ctx.services.entities.known(a.fromId, a.asOf),
    to: (a, _args, ctx) => ctx.services.entities.known(a.toId, a.asOf),
    requestedBy: (a, _args, ctx) => (a.requestedBy ? ctx.services.entities.at(a.requestedBy, a.asOf) : null),
    approvedBy: (a, _args, ctx) => (a.approvedBy ? ctx.services.entities.at(a.approvedBy, a.asOf) : null),
    certifiedBy: (a, _args, ctx) => (a.certifiedBy ? ctx.services.entities.at(a.certifiedBy, a.asOf) : null),
    gaps: (a) => accessGaps(a),
  },
};
