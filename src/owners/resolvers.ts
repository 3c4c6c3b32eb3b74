import type { Resolvers } from '../generated/graphql';

export const ownerResolvers: Resolvers = {
  Query: {
    ownerReach: (_root, args, ctx) => ctx.services.owners.ownerReach(args.personId, args),
    recertificationsDue: (_root, args, ctx) => ctx.services.owners.recertificationsDue(args.ownerId, args.before),
  },
  OwnedReach: {
    entity: (o, _args, ctx) => ctx.services.entities.known(o.entityId, o.asOf),
    gaps: (o, _args, ctx) => ctx.services.entities.gapsOf(o.entityId, o.asOf),
  },
  DueRecertification: {
    // A reference only: the record's fields load (batched) when a client asks for them.
    access: (d) => ({ id: d.accessId, asOf: d.asOf }),
  },
};
