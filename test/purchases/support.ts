// Helpers shared by the purchase and ledger tests: ledger invariants, balances set up
// the way money really enters an account (with a ledger line), global ids.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { expect } from 'vitest';
import type { Database } from '../../src/db/client';
import type { TestGateway } from '../support/gateway';

export const itemGlobalId = (id: number) => encodeGlobalID('Item', id);

/**
 * Sets an account's balance to `cents` the way an operator would: with an ADJUSTMENT
 * line for the difference, so the balance still equals the sum of the ledger.
 */
export async function setBalance(t: { db: Database }, accountId: number, cents: number, when = new Date()): Promise<void> {
  await t.db.prisma.$transaction(async (tx) => {
    const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { balanceCents: true } });
    const delta = BigInt(cents) - account.balanceCents;
    await tx.account.update({ where: { id: accountId }, data: { balanceCents: BigInt(cents) } });
    await tx.ledgerEntry.create({
      data: {
        accountId,
        kind: 'ADJUSTMENT',
        amountCents: Number(delta),
        balanceAfterCents: BigInt(cents),
        reference: `TEST-${accountId}-${cents}`,
        description: 'Test set-up',
        createdAt: when,
      },
    });
  });
}

export interface LedgerReport {
  /** Every balance plus the platform fees still pending: what a purchase can never change. */
  totalBalance: bigint;
  accounts: number;
}

/**
 * Every account: balance = sum of its ledger amounts, never negative, and each line's
 * balanceAfter = the previous line's + its amount (lines in id order, starting from 0).
 * Every purchase with ledger lines owes its fee exactly once: credited to the platform
 * (a PLATFORM_FEE line) or pending, never both or neither.
 */
export async function checkLedgerInvariants(t: { db: Database }): Promise<LedgerReport> {
  const accounts = await t.db.prisma.account.findMany({ select: { id: true, username: true, balanceCents: true } });
  const entries = await t.db.prisma.ledgerEntry.findMany({
    select: { accountId: true, amountCents: true, balanceAfterCents: true, id: true },
    orderBy: { id: 'asc' },
  });
  const running = new Map<number, bigint>();
  const problems: string[] = [];
  for (const entry of entries) {
    const after = (running.get(entry.accountId) ?? 0n) + BigInt(entry.amountCents);
    if (after !== entry.balanceAfterCents) {
      problems.push(`entry ${entry.id} of account ${entry.accountId}: balanceAfter ${entry.balanceAfterCents}, running total ${after}`);
    }
    if (after < 0n) problems.push(`entry ${entry.id} of account ${entry.accountId} leaves a negative balance ${after}`);
    running.set(entry.accountId, after);
  }
  let totalBalance = 0n;
  for (const account of accounts) {
    totalBalance += account.balanceCents;
    const sum = running.get(account.id) ?? 0n;
    if (sum !== account.balanceCents) problems.push(`${account.username}: balance ${account.balanceCents}, ledger sum ${sum}`);
    if (account.balanceCents < 0n) problems.push(`${account.username}: negative balance ${account.balanceCents}`);
  }
  const pending = await t.db.prisma.pendingPlatformFee.aggregate({ _sum: { amountCents: true } });
  totalBalance += BigInt(pending._sum.amountCents ?? 0);
  const feesNotOwedOnce = await t.db.prisma.$queryRaw<{ id: number; times: number }[]>`
    SELECT p.id,
           (SELECT count(*) FROM ledger_entries l WHERE l.purchase_id = p.id AND l.kind = 'PLATFORM_FEE')::int
         + (SELECT count(*) FROM pending_platform_fees f WHERE f.purchase_id = p.id)::int AS times
    FROM purchases p
    WHERE EXISTS (SELECT 1 FROM ledger_entries l WHERE l.purchase_id = p.id AND l.kind = 'PURCHASE')`;
  for (const row of feesNotOwedOnce) if (row.times !== 1) problems.push(`purchase ${row.id}: its fee is owed ${row.times} times`);
  expect(problems).toEqual([]);
  return { totalBalance, accounts: accounts.length };
}

/** A published item not authored by `buyerId`, with its prices. */
export async function someItem(t: TestGateway, options: { notAuthoredBy: number; skip?: number; supportMonths?: { gt: number } | number }) {
  return t.db.prisma.item.findFirstOrThrow({
    where: {
      status: 'PUBLISHED',
      authorId: { not: options.notAuthoredBy },
      ...(options.supportMonths !== undefined ? { supportMonths: options.supportMonths } : {}),
    },
    orderBy: { id: 'asc' },
    skip: options.skip ?? 0,
  });
}
