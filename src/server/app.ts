/**
 * The HTTP application: GraphQL at /graphql (Apollo Server on Express),
 * /health reporting the database connection, /metrics for Prometheus
 * (server/metrics; ADMIN, ANALYST or METRICS only), the console at / (console/)
 * and the offline GraphQL IDE at /ide.
 *
 * A request to /graphql passes, in order (docs/security.md):
 *   request id and access log -> authentication (401 UNAUTHENTICATED, before
 *   the body is read; an address whose wrong credentials passed the limit
 *   gets 429 for them, while a credential that verifies always passes)
 *   -> body size limit (413) -> batch size limit -> rate limit per credential,
 *   counted in operations (429 RATE_LIMITED) -> Apollo: parse (token limit),
 *   validate, the operation guard (roles, depth, cost), execute with the
 *   caller's scope.
 */
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Authenticator, MISSING_CREDENTIAL } from '../auth/authenticate';
import { resolveViewer } from '../auth/scope';
import { AuthError } from '../auth/tokens';
import { METRICS_READERS, type Principal } from '../core/viewer';
import { graphqlExecutorSetting, loadSecurityConfig, type SecurityConfig } from '../config';
import type { Executor } from '../db/executor';
import { codeOf, clientCode, ErrorCode, errorFormatter, isInternal, rootCause, viewFailure } from '../errors';
import { createContext, type RequestContext } from './context';
import { ingestInputCheck } from '../ingest/input-check';
import { operationGuard } from './guard';
import { ideRouter } from './ide';
import { consoleRouter } from '../console/router';
import { Metrics } from './metrics/metrics';
import { httpLogger, noteRefusal, processLogger, type Logger } from './logging';
import { jitExecution } from './execution';
import { servedSchema } from './schema';
import { Shutdown } from './shutdown';

export interface Api {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  authenticator: Authenticator;
  metrics: Metrics;
  /** Serving, draining or stopped (server/shutdown.ts). */
  shutdown: Shutdown;
  /** Drains (new requests 503, those in flight finish within `graceMs`), then stops Apollo; how many requests were cut off. */
  stop(graceMs: number): Promise<{ unfinished: number }>;
}

export interface ApiOptions {
  initialQuery?: string;
  security?: SecurityConfig;
  /** Where request, mutation and error lines go (default: the process's logger on stdout). */
  logger?: Logger;
}

type AuthedRequest = express.Request & { principal?: Principal; id?: unknown };

export function createApollo(
  httpServer?: http.Server,
  security: SecurityConfig = loadSecurityConfig(),
  logger: Logger = processLogger(),
  /** Plugins that run first (the request metrics of createApi). */
  first: ApolloServerPlugin<RequestContext>[] = [],
): ApolloServer<RequestContext> {
  const schema = servedSchema();
  return new ApolloServer<RequestContext>({
    ...(graphqlExecutorSetting() === 'jit' ? { gateway: jitExecution(schema) } : { schema }),
    formatError: errorFormatter({ suggestions: security.introspection }),
    includeStacktraceInErrorResponses: false,
    introspection: security.introspection,
    allowBatchedHttpRequests: true,
    parseOptions: { maxTokens: security.limits.tokens },
    // npm start owns shutdown (API, driver, then the Neo4j it started); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      ...first,
      // Apollo's default landing page loads from a CDN; our IDE is served from node_modules instead.
      ApolloServerPluginLandingPageDisabled(),
      // Apollo's cache-control plugin wraps and hooks every field resolution (with the wrapping, about a fifth of a
      // page of 1,000 reached systems) to compute HTTP cache hints the schema never gives; answers are never cacheable (noStore below).
      ApolloServerPluginCacheControlDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
      operationGuard(security.limits),
      ingestInputCheck(),
      auditLog(logger),
    ],
  });
}

/**
 * Logs every mutation with its caller, and every error with its request id:
 * an internal one at error level with its stack (the client sees only a
 * code), a client's mistake (malformed GraphQL, a bad variable, FORBIDDEN,
 * NOT_FOUND...) as a warning with its code alone. A client error's message
 * can quote the caller's variables (a password sent by mistake), so it is
 * not logged; the caller has it in the response.
 */
