// State that instances share lives in Redis while Redis answers, and in this process's
// memory while it does not. A circuit breaker (opossum) keeps a frozen or unreachable
// Redis from slowing requests down: the first call that fails, or takes longer than
// REDIS_TIMEOUT_MS, opens it; for REDIS_BREAKER_RESET_MS every call then goes straight to
// memory; after that one call tries Redis again and closes the breaker if it answers.
// The outage and the recovery are logged once each.
import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';

type Call = () => Promise<unknown>;

export interface BreakerOptions {
  timeoutMs: number;
  resetMs: number;
}

export class RedisBreaker {
  private readonly breaker: CircuitBreaker<[Call, Call], unknown>;

  constructor(logger: Logger, what: string, options: BreakerOptions) {
    this.breaker = new CircuitBreaker((onRedis: Call, _locally: Call) => onRedis(), {
      timeout: options.timeoutMs,
      resetTimeout: options.resetMs,
      // Open on the first failure in the rolling window, whatever succeeded before it:
      // each call that waits on a dead Redis is a request that waits.
      errorThresholdPercentage: 0,
      volumeThreshold: 0,
    });
    this.breaker.fallback((_onRedis: Call, locally: Call) => locally());
    this.breaker.on('open', () => logger.warn(`redis unreachable: ${what} are kept per instance until it returns`));
    this.breaker.on('close', () => logger.info(`redis reachable again: ${what} are shared across instances again`));
  }

  /** closed: calls go to Redis; open: to memory; halfOpen: the next call tries Redis. */
  get state(): 'closed' | 'open' | 'halfOpen' {
    if (this.breaker.closed) return 'closed';
    return this.breaker.halfOpen ? 'halfOpen' : 'open';
  }

  run<T>(onRedis: () => Promise<T>, locally: () => Promise<T>): Promise<T> {
    return this.breaker.fire(onRedis, locally) as Promise<T>;
  }

  close(): void {
    this.breaker.shutdown();
  }
}
