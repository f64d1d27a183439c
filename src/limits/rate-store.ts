// Where graphql-rate-limit keeps its call timestamps. One instance: process memory.
// Several instances: Redis, so one budget spans them all. If Redis becomes unreachable
// the gateway keeps serving with a local limiter (each instance then enforces the budget
// on its own; see RedisFailover) and returns to Redis as soon as Redis answers.
import type { Redis } from 'ioredis';
import type { RedisFailover } from '../shared/redis-failover';

/** graphql-rate-limit's Store contract (its abstract class is not exported as a type we can extend cleanly). */
export interface Identity {
  readonly contextIdentity: string;
  readonly fieldIdentity: string;
}

export interface RateStore {
  setForIdentity(identity: Identity, timestamps: readonly number[], windowMs?: number): Promise<void>;
  getForIdentity(identity: Identity): Promise<readonly number[]>;
}

const keyOf = (identity: Identity) => `${identity.contextIdentity}|${identity.fieldIdentity}`;

/** In-memory store whose entries expire with their window, so it does not grow forever. */
export class MemoryRateStore implements RateStore {
  private readonly entries = new Map<string, { timestamps: readonly number[]; expiresAt: number }>();

  async getForIdentity(identity: Identity): Promise<readonly number[]> {
    const entry = this.entries.get(keyOf(identity));
    if (!entry) return [];
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(keyOf(identity));
      return [];
    }
    return entry.timestamps;
  }

  async setForIdentity(identity: Identity, timestamps: readonly number[], windowMs = 60_000): Promise<void> {
    if (this.entries.size > 50_000) this.sweep();
    const newest = timestamps.at(-1) ?? Date.now(); // appended in call order
    this.entries.set(keyOf(identity), { timestamps, expiresAt: newest + windowMs });
  }

  private sweep() {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

export class RedisRateStore implements RateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'mpg:rl:',
  ) {}

  async getForIdentity(identity: Identity): Promise<readonly number[]> {
    const raw = await this.redis.get(this.prefix + keyOf(identity));
    return raw ? (JSON.parse(raw) as number[]) : [];
  }

  async setForIdentity(identity: Identity, timestamps: readonly number[], windowMs = 60_000): Promise<void> {
    await this.redis.set(this.prefix + keyOf(identity), JSON.stringify(timestamps), 'PX', windowMs);
  }
}

/** Redis first; the local store while Redis is down. */
export class FailoverRateStore implements RateStore {
  constructor(
    private readonly failover: RedisFailover,
    private readonly primary: RateStore,
    private readonly local: RateStore,
  ) {}

  getForIdentity(identity: Identity) {
    return this.failover.run(() => this.primary.getForIdentity(identity), () => this.local.getForIdentity(identity));
  }

  setForIdentity(identity: Identity, timestamps: readonly number[], windowMs?: number) {
    return this.failover.run(
      () => this.primary.setForIdentity(identity, timestamps, windowMs),
      () => this.local.setForIdentity(identity, timestamps, windowMs),
    );
  }
}
