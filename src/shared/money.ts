// Money is integer cents in the database and in the API's `cents` fields; `amount` is
// the exact decimal string. Nothing converts money to floating point except the legacy
// REST shapes, which print numbers (19.99) as their documents show.

export interface MoneyValue {
  cents: number;
  currency: string;
}

/** 1999 → "19.99", -5 → "-0.05". Exact for any safe integer. */
export function formatCents(cents: number | bigint): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const units = abs / 100n;
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${units}.${rest}`;
}

/** The legacy JSON number form (19.99). */
export function centsToNumber(cents: number | bigint): number {
  return Number(formatCents(cents));
}

/** Parses "19.99" or 19.99 into cents; null when it is not an amount with at most 2 decimals. */
export function parseAmount(value: string | number): number | null {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}
