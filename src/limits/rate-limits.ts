// Rate limits, enforced with graphql-rate-limit's limiter over a shared store:
//   - an account-wide budget per plan (004_…: free 60/min, pro 600/min, enterprise
//     6000/min; anonymous callers by address), spent once per HTTP request;
//   - per-class budgets on the fields that carry them (002_…: downloads 20/hour,
//     version checks 60/min; purchase verification, which the documents leave open).
// Budgets are keyed by account (by client address when anonymous), so every token of
// one account shares its plan's budget.
import { getFieldIdentity, getGraphQLRateLimiter } from 'graphql-rate-limit';
import type { GraphQLResolveInfo } from 'graphql';
import type { Config } from '../config';
import type { Plan } from '../generated/prisma/enums';
import type { Viewer } from '../graphql/context';
import type { RateStore } from './rate-store';

export type LimitClass = 'downloads' | 'verification' | 'versionChecks';

export interface Budget {
  name: string;
  max: number;
  windowMs: number;
}

export interface BudgetState {
  limit: number;
  remaining: number;
  /** When the oldest counted call leaves the window (epoch ms). */
  resetAt: number;
  limited: boolean;
  /** Seconds to wait before the next call can succeed (0 when not limited). */
  retryAfter: number;
}

export function planBudgets(config: Config): Record<Plan | 'ANONYMOUS', Budget> {
  const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  return {
    ANONYMOUS: { name: 'requests', max: config.RATE_LIMIT_ANONYMOUS, windowMs },
    FREE: { name: 'requests', max: config.RATE_LIMIT_FREE, windowMs },
    PRO: { name: 'requests', max: config.RATE_LIMIT_PRO, windowMs },
    ENTERPRISE: { name: 'requests', max: config.RATE_LIMIT_ENTERPRISE, windowMs },
  };
}

export function classBudgets(config: Config): Record<LimitClass, Budget> {
  return {
    downloads: { name: 'downloads', max: config.RATE_LIMIT_DOWNLOADS, windowMs: config.RATE_LIMIT_DOWNLOADS_WINDOW_SECONDS * 1000 },
    verification: { name: 'verification', max: config.RATE_LIMIT_VERIFICATION, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 },
    versionChecks: { name: 'versionChecks', max: config.RATE_LIMIT_VERSION_CHECKS, windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000 },
  };
}

/** Who a budget belongs to. */
export function rateLimitIdentity(viewer: Viewer | null, clientAddress: string): string {
  return viewer ? `account:${viewer.accountId}` : `address:${clientAddress}`;
}

export class RateLimits {
  private readonly limiter: ReturnType<typeof getGraphQLRateLimiter>;
  private readonly plans: Record<Plan | 'ANONYMOUS', Budget>;
  private readonly classes: Record<LimitClass, Budget>;

  constructor(
    private readonly store: RateStore,
    config: Config,
  ) {
    this.plans = planBudgets(config);
    this.classes = classBudgets(config);
    this.limiter = getGraphQLRateLimiter({
      store: store as never,
      identifyContext: (context: { identity: string }) => context.identity,
      formatError: ({ fieldName, max, window }) => `Rate limit exceeded: ${max} ${fieldName} per ${Math.round(window / 1000)}s`,
    });
  }

  budgetFor(viewer: Viewer | null): Budget {
    return viewer ? this.plans[viewer.plan] : this.plans.ANONYMOUS;
  }

  /** Spends one call of `budget` for `identity` (rejected calls are not counted). */
  async consume(identity: string, budget: Budget): Promise<BudgetState> {
    const message = await this.limiter(
      { parent: undefined, args: {}, context: { identity }, info: { fieldName: budget.name } as GraphQLResolveInfo },
      { max: budget.max, window: `${budget.windowMs}`, uncountRejected: true },
    );
    return this.state(identity, budget, message !== undefined);
  }

  /** Where an identity stands, without spending anything. */
  async peek(identity: string, budget: Budget): Promise<BudgetState> {
    return this.state(identity, budget, false);
  }

  async consumeClass(identity: string, limitClass: LimitClass): Promise<BudgetState> {
    return this.consume(identity, this.classes[limitClass]);
  }

  private async state(identity: string, budget: Budget, limited: boolean): Promise<BudgetState> {
    const now = Date.now();
    const timestamps = (
      await this.store.getForIdentity({ contextIdentity: identity, fieldIdentity: getFieldIdentity(budget.name, [], {}) })
    ).filter((timestamp) => timestamp + budget.windowMs > now);
    // graphql-rate-limit appends in call order: the first is the oldest (no spread of a long array).
    const oldest = timestamps[0] ?? now;
    const resetAt = oldest + budget.windowMs;
    return {
      limit: budget.max,
      remaining: Math.max(0, budget.max - timestamps.length),
      resetAt,
      limited,
      retryAfter: limited ? Math.max(1, Math.ceil((resetAt - now) / 1000)) : 0,
    };
  }
}
