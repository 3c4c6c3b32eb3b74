import type { Resolvers } from '../generated/graphql';

export const auditResolvers: Resolvers = {
  Query: {
    auditTrail: (_root, args, ctx) => ctx.services.audit.trail(args),
  },
  AuditEvent: {
    entities: (e, _args, ctx) => ctx.services.audit.entities(e),
    accessRecords: (e, _args, ctx) => ctx.services.audit.accessRecords(e),
  },
};
