import type { Resolvers } from '../generated/graphql';

export const ingestResolvers: Resolvers = {
  Mutation: {
    ingest: (_root, { input }, ctx) => ctx.services.ingest.ingest(input),
  },
};
