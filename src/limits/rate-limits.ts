// The gateway's request budgets (src/limits/budgets.ts counts them):
//   - an account-wide budget per plan (004_…: free 60/min, pro 600/min, enterprise
//     6000/min; anonymous callers by address), spent once per HTTP request;
//   - per-class budgets on the fields that carry them (002_…: downloads 20/hour,
//     version checks 60/min; purchase verification, which the documents leave open).
// Budgets are keyed by account (by client address when anonymous), so every token of
// one account shares its plan's budget.
import type { Config } from '../config';
import type { Plan } from '../generated/prisma/enums';
import type { Viewer } from '../graphql/context';
import type { Budget, Budgets, BudgetState } from './budgets';

export type LimitClass = 'downloads' | 'verification' | 'versionChecks';

export function planBudgets(config: Config): Record<Plan | 'ANONYMOUS', Budget> {
  const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  // One counter for every plan: an account that changes plan keeps what it spent.
  return {
    ANONYMOUS: { name: 'requests', max: config.RATE_LIMIT_ANONYMOUS, windowMs },
    FREE: { name: 'requests', max: config.RATE_LIMIT_FREE, windowMs },
    PRO: { name: 'requests', max: config.RATE_LIMIT_PRO, windowMs },
    ENTERPRISE: { name: 'requests', max: config.RATE_LIMIT_ENTERPRISE, windowMs },
  };
}

export function classBudgets(config: Config): Record<LimitClass, Budget> {
  const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  return {
    downloads: { name: 'downloads', max: config.RATE_LIMIT_DOWNLOADS, windowMs: config.RATE_LIMIT_DOWNLOADS_WINDOW_SECONDS * 1000 },
    verification: { name: 'verification', max: config.RATE_LIMIT_VERIFICATION, windowMs },
    versionChecks: { name: 'versionChecks', max: config.RATE_LIMIT_VERSION_CHECKS, windowMs },
  };
}

/** Who a budget belongs to. */
export function rateLimitIdentity(viewer: Viewer | null, clientAddress: string): string {
  return viewer ? `account:${viewer.accountId}` : `address:${clientAddress}`;
}

export class RateLimits {
  private readonly plans: Record<Plan | 'ANONYMOUS', Budget>;
  private readonly classes: Record<LimitClass, Budget>;

  constructor(
    private readonly budgets: Budgets,
    config: Config,
  ) {
    this.plans = planBudgets(config);
    this.classes = classBudgets(config);
  }

  /** Spends one request of the caller's account-wide budget. */
  chargeRequest(viewer: Viewer | null, clientAddress: string): Promise<BudgetState> {
    return this.budgets.charge(viewer ? this.plans[viewer.plan] : this.plans.ANONYMOUS, rateLimitIdentity(viewer, clientAddress));
  }

  /** Spends one call of a per-class budget. */
  chargeClass(viewer: Viewer | null, clientAddress: string, limitClass: LimitClass): Promise<BudgetState> {
    return this.budgets.charge(this.classes[limitClass], rateLimitIdentity(viewer, clientAddress));
  }
}
