// What one budget charge costs (src/limits/budgets.ts): sequential charges of one identity
// whose window already holds 6,000 calls (an enterprise account at its limit), in memory
// and on the local Redis, and a burst of parallel charges. The sliding log this replaced
// read and rewrote every timestamp of the window per charge: 0.33 ms in memory and
// 1.66 ms on Redis at 6,000 (docs/benchmarks.md); a counter costs the same at any count.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Budgets, type Budget } from '../src/limits/budgets';
import { RedisBreaker } from '../src/shared/redis-breaker';

export interface ChargeCost {
  store: 'memory' | 'redis';
  /** Calls already counted in the window when timing starts. */
  inWindow: number;
  sequentialUs: number;
  /** Microseconds per charge when 64 are in flight at once. */
  parallelUs: number;
}

const budget: Budget = { name: 'bench-charges', max: 1_000_000, windowMs: 60_000 };

async function time(budgets: Budgets, identity: string, count: number, parallel: number): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < count; done += parallel) {
    await Promise.all(Array.from({ length: Math.min(parallel, count - done) }, () => budgets.charge(budget, identity)));
  }
  return ((performance.now() - started) * 1000) / count;
}

export async function measureCharges(redisUrl: string | undefined): Promise<ChargeCost[]> {
  const results: ChargeCost[] = [];
  const logger = pino({ level: 'silent' });
  const stores: Array<{ store: ChargeCost['store']; budgets: Budgets; done(): void }> = [
    { store: 'memory', budgets: new Budgets({ now: () => new Date() }), done: () => undefined },
  ];
  let redis: Redis | undefined;
  if (redisUrl) {
    redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const reachable = await redis.connect().then(
      () => true,
      () => false,
    );
    if (reachable) {
      const breaker = new RedisBreaker(logger, 'bench', { timeoutMs: 1000, resetMs: 5000 });
      const prefix = `mpg-bench-${randomBytes(4).toString('hex')}:`;
      stores.push({
        store: 'redis',
        budgets: new Budgets({ now: () => new Date(), redis: { client: redis, breaker, prefix } }),
        done: () => breaker.close(),
      });
    }
  }
  for (const { store, budgets, done } of stores) {
    for (const inWindow of [0, 6000]) {
      const identity = `bench:${store}:${inWindow}:${randomBytes(3).toString('hex')}`;
      if (inWindow) await time(budgets, identity, inWindow, 100);
      const count = store === 'memory' ? 20_000 : 2000;
      results.push({ store, inWindow, sequentialUs: await time(budgets, identity, count, 1), parallelUs: await time(budgets, identity, count, 64) });
    }
    done();
  }
  redis?.disconnect();
  return results;
}

export function formatCharges(costs: ChargeCost[]): string {
  const lines = [
    'Budget charges (one atomic increment each):',
    '| store | calls in the window | µs per charge, one at a time | µs per charge, 64 in flight |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const cost of costs) {
    lines.push(`| ${cost.store} | ${cost.inWindow} | ${cost.sequentialUs.toFixed(1)} | ${cost.parallelUs.toFixed(1)} |`);
  }
  return lines.join('\n');
}
