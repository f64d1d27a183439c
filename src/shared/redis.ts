// The Redis connection for state instances share. Commands fail fast instead of queueing
// while Redis is away (RedisBreaker then keeps state in memory), so a request never
// waits on it longer than the breaker's timeout.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function connectRedis(url: string, logger: Logger, options: { timeoutMs?: number } = {}): Redis {
  const timeoutMs = options.timeoutMs ?? 250;
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // The breaker judges slowness itself (a busy process is not a slow Redis,
    // src/shared/redis-breaker.ts); this only ends a command nothing waits for any more.
    commandTimeout: Math.max(5000, timeoutMs * 20),
    // Keep trying to come back, at most every 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
  return redis;
}