function auditLog(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let logged = false;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const fields = operation.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : '...'));
          logger.info({ reqId: contextValue.requestId, viewer: contextValue.viewer.id, role: contextValue.viewer.role, mutation: fields }, 'mutation');
        },
        async didEncounterErrors({ errors, contextValue }) {
          logged = true;
          for (const error of errors) {
            const cause = rootCause(error);
            const at = { reqId: contextValue?.requestId, viewer: contextValue?.viewer?.id, path: error.path };
            if (isInternal(error)) logger.error({ ...at, err: cause }, 'internal error');
            // The client is only told the database is unavailable; the operator needs the driver's reason.
            else if ((cause as { name?: string })?.name === 'Neo4jError') logger.warn({ ...at, err: cause }, 'database error');
            else logger.warn({ ...at, ...clientCode(codeOf(error) ?? '', error.message) }, 'client error');
          }
        },
        // A response made without execution errors (a plugin answering by itself) skips didEncounterErrors: its errors are logged here.
        async willSendResponse({ response, contextValue }) {
          if (logged || response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            logger.warn({ reqId: contextValue?.requestId, viewer: contextValue?.viewer?.id, path: error.path, code: error.extensions?.code }, 'client error');
          }
        },
      };
    },
  };
}

/** Answers and refusals are the caller's alone (a tenant's access paths): no proxy or browser keeps them. */
const noStore: express.RequestHandler = (_req, res, next) => {
  res.setHeader('cache-control', 'no-store');
  next();
};

