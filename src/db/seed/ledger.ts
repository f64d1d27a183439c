// The demo statements. Money only moves between accounts (a deposit is the one way in),
// so every account's balance is the sum of its entries and all balances add up to the
// deposits.
import type { LedgerKind } from '../../generated/prisma/client';
import type { BuyerSeed, PurchaseSeed } from './purchases';
import type { Random } from './random';

export interface LedgerEntrySeed {
  username: string;
  kind: LedgerKind;
  amountCents: number;
  balanceAfterCents: bigint;
  reference: string;
  description: string;
  purchaseCode: string | null;
  createdAt: Date;
}

type Movement = Omit<LedgerEntrySeed, 'balanceAfterCents'>;

const licenseName = (purchase: PurchaseSeed) => (purchase.licenseType === 'EXTENDED' ? 'Extended' : 'Regular');

/** A sale is three lines that sum to zero: the buyer pays, the author and the platform are paid. */
function saleMovements(purchase: PurchaseSeed, platform: string): Movement[] {
  const what = `${purchase.item.name} (${licenseName(purchase)} license)`;
  const common = { reference: purchase.code, purchaseCode: purchase.code, createdAt: purchase.purchasedAt };
  return [
    { ...common, username: purchase.buyerUsername, kind: 'PURCHASE', amountCents: -purchase.pricePaidCents, description: `Purchase of ${what}` },
    { ...common, username: purchase.item.authorUsername, kind: 'SALE', amountCents: purchase.authorEarningsCents, description: `Sale of ${what}` },
    { ...common, username: platform, kind: 'PLATFORM_FEE', amountCents: purchase.platformFeeCents, description: `Platform fee on ${what}` },
  ];
}

/** A refund reverses the three lines of the sale. */
function refundMovements(purchase: PurchaseSeed, platform: string): Movement[] {
  const createdAt = purchase.refundedAt!;
  return saleMovements(purchase, platform).map((line) => ({
    ...line,
    kind: 'REFUND' as const,
    amountCents: -line.amountCents,
    createdAt,
    description: `Refund: ${line.description.charAt(0).toLowerCase()}${line.description.slice(1)}`,
  }));
}

/**
 * Every ledger line in time order, with each account's running balance, and the final
 * balances. A buyer deposits what all their purchases cost plus what they keep, so no
 * balance ever goes below zero.
 */
export function buildLedger(
  random: Random,
  buyers: readonly BuyerSeed[],
  purchases: readonly PurchaseSeed[],
  platformUsername: string,
): { entries: LedgerEntrySeed[]; balances: Map<string, bigint> } {
  const spent = new Map<string, number>();
  for (const p of purchases) spent.set(p.buyerUsername, (spent.get(p.buyerUsername) ?? 0) + p.pricePaidCents);

  const deposits: Movement[] = buyers.map((buyer) => ({
    username: buyer.account.username,
    kind: 'DEPOSIT',
    // Enough for every purchase, refunded ones included: a refund comes later, on top.
    amountCents: buyer.keepCents + (spent.get(buyer.account.username) ?? 0),
    reference: `DEP-${random.hex(12).toUpperCase()}`,
    description: 'Account top-up',
    purchaseCode: null,
    createdAt: buyer.depositAt,
  }));
  const movements = [
    ...deposits,
    ...purchases.flatMap((p) => saleMovements(p, platformUsername)),
    ...purchases.filter((p) => p.refundState === 'REFUNDED').flatMap((p) => refundMovements(p, platformUsername)),
  ];
  // Stable sort: lines of one instant keep the order above (a sale's three lines together).
  movements.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  const balances = new Map<string, bigint>();
  const entries = movements.map((movement) => {
    const balanceAfterCents = (balances.get(movement.username) ?? 0n) + BigInt(movement.amountCents);
    balances.set(movement.username, balanceAfterCents);
    return { ...movement, balanceAfterCents };
  });
  return { entries, balances };
}
