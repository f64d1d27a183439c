// The gateway as a fetch handler: one function from Request to Response that routes to
// health checks, signed downloads, GraphQL (Yoga) and the REST compatibility layer.
// Tests call `gateway.fetch` in process; src/server/main.ts puts it on a port.
//
// API requests (/graphql, /api/*) are authenticated and charged against the caller's
// rate-limit budget once, here, before any GraphQL runs; the outcome travels in the
// server context to Yoga's context factory and to the REST router.
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { authenticateRequest } from '../accounts/authenticate';
import { LoginThrottle } from '../accounts/login-throttle';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { LocalFileStore, type FileStore } from '../downloads/file-store';
import { handleDownloadRequest } from '../downloads/http';
import type { Context, Services, Viewer } from '../graphql/context';
import { useCorrelationIds } from '../graphql/error-plugin';
import { rateLimited } from '../graphql/errors';
import { usePageSizeLimit } from '../graphql/page-size-plugin';
import { getSchema } from '../graphql/schema';
import { useQueryProtection } from '../limits/query-protection';
import { RateLimits, rateLimitIdentity, type BudgetState } from '../limits/rate-limits';
import { FailoverRateStore, MemoryRateStore, RedisRateStore } from '../limits/rate-store';
import { restRoutes } from '../rest/routes';
import { RestRouter } from '../rest/router';
import { FailoverStore, MemoryStore, RedisStore } from '../shared/kv-store';
import { RedisFailover } from '../shared/redis-failover';
import { graphiqlOptions, renderGraphiQL } from './graphiql';
import { healthResponse, readinessResponse } from './health';
import { requestIdFor } from './request-id';

export interface GatewayOptions {
  config: Config;
  db: Database;
  logger: Logger;
  fileStore?: FileStore;
  /** Shared state for several instances; without it, state lives in this process. */
  redis?: Redis;
  now?: () => Date;
}

export interface ServerContext {
  requestId: string;
  clientAddress: string;
  /** Set by the REST layer: the deprecated api_key / X-API-Key credentials count there. */
  allowLegacyKey?: boolean;
  /** The authenticated caller (null: anonymous), resolved once per HTTP request. */
  viewer?: Viewer | null;
  /** Why the request may not run (bad credential, rate limit); raised when its context is built. */
  refusal?: Error;
  /** The caller's account-wide budget after this request. */
  rateLimit?: BudgetState;
}

export interface Gateway {
  services: Services;
  yoga: YogaServerInstance<ServerContext, Context>;
  /** Handles one HTTP request. */
  fetch(request: Request, serverContext?: Partial<ServerContext>): Promise<Response>;
  close(): Promise<void>;
}

function sharedState(options: GatewayOptions) {
  if (!options.redis) return { store: new MemoryStore(), rateStore: new MemoryRateStore() };
  const failover = new RedisFailover(options.redis, options.logger, 'rate limits and login throttles');
  const prefix = options.config.REDIS_KEY_PREFIX;
  return {
    failover,
    store: new FailoverStore(failover, new RedisStore(options.redis, prefix), new MemoryStore()),
    rateStore: new FailoverRateStore(failover, new RedisRateStore(options.redis, `${prefix}rl:`), new MemoryRateStore()),
  };
}

/** GraphiQL's page itself is not an API call: no credential, no budget. */
function isGraphiQLPage(request: Request): boolean {
  return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
}

/** X-RateLimit-* on every API response (002_…/004_…), Retry-After when refused (000_…). */
function withRateLimitHeaders(response: Response, state: BudgetState | undefined): Response {
  if (!state) return response;
  response.headers.set('X-RateLimit-Limit', String(state.limit));
  response.headers.set('X-RateLimit-Remaining', String(state.remaining));
  response.headers.set('X-RateLimit-Reset', String(Math.ceil(state.resetAt / 1000)));
  if (state.limited) response.headers.set('Retry-After', String(state.retryAfter));
  return response;
}

