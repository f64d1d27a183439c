// `npm start`: validates configuration, opens the database (migrating and seeding the
// embedded one on first start), and serves the gateway until SIGINT/SIGTERM, then
// finishes in-flight requests before closing.
import { createServer, type IncomingMessage } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import { ConfigError, loadConfig, type Config } from '../config';
import { resolveAppSecret } from '../config/app-secret';
import { openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrations';
import { seedIfEmpty } from '../db/seed';
import { LocalFileStore } from '../downloads/file-store';
import { connectRedis } from '../shared/redis';
import { createGateway } from './app';
import { createLogger } from './logger';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
    config = { ...config, APP_SECRET: await resolveAppSecret(config) };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
  });
  const embedded = db.kind === 'pglite';
  const fileStore = new LocalFileStore(config.FILES_DIR);

  if (config.AUTO_MIGRATE ?? embedded) {
    const { applied } = await applyMigrations(db);
    if (applied.length) logger.info({ applied }, 'applied migrations');
  }
  if (config.SEED_DEMO_DATA ?? embedded) {
    const seeded = await seedIfEmpty(db, {
      password: config.DEMO_PASSWORD,
      fileStore,
      platformFeePercent: config.PLATFORM_FEE_PERCENT,
    });
    if (seeded) logger.info('seeded demo data (every demo account uses DEMO_PASSWORD)');
  }

  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, logger, { timeoutMs: config.REDIS_TIMEOUT_MS }) : undefined;
  const gateway = createGateway({ config, db, logger, fileStore, redis });
  const adapter = createServerAdapter<{ req: IncomingMessage }>((request, context) =>
    gateway.fetch(request, { remoteAddress: context.req.socket.remoteAddress ?? 'unknown' }),
  );
  const server = createServer(adapter);
  server.keepAliveTimeout = 65_000; // longer than common load balancer idle timeouts

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, database: db.kind }, `marketplace gateway listening on http://localhost:${port}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // Stop accepting connections; idle keep-alive sockets are closed now, busy ones when done.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), config.SHUTDOWN_GRACE_MS).unref());
    if ((await Promise.race([closed, timeout])) === 'timeout') {
      logger.warn('grace period over: closing remaining connections');
      server.closeAllConnections();
    }
    await gateway.close();
    await db.close();
    redis?.disconnect();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
