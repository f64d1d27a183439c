// Purchases written straight into a test database, for suites that measure reads only
// (statement counts): no ledger lines, no balances, just rows to page through.
import type { TestDatabase } from './databases';

interface ItemRow {
  id: number;
  authorId: number;
  regularPriceCents: number;
}

/** One REGULAR purchase by `buyerId` of each item, bought at `purchasedAt(index)`. */
export async function insertPurchases(t: TestDatabase, buyerId: number, items: ItemRow[], purchasedAt: (index: number) => Date): Promise<void> {
  await t.db.prisma.purchase.createMany({
    data: items.map((item, index) => ({
      code: crypto.randomUUID(),
      buyerId,
      itemId: item.id,
      authorId: item.authorId,
      licenseType: 'REGULAR' as const,
      pricePaidCents: item.regularPriceCents,
      authorEarningsCents: item.regularPriceCents - Math.round(item.regularPriceCents * 0.3),
      platformFeeCents: Math.round(item.regularPriceCents * 0.3),
      purchasedAt: purchasedAt(index),
    })),
  });
}
