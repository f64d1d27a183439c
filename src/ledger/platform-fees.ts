// The platform's fees, credited without a row that every purchase must lock. A purchase
// records what it owes the platform as a pending fee (an insert: nothing to wait for);
// settlement locks the platform account alone, credits the pending fees in purchase order
// with one PLATFORM_FEE ledger line each (running balances under that lock) and deletes
// them, all in one transaction. So purchases never queue behind each other on the
// platform's row, the platform's balance always equals its ledger, and money is
// conserved at every instant: balances + pending fees = what was ever deposited.
//
// Every process settles (startFeeSettlement, from src/server/main.ts); two settlers take
// turns on the platform row lock, so a fee is credited exactly once. A fee waits at most
// about one settlement interval (PLATFORM_FEE_SETTLE_INTERVAL_MS).
import type { PrismaClient } from '../generated/prisma/client';
import { PLATFORM_USERNAME, type Tx } from './ledger';

export interface PendingFee {
  purchaseId: number;
  amountCents: number;
  currency: string;
  /** The purchase code: the ledger line's reference. */
  reference: string;
  description: string;
  createdAt: Date;
}

/** Records a purchase's fee for the platform, inside the purchase's transaction. */
export async function owePlatformFee(tx: Tx, fee: PendingFee): Promise<void> {
  await tx.pendingPlatformFee.create({ data: fee });
}

/** Fees credited per transaction: bounds how long the platform row is held. */
const SETTLE_BATCH = 500;

/**
 * Credits pending fees to the platform account, oldest purchase first, until none is
 * left (or `maxBatches` transactions ran). Returns how many fees were credited.
 */
export async function settlePlatformFees(prisma: PrismaClient, now: () => Date = () => new Date(), maxBatches = 100): Promise<number> {
  // Most rounds find nothing: one indexed read, no transaction and no lock (on the embedded
  // database every transaction holds its one connection).
  if (!(await prisma.pendingPlatformFee.findFirst({ select: { purchaseId: true } }))) return 0;
  let settled = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await prisma.$transaction((tx) => settleBatch(tx, now()));
    settled += count;
    if (count < SETTLE_BATCH) break;
  }
  return settled;
}

async function settleBatch(tx: Tx, now: Date): Promise<number> {
  const [platform] = await tx.$queryRaw<{ id: number; balance_cents: bigint }[]>`
    SELECT id, balance_cents FROM accounts WHERE username = ${PLATFORM_USERNAME} FOR NO KEY UPDATE`;
  if (!platform) throw new Error(`the platform account "${PLATFORM_USERNAME}" does not exist: fees stay pending`);
  // Under the platform lock no other settler runs, so these rows are ours to delete.
  const fees = await tx.$queryRaw<{ purchase_id: number; amount_cents: number; currency: string; reference: string; description: string }[]>`
    DELETE FROM pending_platform_fees
    WHERE purchase_id IN (SELECT purchase_id FROM pending_platform_fees ORDER BY purchase_id LIMIT ${SETTLE_BATCH})
    RETURNING purchase_id, amount_cents, currency, reference, description`;
  if (!fees.length) return 0;
  fees.sort((a, b) => a.purchase_id - b.purchase_id);

  let balance = BigInt(platform.balance_cents);
  // Dated when the money reaches the balance, so the platform's lines stay in time order
  // with any other line it gets (its running balance is in line order).
  const lines = fees.map((fee) => {
    balance += BigInt(fee.amount_cents);
    return {
      accountId: Number(platform.id),
      kind: 'PLATFORM_FEE' as const,
      amountCents: fee.amount_cents,
      balanceAfterCents: balance,
      currency: fee.currency,
      reference: fee.reference,
      description: fee.description,
      purchaseId: fee.purchase_id,
      createdAt: now,
    };
  });
  const total = balance - BigInt(platform.balance_cents);
  await tx.$executeRaw`UPDATE accounts SET balance_cents = balance_cents + ${total}::bigint WHERE id = ${platform.id}::int`;
  await tx.ledgerEntry.createMany({ data: lines });
  return fees.length;
}

export interface FeeSettlement {
  stop(): Promise<void>;
}

interface SettlementLogger {
  warn(object: object, message: string): void;
}

/** A failing round is logged once a minute, not every round (a missing account would flood the log). */
const WARN_EVERY_MS = 60_000;

/** Settles every `intervalMs` until stopped; a failed round (the database away) is logged and retried next round. */
export function startFeeSettlement(options: { prisma: PrismaClient; intervalMs: number; logger: SettlementLogger }): FeeSettlement {
  let stopped = false;
  let round: Promise<unknown> = Promise.resolve();
  let warnedAt = Number.NEGATIVE_INFINITY;
  const warn = (error: unknown) => {
    if (Date.now() - warnedAt < WARN_EVERY_MS) return;
    warnedAt = Date.now();
    options.logger.warn({ err: error }, 'settling platform fees failed; retrying every round (logged once a minute)');
  };
  const tick = () => {
    if (stopped) return;
    round = settlePlatformFees(options.prisma)
      .then(() => {
        warnedAt = Number.NEGATIVE_INFINITY; // settled again: the next failure is news
      })
      .catch(warn)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs).unref();
      });
  };
  let timer: NodeJS.Timeout = setTimeout(tick, options.intervalMs).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
