// Slows down password guessing: after a few failed logins for one email from one
// address, each further attempt must wait, doubling up to a cap. The counters live in a
// KeyValueStore: in memory for one instance, in Redis for several.
import type { KeyValueStore } from '../shared/kv-store';

const FREE_ATTEMPTS = 5;
const BASE_DELAY_SECONDS = 2;
const MAX_DELAY_SECONDS = 15 * 60;
const WINDOW_SECONDS = 15 * 60;

interface State {
  failures: number;
  /** Epoch ms before which no attempt is accepted. */
  lockedUntil: number;
}

export class LoginThrottle {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date,
  ) {}

  private key(id: string) {
    return `login-failures:${id}`;
  }

  /** Seconds the caller must wait before the next attempt (0 = go ahead). */
  async retryAfter(id: string): Promise<number> {
    const state = await this.store.get<State>(this.key(id));
    if (!state) return 0;
    return Math.max(0, Math.ceil((state.lockedUntil - this.now().getTime()) / 1000));
  }

  async recordFailure(id: string): Promise<void> {
    const state = (await this.store.get<State>(this.key(id))) ?? { failures: 0, lockedUntil: 0 };
    const failures = state.failures + 1;
    const delay =
      failures < FREE_ATTEMPTS ? 0 : Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (failures - FREE_ATTEMPTS));
    await this.store.set(this.key(id), { failures, lockedUntil: this.now().getTime() + delay * 1000 }, WINDOW_SECONDS);
  }

  async reset(id: string): Promise<void> {
    await this.store.delete(this.key(id));
  }
}
