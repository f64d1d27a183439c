// The Redis connection for state instances share. Commands fail fast instead of queueing
// while Redis is away, so a request never waits on it (see RedisFailover).
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    // Keep trying to come back, at most every 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
  return redis;
}
