// The GraphQL server: graphql-yoga over the Pothos schema, with the gateway's plugins
// (page sizes, query protection, correlation ids) and error masking
// (src/server/failures.ts). It only ever executes operations: admission, CORS, GraphiQL's
// page and body limits happen before it, in src/server/app.ts.
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Context, Services } from '../graphql/context';
import { useCompiledExecution } from '../graphql/compiled-execution';
import { useCorrelationIds } from '../graphql/error-plugin';
import { usePageSizeLimit } from '../graphql/page-size-plugin';
import { useWideColumns } from '../graphql/wide-columns';
import { getSchema } from '../graphql/schema';
import { useQueryProtection } from '../limits/query-protection';
import type { ServerContext } from './server-context';
import type { FailureHandling } from './failures';
import { loadTrustedDocuments, useTrustedDocuments } from './trusted-documents';

const NAMED_OPERATION = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/** Records the operation's name for the request's metrics. */
function useOperationLabel(): Plugin<ServerContext> {
  return {
    onParams({ params, context }) {
      const { labels } = context as unknown as ServerContext;
      labels.operation = params.operationName ?? NAMED_OPERATION.exec(params.query ?? '')?.[1] ?? null;
    },
  };
}

export function createGraphQLServer(services: Services, failures: FailureHandling): YogaServerInstance<ServerContext, Context> {
  const { config, logger } = services;
  const trusted = config.TRUSTED_DOCUMENTS.length ? loadTrustedDocuments(config.TRUSTED_DOCUMENTS, getSchema()) : null;
  if (trusted) logger.info({ documents: trusted.size }, 'loaded trusted documents');
  return createYoga<ServerContext, Context>({
    schema: getSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL's page is served outside Yoga (src/server/graphiql.ts).
    graphiql: false,
    // CORS is decided once for every surface, in src/server/app.ts.
    cors: false,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error({ err: args[0] }, 'graphql error'),
    },
    maskedErrors: { isDev: config.NODE_ENV === 'development', maskError: failures.maskError },
    plugins: [
      ...(trusted ? [useTrustedDocuments(trusted, config.TRUSTED_DOCUMENTS_ONLY_FOR_ANONYMOUS)] : []),
      useOperationLabel(),
      usePageSizeLimit(),
      ...useQueryProtection(config),
      useCorrelationIds(),
      // Card columns for operations that show no item's description, lists or media.
      useWideColumns(),
      // The same resolvers without graphql-js's per-field interpretation: about a quarter of
      // the CPU of a purchases page (docs/benchmarks.md).
      ...(config.GRAPHQL_JIT ? useCompiledExecution() : []),
    ],
    context: ({ requestId, clientAddress, viewer, refusal, rateLimit, classRateLimit }) => {
      if (refusal) throw refusal;
      return { requestId, clientAddress, services, viewer: viewer ?? null, rateLimit: rateLimit ?? null, classRateLimit: classRateLimit ?? {} };
    },
  });
}
