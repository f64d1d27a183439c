// Slows down password guessing, exactly under any concurrency and across instances:
//   - per email and client address: RATE_LIMIT_LOGIN_ATTEMPTS attempts per window
//     (a right password clears the count);
//   - per client address, whatever the email: RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS
//     failed attempts per window (password spraying: one password tried on many emails).
// An attempt is charged BEFORE its password is checked and refused when either budget is
// spent, so a burst of parallel guesses gets no more checks than the budget allows; a
// right password then gives its charge back. Windows: RATE_LIMIT_LOGIN_WINDOW_SECONDS.
import type { Config } from '../config';
import { rateLimited } from '../graphql/errors';
import type { Budget, Budgets } from '../limits/budgets';

export interface LoginAttempt {
  /** The password was right: the email's count is cleared and the address's charge refunded. */
  succeeded(): Promise<void>;
}

export class LoginThrottle {
  private readonly perEmail: Budget;
  private readonly perAddress: Budget;

  constructor(
    private readonly budgets: Budgets,
    config: Pick<Config, 'RATE_LIMIT_LOGIN_ATTEMPTS' | 'RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS' | 'RATE_LIMIT_LOGIN_WINDOW_SECONDS'>,
  ) {
    const windowMs = config.RATE_LIMIT_LOGIN_WINDOW_SECONDS * 1000;
    this.perEmail = { name: 'login', max: config.RATE_LIMIT_LOGIN_ATTEMPTS, windowMs };
    this.perAddress = { name: 'login-address', max: config.RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS, windowMs };
  }

  /** Reserves one attempt, or throws RATE_LIMITED (with retryAfter) without checking anything. */
  async reserve(email: string, clientAddress: string): Promise<LoginAttempt> {
    const pair = `${email}|${clientAddress}`;
    const [byEmail, byAddress] = await Promise.all([this.budgets.charge(this.perEmail, pair), this.budgets.charge(this.perAddress, clientAddress)]);
    const refusal = [byEmail, byAddress].find((state) => state.limited);
    if (refusal) throw rateLimited(refusal.retryAfter, 'Too many failed logins; try again later', refusal);
    return {
      succeeded: async () => {
        await Promise.all([this.budgets.clear(this.perEmail, pair), this.budgets.refund(this.perAddress, clientAddress)]);
      },
    };
  }
}
