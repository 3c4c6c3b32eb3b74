import type { Resolvers } from '../generated/graphql';

export const accountabilityResolvers: Resolvers = {
  Query: {
    unaccountablePaths: (_root, args, ctx) => ctx.services.accountability.unaccountablePaths(args),
  },
  AccountabilityGap: {
    entity: (g, _args, ctx) => (g.entityId ? ctx.services.entities.known(g.entityId, g.asOf) : null),
    access: (g) => (g.accessId ? { id: g.accessId, asOf: g.asOf } : null),
  },
};
