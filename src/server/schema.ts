/**
 * The served schema: every feature's SDL (every *.graphql under src/, the same files
 * codegen reads) and every feature's resolvers, merged by type name. Built
 * once per process: Apollo serves it, and `npm run import` coerces its files
 * against its IngestInput (ingest/coerce.ts), so both read the same types.
 */
import fs from 'node:fs';
import path from 'node:path';
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
import { DateTime } from './scalars';

const SRC = path.resolve(__dirname, '..');

export function typeDefs(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'generated') walk(full);
      else if (entry.name.endsWith('.graphql')) files.push(full);
    }
  };
  walk(SRC);
  return files.map((f) => fs.readFileSync(f, 'utf8'));
}

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
