// Budgets: how many calls an identity may make per window, counted exactly under any
// concurrency. A charge is one atomic increment of one counter: rate-limiter-flexible's
// Lua script on Redis (one round trip, one integer per key), a synchronous increment in
// memory. The counter tells the caller's position, so the decision never reads, decides
// and writes back (what lost counts under parallel requests, docs/decisions.md).
//
// Windows are fixed and aligned to the clock (a 60 s window runs from :00 to :59): every
// instance agrees on them, the reset time is known in advance, and a test moves the
// injected clock to the next window instead of waiting for it. A key holds one window's
// count and expires with it.
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { RedisBreaker } from '../shared/redis-breaker';

export interface Budget {
  /** Unique: it names the counters (and Redis keys). */
  name: string;
  max: number;
  windowMs: number;
}

export interface BudgetState {
  limit: number;
  remaining: number;
  /** When the window ends (epoch ms). */
  resetAt: number;
  limited: boolean;
  /** Seconds to wait before the next call can succeed (0 when not limited). */
  retryAfter: number;
}

export interface BudgetsOptions {
  now: () => Date;
  /** Shared counters; without them, counters live in this process. */
  redis?: { client: Redis; breaker: RedisBreaker; prefix: string };
  /** Told of every refusal (metrics). */
  onLimited?: (budget: string) => void;
}

interface Counters {
  local: RateLimiterAbstract;
  shared?: RateLimiterAbstract;
}

export class Budgets {
  private readonly counters = new Map<string, Counters>();

  constructor(private readonly options: BudgetsOptions) {}

  /** Spends one call (or `points`) of `budget` for `identity`; over the budget is `limited`. */
  async charge(budget: Budget, identity: string, points = 1): Promise<BudgetState> {
    const { key, resetAt, now } = this.window(budget, identity);
    const result = await this.run(budget, (counter) => counter.penalty(key, points));
    const limited = result.consumedPoints > budget.max;
    if (limited) this.options.onLimited?.(budget.name);
    return {
      limit: budget.max,
      remaining: Math.max(0, budget.max - result.consumedPoints),
      resetAt,
      limited,
      retryAfter: limited ? Math.max(1, Math.ceil((resetAt - now) / 1000)) : 0,
    };
  }

  /** Gives back calls spent in the current window (a login that turned out right). */
  async refund(budget: Budget, identity: string, points = 1): Promise<void> {
    const { key } = this.window(budget, identity);
    await this.run(budget, (counter) => counter.reward(key, points));
  }

  /** Forgets the current window's count. */
  async clear(budget: Budget, identity: string): Promise<void> {
    const { key } = this.window(budget, identity);
    await this.run(budget, (counter) => counter.delete(key));
  }

  private window(budget: Budget, identity: string) {
    const now = this.options.now().getTime();
    const index = Math.floor(now / budget.windowMs);
    return { key: `${identity}:${index}`, resetAt: (index + 1) * budget.windowMs, now };
  }

  private run<T>(budget: Budget, call: (counter: RateLimiterAbstract) => Promise<T>): Promise<T> {
    const counters = this.countersFor(budget);
    const { redis } = this.options;
    if (!redis || !counters.shared) return call(counters.local);
    return redis.breaker.run(
      () => call(counters.shared!),
      () => call(counters.local),
    );
  }

  private countersFor(budget: Budget): Counters {
    let counters = this.counters.get(budget.name);
    if (!counters) {
      // A key outlives its window by a second, so a late charge never finds it gone early.
      const duration = Math.ceil(budget.windowMs / 1000) + 1;
      const options = { points: budget.max, duration, keyPrefix: budget.name };
      const { redis } = this.options;
      counters = {
        local: new RateLimiterMemory(options),
        shared: redis && new RateLimiterRedis({ ...options, keyPrefix: `${redis.prefix}rl:${budget.name}`, storeClient: redis.client }),
      };
      this.counters.set(budget.name, counters);
    }
    return counters;
  }
}
