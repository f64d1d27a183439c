// More gateway instances beside a test's own: each on its own port with its own Redis
// connection (what several processes behind a load balancer are), on the test's database
// unless given another. Used where state must be shared (budgets) or a fault must be seen
// by a running server.
import { inject } from 'vitest';
import { testConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/client';
import { LocalFileStore } from '../../src/downloads/file-store';
import { createGateway, type Gateway } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { connectRedis } from '../../src/shared/redis';
import { openServerTestDatabase, type TestDatabase } from './databases';
import { listen, type Listening } from './http';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Instance {
  gateway: Gateway;
  url: string;
  http: Listening;
  /** Every log line the instance wrote (JSON). */
  logs: string[];
  /** Its own Redis connection, when it has one. */
  redis?: import('ioredis').Redis;
  close(): Promise<void>;
}

export interface InstanceOptions {
  db: Database;
  env?: Record<string, string>;
  /** Without it the instance keeps its state in memory. */
  redisUrl?: string;
  now?: () => Date;
}

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const config = testConfig({
    FILES_DIR: inject('filesDir'),
    APP_SECRET: 'test-secret-test-secret-test-secret!',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const logs: string[] = [];
  const logger = createLogger(config, { write: (line: string) => logs.push(line) });
  const redis = options.redisUrl ? connectRedis(options.redisUrl, logger, { timeoutMs: config.REDIS_TIMEOUT_MS }) : undefined;
  if (redis) await new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
  const gateway = createGateway({ config, db: options.db, logger, redis, now: options.now, fileStore: new LocalFileStore(config.FILES_DIR) });
  const http = await listen(gateway);
  return {
    gateway,
    url: http.url,
    http,
    logs,
    redis,
    async close() {
      await http.close();
      await gateway.close();
      redis?.disconnect();
    },
  };
}

/** Two instances on one seeded PostgreSQL server database, each with its own pool: two processes racing on one database. */
export interface InstancePair {
  server: TestDatabase & { url: string };
  /** The second instance's own connection to that database. */
  other: Database;
  instances: [Instance, Instance];
  close(): Promise<void>;
}

export async function startInstancePairOnServer(env: Record<string, string>): Promise<InstancePair> {
  const server = await openServerTestDatabase();
  const other = await openDatabase({ databaseUrl: server.url, poolSize: 10 });
  const instances: [Instance, Instance] = [await startInstance({ db: server.db, env }), await startInstance({ db: other, env })];
  return {
    server,
    other,
    instances,
    async close() {
      await Promise.all(instances.map((instance) => instance.close()));
      await other.close();
      await server.close();
    },
  };
}
