// Small shared state (login throttles, revocation notices): in process memory for a
// single instance, or in Redis (REDIS_URL) so that every instance sees the same values.
import type { Redis } from 'ioredis';
import type { RedisFailover } from './redis-failover';

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

export class RedisStore implements KeyValueStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'mpg:',
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.prefix + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

/** Redis while it answers, this process's memory while it does not. */
export class FailoverStore implements KeyValueStore {
  constructor(
    private readonly failover: RedisFailover,
    private readonly primary: KeyValueStore,
    private readonly local: KeyValueStore,
  ) {}

  get<T>(key: string) {
    return this.failover.run(() => this.primary.get<T>(key), () => this.local.get<T>(key));
  }

  set<T>(key: string, value: T, ttlSeconds: number) {
    return this.failover.run(() => this.primary.set(key, value, ttlSeconds), () => this.local.set(key, value, ttlSeconds));
  }

  delete(key: string) {
    return this.failover.run(() => this.primary.delete(key), () => this.local.delete(key));
  }
}
