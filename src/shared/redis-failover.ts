// Shared state goes to Redis while Redis answers, and to this process's memory while it
// does not: the gateway keeps serving (each instance then holds its own state) and logs
// the outage once, and the recovery once.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export class RedisFailover {
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    /** What is affected, for the log lines, e.g. "rate limits". */
    private readonly what: string,
  ) {}

  /** True while the local fallback is in use. */
  get isDegraded(): boolean {
    return this.degraded;
  }

  async run<T>(onRedis: () => Promise<T>, locally: () => Promise<T>): Promise<T> {
    // While disconnected, commands would fail anyway: go local without waiting.
    if (this.redis.status === 'ready') {
      try {
        const result = await onRedis();
        if (this.degraded) {
          this.degraded = false;
          this.logger.info(`redis reachable again: ${this.what} are shared across instances again`);
        }
        return result;
      } catch (error) {
        this.markDegraded(error);
      }
    } else {
      this.markDegraded(new Error(`redis connection is ${this.redis.status}`));
    }
    return locally();
  }

  private markDegraded(error: unknown) {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn({ err: error }, `redis unreachable: ${this.what} are kept per instance until it returns`);
  }
}
