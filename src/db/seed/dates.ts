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

export { addMonths } from '../../shared/dates';

export const maxDate = (a: Date, b: Date) => (a >= b ? a : b);

/** A moment in [from, to], on a whole minute (readable timestamps, and ties stay deliberate). */
export function dateBetween(random: Random, from: Date, to: Date): Date {
  const minutes = Math.max(0, Math.floor((to.getTime() - from.getTime()) / MINUTE));
  return addMinutes(from, random.int(0, minutes));
}
