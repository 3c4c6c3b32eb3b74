import type { Resolvers } from '../generated/graphql';

export const authResolvers: Resolvers = {
  Query: {
    viewer: (_root, _args, ctx) => ({ id: ctx.viewer.id, role: ctx.viewer.role, personId: ctx.viewer.personId ?? null, tenantId: ctx.viewer.tenantId ?? null, sources: ctx.viewer.sources ? [...ctx.viewer.sources] : null }),
    apiKeys: (_root, { includeRevoked }, ctx) => ctx.services.apiKeys.list(ctx.viewer, includeRevoked ?? false),
  },
  Mutation: {
    createApiKey: (_root, { input }, ctx) => ctx.services.apiKeys.create(ctx.viewer, input, ctx.now, ctx.requestId),
    revokeApiKey: (_root, { id, reason }, ctx) => ctx.services.apiKeys.revoke(ctx.viewer, id, reason ?? null, ctx.now, ctx.requestId),
  },
};
