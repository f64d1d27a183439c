// Demo dates are laid out relative to a fixed "now", never the clock, so that two seeds
// made on different days hold the same rows.
import type { Random } from './random';

/** The moment the demo data pretends is "now": everything happened before it. */
export const REFERENCE_DATE = new Date('2026-01-01T00:00:00Z');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const addMinutes = (date: Date, minutes: number) => new Date(date.getTime() + minutes * MINUTE);
export const addHours = (date: Date, hours: number) => new Date(date.getTime() + hours * HOUR);
export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);

/** Calendar months in UTC; the 31st plus one month is the last day of the next month. */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export const minDate = (a: Date, b: Date) => (a <= b ? a : b);
export const maxDate = (a: Date, b: Date) => (a >= b ? a : b);

/** A moment in [from, to], on a whole minute (readable timestamps, and ties stay deliberate). */
export function dateBetween(random: Random, from: Date, to: Date): Date {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE));
  return addMinutes(from, random.int(0, minutes));
}
