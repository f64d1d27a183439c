// When a failed delivery is tried again: exponential backoff with full jitter (a uniform
// delay between 0 and base·2^(n−1), capped), so receivers that failed together, after an
// outage, are not all hit again at the same moment.

export interface RetrySchedule {
  /** The window after the first failed attempt. */
  baseMs: number;
  /** No window grows past this. */
  capMs: number;
}

/** 1 min, 2, 4, … up to 6 h: with 12 attempts a delivery is given up after at most ~21 h (about half that on average). */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { baseMs: 60_000, capMs: 6 * 60 * 60_000 };

/** The longest wait after failed attempt number `attempt` (1 = the first). */
export function retryWindowMs(attempt: number, schedule: RetrySchedule): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  return Math.min(schedule.capMs, schedule.baseMs * 2 ** exponent);
}

/** The wait before the next attempt after failed attempt number `attempt`: uniform in [0, window). */
export function retryDelayMs(attempt: number, schedule: RetrySchedule, random: () => number = Math.random): number {
  return Math.floor(random() * retryWindowMs(attempt, schedule));
}
