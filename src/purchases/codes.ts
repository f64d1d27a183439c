// Purchase codes: what a buyer gives an author to prove a purchase, and the key of the
// purchase's downloads. A code is a random UUID v4 (122 random bits from the operating
// system's CSPRNG), so codes cannot be guessed or enumerated.
import { randomUUID } from 'node:crypto';

const CODE_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function newPurchaseCode(): string {
  return randomUUID();
}

/**
 * The canonical form of a code a client sent (codes are stored lowercase; surrounding
 * blanks and upper case are forgiven), or null when it cannot be a code at all.
 */
export function normalizePurchaseCode(input: string): string | null {
  const code = input.trim().toLowerCase();
  return CODE_PATTERN.test(code) ? code : null;
}