export function createGateway(options: GatewayOptions): Gateway {
  const now = options.now ?? (() => new Date());
  const { store, rateStore } = sharedState(options);
  const services: Services = {
    config: options.config,
    db: options.db,
    logger: options.logger,
    fileStore: options.fileStore ?? new LocalFileStore(options.config.FILES_DIR),
    now,
    store,
    loginThrottle: new LoginThrottle(store, now),
    rateLimits: new RateLimits(rateStore, options.config),
  };

  const yoga = createYoga<ServerContext, Context>({
    schema: getSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: options.config.GRAPHIQL ? graphiqlOptions : false,
    renderGraphiQL,
    logging: {
      debug: (...args) => options.logger.debug(args.map(String).join(' ')),
      info: (...args) => options.logger.info(args.map(String).join(' ')),
      warn: (...args) => options.logger.warn(args.map(String).join(' ')),
      error: (...args) => options.logger.error({ err: args[0] }, 'graphql error'),
    },
    maskedErrors: { isDev: options.config.NODE_ENV === 'development' },
    plugins: [usePageSizeLimit(), ...useQueryProtection(options.config), useCorrelationIds()],
    context: ({ requestId, clientAddress, viewer, refusal, rateLimit }) => {
      if (refusal) throw refusal;
      return { requestId, clientAddress, services, viewer: viewer ?? null, rateLimit: rateLimit ?? null };
    },
  });

  const rest = new RestRouter(restRoutes, yoga);

  /** Authenticates and charges the budget; the result rides along in the server context. */
  async function admit(request: Request, serverContext: ServerContext, allowLegacyKey: boolean): Promise<ServerContext> {
    let viewer: Viewer | null = null;
    let authError: Error | undefined;
    try {
      viewer = await authenticateRequest(request, services, { allowLegacyKey });
    } catch (error) {
      authError = error as Error;
    }
    // A refused credential is charged to the caller's address, like anonymous requests:
    // guessing tokens costs budget too, and the answer still carries X-RateLimit-*.
    const identity = rateLimitIdentity(viewer, serverContext.clientAddress);
    const rateLimit = await services.rateLimits.consume(identity, services.rateLimits.budgetFor(viewer));
    const limited = rateLimit.limited
      ? rateLimited(rateLimit.retryAfter, `Rate limit exceeded: ${rateLimit.limit} requests per window`)
      : undefined;
    return { ...serverContext, allowLegacyKey, viewer, rateLimit, refusal: limited ?? authError };
  }

  async function route(request: Request, serverContext: ServerContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/healthz') return healthResponse();
    if (pathname === '/readyz') return readinessResponse(services);
    if (pathname.startsWith('/downloads/')) return handleDownloadRequest(request, services, serverContext.requestId);
    if (pathname === '/graphql') {
      if (isGraphiQLPage(request)) return yoga.handleRequest(request, serverContext);
      const admitted = await admit(request, serverContext, false);
      return withRateLimitHeaders(await yoga.handleRequest(request, admitted), admitted.rateLimit);
    }
    // The API's own documentation is static: served without a credential or a charge.
    if (pathname === '/api/openapi.json' || pathname.startsWith('/api/docs')) {
      const response = await rest.handle(request, serverContext);
      if (response) return response;
    }
    if (pathname.startsWith('/api/') && rest.matches(pathname)) {
      const admitted = await admit(request, serverContext, true);
      return withRateLimitHeaders((await rest.handle(request, admitted))!, admitted.rateLimit);
    }
    return Response.json(
      { status: 'error', code: 404, msg: 'Not Found', correlation_id: serverContext.requestId },
      { status: 404 },
    );
  }

  return {
    services,
    yoga,
    async fetch(request, partial = {}) {
      const started = performance.now();
      const requestId = partial.requestId ?? requestIdFor(request);
      const serverContext = { requestId, clientAddress: partial.clientAddress ?? '127.0.0.1' };
      let response: Response;
      try {
        response = await route(request, serverContext);
      } catch (error) {
        options.logger.error({ err: error, requestId }, 'unhandled error');
        response = Response.json(
          { status: 'error', code: 500, msg: 'Internal Server Error', correlation_id: requestId },
          { status: 500 },
        );
      }
      response.headers.set('X-Request-ID', requestId);
      response.headers.set('X-Correlation-ID', requestId);
      options.logger.info(
        {
          requestId,
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
        },
        'request',
      );
      return response;
    },
    async close() {
      await yoga.dispose();
    },
  };
}
