// Moving money between accounts. Every movement changes a balance and writes one ledger
// line, so an account's balance always equals the sum of its ledger amounts and each
// line's balanceAfterCents is the running total. Amounts are integer cents (Int per
// line, BigInt balances); nothing here touches floating point or Decimal.
//
// Concurrency: callers lock every account a transaction will touch with lockAccounts()
// first, in one statement ordered by id, so two transactions can never wait on each
// other in opposite orders (no deadlocks). Debits are conditional in SQL (balance never
// goes below zero), and the running balance comes from RETURNING under the row lock,
// so nothing is read-modified-written in JavaScript (no lost updates).
import type { LedgerKind, Prisma } from '../generated/prisma/client';

export type Tx = Prisma.TransactionClient;

/**
 * The account platform fees are credited to (created by the seed and by deployments),
 * by settlement (./platform-fees.ts), never by a purchase itself.
 */
export const PLATFORM_USERNAME = 'platform';

/**
 * The platform's share of a price: round(price × percent / 100), half up, computed in
 * integers (the percent as basis points, so 12.5 % works too).
 */
export function platformFeeCents(priceCents: number, feePercent: number): number {
  if (!Number.isSafeInteger(priceCents) || priceCents < 0) throw new RangeError(`bad price ${priceCents}`);
  const basisPoints = BigInt(Math.round(feePercent * 100));
  return Number((BigInt(priceCents) * basisPoints + 5_000n) / 10_000n);
}

export interface LockedAccount {
  id: number;
  username: string;
  balanceCents: bigint;
  currency: string;
}

/**
 * Locks these accounts for the rest of the transaction, in ascending id order. Returns
 * the locked rows (balances as of the lock).
 */
export async function lockAccounts(tx: Tx, ids: readonly number[]): Promise<LockedAccount[]> {
  const unique = [...new Set(ids)];
  const rows = await tx.$queryRaw<{ id: number; username: string; balance_cents: bigint; currency: string }[]>`
    SELECT id, username, balance_cents, currency
    FROM accounts
    WHERE id = ANY(${unique}::int[])
    ORDER BY id
    FOR NO KEY UPDATE`;
  return rows.map((row) => ({
    id: Number(row.id),
    username: row.username,
    balanceCents: BigInt(row.balance_cents),
    currency: row.currency,
  }));
}

/** Takes `cents` from an account if its balance covers it; the new balance, or null when it does not. */
export async function debit(tx: Tx, accountId: number, cents: number): Promise<bigint | null> {
  const rows = await tx.$queryRaw<{ balance_cents: bigint }[]>`
    UPDATE accounts
    SET balance_cents = balance_cents - ${cents}::bigint
    WHERE id = ${accountId}::int AND balance_cents >= ${cents}::bigint
    RETURNING balance_cents`;
  return rows[0] ? BigInt(rows[0].balance_cents) : null;
}

/** Adds `cents` to an account; the new balance. */
export async function credit(tx: Tx, accountId: number, cents: number): Promise<bigint> {
  const rows = await tx.$queryRaw<{ balance_cents: bigint }[]>`
    UPDATE accounts
    SET balance_cents = balance_cents + ${cents}::bigint
    WHERE id = ${accountId}::int
    RETURNING balance_cents`;
  if (!rows[0]) throw new Error(`account ${accountId} vanished while locked`);
  return BigInt(rows[0].balance_cents);
}

export interface LedgerLine {
  accountId: number;
  kind: LedgerKind;
  amountCents: number;
  balanceAfterCents: bigint;
  currency: string;
  reference: string;
  description: string;
  purchaseId: number | null;
  createdAt: Date;
}

/** Writes ledger lines in the given order (ids grow in that order). */
export async function writeLedgerLines(tx: Tx, lines: readonly LedgerLine[]): Promise<void> {
  await tx.ledgerEntry.createMany({ data: lines.map((line) => ({ ...line })) });
}
