/**
 * The HTTP application: GraphQL at /graphql (Apollo Server on Express),
 * /health reporting the database connection, and the offline GraphQL IDE.
 */
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { LOCAL_ADMIN } from '../auth/viewer';
import type { Executor } from '../db/executor';
import { formatError } from '../errors';
import { createContext, type RequestContext } from './context';
import { ideRouter } from './ide';
import { resolvers, typeDefs } from './schema';

export interface Api {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
}

/** Request bodies above this are refused before parsing (an ingest batch of 5,000 records fits). */
const BODY_LIMIT = '8mb';

export function createApollo(httpServer?: http.Server): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    typeDefs: typeDefs(),
    resolvers: resolvers() as never,
    formatError,
    includeStacktraceInErrorResponses: false,
    // npm start owns shutdown (API, driver, then the Neo4j it started); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      // Apollo's default landing page loads from a CDN; our IDE is served from node_modules instead.
      ApolloServerPluginLandingPageDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
}

export async function createApi(exec: Executor, options: { initialQuery?: string } = {}): Promise<Api> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = createApollo(httpServer);
  await apollo.start();

  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    try {
      const db = await exec.ping();
      res.json({ status: 'ok', database: { connected: true, version: db.version, edition: db.edition } });
    } catch {
      // No driver message here: it could name hosts or credentials.
      res.status(503).json({ status: 'unavailable', database: { connected: false } });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, { context: async () => createContext(exec, LOCAL_ADMIN) }),
  );
  app.use(ideRouter({ endpoint: '/graphql', title: 'PathWarden', initialQuery: options.initialQuery }));
  return { app, httpServer, apollo };
}
