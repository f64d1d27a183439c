// Demo dates are laid out before a fixed "now", never the clock, so that every seed draws
// the same rows; the plan is then moved in time as a whole (plan.ts), to end when the seed
// runs: "this month" and "the last 30 days" have sales whatever the day. Two seeds of the
// same size differ only in their dates, all moved by the same number of minutes.
import type { Random } from './random';

/** The moment the demo data is laid out before: everything happens before it. */
export const REFERENCE_DATE = new Date('2026-01-01T00:00:00Z');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const addMinutes = (date: Date, minutes: number) => new Date(date.getTime() + minutes * MINUTE);
export const addHours = (date: Date, hours: number) => new Date(date.getTime() + hours * HOUR);
export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

export { addMonths } from '../../shared/dates';

/**
 * How far the plan moves for a seed run at `now`: whole minutes (timestamps stay on whole
 * minutes), so that REFERENCE_DATE lands on `now`. Never backwards: a clock before the
 * reference date keeps the reference dates, since registrations do not move.
 */
export function minutesToNow(now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - REFERENCE_DATE.getTime()) / MINUTE));
}

export const maxDate = (a: Date, b: Date) => (a >= b ? a : b);

/** A moment in [from, to], on a whole minute (readable timestamps, and ties stay deliberate). */
export function dateBetween(random: Random, from: Date, to: Date): Date {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE));
  return addMinutes(from, random.int(0, minutes));
}

/**
 * A moment in [from, to] on a whole minute, more likely the nearer it is to `to`: a
 * marketplace that grows, whose recent weeks are busier than its first ones (the distance
 * to `to` is the span times u^1.5, u uniform). One draw, as dateBetween; Math.sqrt is
 * exact in every engine, so the dates are the same everywhere.
 */
export function recentDateBetween(random: Random, from: Date, to: Date): Date {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE));
  if (minutes === 0) return from;
  const share = (minutes - random.int(0, minutes)) / minutes; // uniform in [0, 1]
  return addMinutes(to, -Math.round(minutes * share * Math.sqrt(share)));
}