/** A GraphQL-shaped error response for refusals made before Apollo runs. */
function refuse(res: express.Response, status: number, code: string, message: string): void {
  noteRefusal(res, code);
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** How long an idle keep-alive connection is kept open (see createApi). */
const KEEP_ALIVE_MS = 65_000;

export async function createApi(exec: Executor, options: ApiOptions = {}): Promise<Api> {
  const security = options.security ?? loadSecurityConfig();
  const { limits } = security;
  const app = express();
  const httpServer = http.createServer(app);
  // Idle keep-alive connections stay open longer than clients and load balancers keep theirs (Node's
  // default is 5 s; an AWS ALB's idle timeout 60 s): the server must never be the side that closes a
  // connection a client is just reusing, or that client's request fails with a reset, unanswered.
  // Headers must be allowed longer still (Node's rule). Shutdown closes idle connections at once.
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const logger = options.logger ?? processLogger();
  const metrics = new Metrics(exec, logger);
  const apollo = createApollo(httpServer, security, logger, [metrics.plugin()]);
  await apollo.start();
  const authenticator = new Authenticator(exec, security);
  const perCredential = new RateLimiterMemory({ points: Math.max(limits.ratePerMinute, 1), duration: 60 });
  const authFailures = new RateLimiterMemory({ points: Math.max(limits.authFailuresPerMinute, 1), duration: 60 });

  const shutdown = new Shutdown();

  app.disable('x-powered-by');
  app.set('trust proxy', security.trustProxy);
  // Every response gets a request id; /health is not logged (load balancers poll it).
  app.use(httpLogger(logger));
  app.use(shutdown.gate());
  app.get('/health', async (_req, res) => {
    try {
      const db = await exec.ping();
      res.json({ status: 'ok', database: { connected: true, version: db.version, edition: db.edition } });
    } catch {
      // No driver message here: it could name hosts or credentials.
      res.status(503).json({ status: 'unavailable', database: { connected: false } });
    }
  });

  const unauthenticated = (res: express.Response, message: string) => {
    res.setHeader('www-authenticate', 'Bearer');
    refuse(res, 401, ErrorCode.UNAUTHENTICATED, message);
  };
  const tooManyFailures = (res: express.Response, msBeforeNext: number) => {
    res.setHeader('retry-after', String(Math.max(1, Math.ceil(msBeforeNext / 1000))));
    refuse(res, 429, ErrorCode.RATE_LIMITED, 'too many failed authentications from this address; wait and retry');
  };

  /**
   * The per-address limit on failed authentications guards against guessing
   * and floods of bad credentials without letting anyone lock others out:
   * - a request with no credential (a CORS preflight, or a form or text/plain
   *   POST, which any web page can make a visitor's browser send) is refused
   *   401 and not counted: behind a proxy every user shares one address;
   * - a credential that verifies always passes, even from a blocked address;
   * - a wrong credential counts; once the address is over the limit it is
   *   refused 429, and one that is malformed (a check of its text alone) is
   *   refused before any signature check or database lookup is paid for it.
   */
  const authenticate: express.RequestHandler = async (req, res, next) => {
    const address = req.ip ?? 'unknown';
    let blocked: RateLimiterRes | null = null;
    try {
      if (!req.headers.authorization) return unauthenticated(res, MISSING_CREDENTIAL);
      const state = await authFailures.get(address);
      blocked = state && state.remainingPoints <= 0 ? state : null;
      const credential = authenticator.credentialOf(req.headers.authorization) as string;
      if (blocked && !authenticator.wellFormed(credential)) {
        await authFailures.penalty(address, 1);
        return tooManyFailures(res, blocked.msBeforeNext);
      }
      (req as AuthedRequest).principal = await authenticator.verify(credential);
      next();
    } catch (error) {
      if (!(error instanceof AuthError)) return next(error);
      const after = await authFailures.penalty(address, 1);
      if (blocked) return tooManyFailures(res, after.msBeforeNext);
      unauthenticated(res, error.message);
    }
  };

  const batchAndRate: express.RequestHandler = async (req, res, next) => {
    const operations = Array.isArray(req.body) ? req.body.length : 1;
    if (Array.isArray(req.body) && (operations === 0 || operations > limits.batch)) {
      return refuse(res, 400, operations === 0 ? ErrorCode.BAD_USER_INPUT : ErrorCode.QUERY_TOO_COMPLEX, `a batched request must carry 1 to ${limits.batch} operations, not ${operations}`);
    }
    try {
      await perCredential.consume((req as AuthedRequest).principal!.id, operations);
      next();
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return next(error);
      res.setHeader('retry-after', String(Math.ceil(error.msBeforeNext / 1000)));
      refuse(res, 429, ErrorCode.RATE_LIMITED, `rate limit of ${limits.ratePerMinute} operations per minute for this credential reached; retry in ${Math.ceil(error.msBeforeNext / 1000)} s`);
    }
  };

  // Findings and gaps per code are confidential to the MSP: whole-graph readers and the METRICS role only (docs/security.md).
  app.get('/metrics', noStore, authenticate, async (req, res) => {
    const { role } = (req as AuthedRequest).principal!;
    if (!METRICS_READERS.includes(role)) return refuse(res, 403, ErrorCode.FORBIDDEN, `role ${role} may not read /metrics`);
    try {
      const body = await metrics.scrape();
      res.setHeader('content-type', metrics.contentType);
      res.send(body);
    } catch (error) {
      logger.error({ reqId: String((req as AuthedRequest).id), err: error }, 'metrics scrape failed');
      refuse(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
  });

  app.use(
    '/graphql',
    noStore,
    metrics.refusals(),
    authenticate,
    express.json({ limit: limits.body }),
    batchAndRate,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const r = req as AuthedRequest;
        // A failure here is not the caller's: a coded 503 (retry), never a bare 500 (errors.ts, viewFailure).
        const viewer = await resolveViewer(exec, r.principal!).catch((error: unknown) => {
          throw viewFailure(error);
        });
        return createContext(exec, viewer, undefined, undefined, { requestId: String(r.id), apiKeys: authenticator.apiKeys });
      },
    }),
  );
  // Body errors (too large, not JSON) and anything unexpected before Apollo: a code, never a stack.
  app.use('/graphql', ((error, req, res, _next) => {
    const { status = 500, expose = false, message = '' } = error as { status?: number; expose?: boolean; message?: string };
    if (status === 413) return refuse(res, 413, ErrorCode.BAD_USER_INPUT, `the request body is larger than the limit of ${limits.body}`);
    if (status === 400) return refuse(res, 400, ErrorCode.BAD_USER_INPUT, 'the request body is not valid JSON');
    // body-parser marks the messages of its other client errors (an unsupported charset or encoding: 415) as safe to show.
    if (status >= 400 && status < 500) return refuse(res, status, ErrorCode.BAD_USER_INPUT, expose ? `the request body cannot be read: ${message}` : 'the request body cannot be read');
    logger.error({ reqId: String((req as AuthedRequest).id), err: error }, 'request failed before GraphQL');
    refuse(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  }) as express.ErrorRequestHandler);
  if (security.console) app.use(consoleRouter());
  if (security.ide) app.use(ideRouter({ endpoint: '/graphql', title: 'PathWarden', initialQuery: options.initialQuery }));
  const stop = async (graceMs: number) => {
    const drained = await shutdown.drain(httpServer, graceMs);
    await apollo.stop();
    metrics.close();
    return drained;
  };
  return { app, httpServer, apollo, authenticator, metrics, shutdown, stop };
}
