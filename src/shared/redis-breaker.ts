// State that instances share lives in Redis while Redis answers, and in this process's
// memory while it does not. A circuit breaker (opossum) keeps a frozen or unreachable
// Redis from slowing requests down: the first call that fails, or gets no answer within
// REDIS_TIMEOUT_MS, opens it; for REDIS_BREAKER_RESET_MS every call then goes straight to
// memory; after that one call tries Redis again and closes the breaker if it answers.
// The outage and the recovery are logged once each.
//
// A busy process is not a frozen Redis: under a burst the answer may be waiting in the
// socket while the event loop works through other requests, and falling back then would
// count the burst per instance. So a call whose timer itself fired late (the loop was
// busy) keeps waiting for Redis, up to a hard limit.
import { setImmediate as nextTurn } from 'node:timers/promises';
import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';

type Call = () => Promise<unknown>;

export interface BreakerOptions {
  timeoutMs: number;
  resetMs: number;
}

/** Past this many timeouts a busy loop is no excuse any more. */
const HARD_LIMIT_FACTOR = 20;

class RedisTimeout extends Error {
  override name = 'RedisTimeout';
}

/** The call's outcome, or a RedisTimeout when Redis itself (not this process) was too slow. */
async function withinTimeout<T>(call: Promise<T>, timeoutMs: number): Promise<T> {
  const started = performance.now();
  let settled = false;
  call.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    const expected = performance.now();
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const outcome = await Promise.race([call, timer]);
    if (outcome !== 'timeout') return outcome as T;
    // Let I/O that arrived meanwhile be read before judging.
    await nextTurn();
    if (settled) return call;
    const lateBy = performance.now() - expected - timeoutMs;
    const busy = lateBy > timeoutMs / 2;
    if (!busy || performance.now() - started > timeoutMs * HARD_LIMIT_FACTOR) {
      call.catch(() => undefined);
      throw new RedisTimeout(`no answer from Redis within ${timeoutMs} ms`);
    }
  }
}

export class RedisBreaker {
  private readonly breaker: CircuitBreaker<[Call, Call], unknown>;

  constructor(logger: Logger, what: string, options: BreakerOptions) {
    this.breaker = new CircuitBreaker((onRedis: Call, _locally: Call) => withinTimeout(onRedis(), options.timeoutMs), {
      // The timeout is withinTimeout's, which knows a busy process from a silent Redis.
      timeout: false,
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
