// What every resolver receives: the request's identity (viewer), the shared services,
// and per-request state. Built once per request by the server (src/server/app.ts).
import type { Logger } from 'pino';
import type { LoginThrottle } from '../accounts/login-throttle';
import type { Scope } from '../accounts/scopes';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { FileStore } from '../downloads/file-store';
import type { Plan, Role } from '../generated/prisma/enums';
import type { BudgetState } from '../limits/budgets';
import type { RateLimits } from '../limits/rate-limits';
import type { RedisBreaker } from '../shared/redis-breaker';

/** Long-lived parts shared by all requests of one gateway instance. */
export interface Services {
  config: Config;
  db: Database;
  logger: Logger;
  fileStore: FileStore;
  /** Injected so tests can move time (token expiry, download links). */
  now: () => Date;
  /** Login throttles and rate limits count in Redis when REDIS_URL is set, so every instance shares them. */
  loginThrottle: LoginThrottle;
  rateLimits: RateLimits;
  /** Whether shared state is in Redis right now (absent without REDIS_URL). */
  redisBreaker?: RedisBreaker;
}

export type CredentialKind = 'session' | 'token' | 'legacy-key';

export interface Viewer {
  accountId: number;
  role: Role;
  plan: Plan;
  credential: CredentialKind;
  /** Id of the session, token or legacy key that authenticated the request. */
  credentialId: number;
  /** What this credential may do. Sessions hold every scope. */
  scopes: ReadonlySet<Scope>;
}

export interface Context {
  requestId: string;
  services: Services;
  viewer: Viewer | null;
  /** The caller's address: the rate-limit key of anonymous requests. */
  clientAddress: string;
  /** The caller's account-wide budget after this request (null when not charged). */
  rateLimit: BudgetState | null;
  /** Filled in by a per-class charge (src/limits/enforce.ts): the class budget the answer reports (REST). */
  classRateLimit: { state?: BudgetState };
  /** Set before execution (src/graphql/wide-columns.ts): the wide columns and relations the operation reads. */
  reads?: ReadonlySet<string>;
}
