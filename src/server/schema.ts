/**
 * The served schema: the API's SDL (schema/sdl.ts) and every feature's
 * resolvers, merged by type name. Built once per process for Apollo; what
 * only reads the types (ingest's coercion, the CSV columns) uses
 * schema/sdl.ts's typeSchema, built from the same files.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from '../generated/graphql';
import { accountabilityResolvers } from '../accountability/resolvers';
import { auditResolvers } from '../audit/resolvers';
import { authResolvers } from '../auth/resolvers';
import { entityResolvers } from '../entities/resolvers';
import { findingResolvers } from '../findings/resolvers';
import { ingestResolvers } from '../ingest/resolvers';
import { lifecycleResolvers } from '../lifecycle/resolvers';
import { ownerResolvers } from '../owners/resolvers';
import { reachResolvers } from '../reach/resolvers';
import { DateTime } from '../schema/scalars';
import { typeDefs } from '../schema/sdl';

export function resolvers(): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of [entityResolvers, reachResolvers, accountabilityResolvers, ingestResolvers, authResolvers, auditResolvers, ownerResolvers, lifecycleResolvers, findingResolvers]) {
    for (const [type, fields] of Object.entries(part)) merged[type] = { ...merged[type], ...(fields as object) };
  }
  return { ...merged, DateTime } as Resolvers;
}

let built: GraphQLSchema | undefined;

/** The executable schema Apollo serves (typeDefs with resolvers and the DateTime scalar). */
export function servedSchema(): GraphQLSchema {
  built ??= makeExecutableSchema({ typeDefs: typeDefs(), resolvers: resolvers() as never });
  return built;
}
