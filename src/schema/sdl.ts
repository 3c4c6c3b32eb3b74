/**
 * The API's types: every feature's SDL (every *.graphql under src/, the same
 * files codegen reads), and a schema of those types alone with the DateTime
 * scalar and no resolvers. Below every feature, so the ones that read the
 * types without serving them (ingest's coercion of `npm run import` files,
 * the bulk importer's CSV columns, the CSV connector's columns) need not
 * import the server; server/schema.ts adds the resolvers to the same SDL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { DateTime } from './scalars';

const SRC = path.resolve(__dirname, '..');

/** The text of every *.graphql under src/ (generated/ aside), in path order. */
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

let built: GraphQLSchema | undefined;

/** The SDL's types with the DateTime scalar, no resolvers: for coercing and reading input types. Built once per process. */
export function typeSchema(): GraphQLSchema {
  built ??= makeExecutableSchema({ typeDefs: typeDefs(), resolvers: { DateTime } });
  return built;
}
