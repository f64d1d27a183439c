// Marketplace-wide counters (GET /api/v1/stats/summary in the documents, `stats` in
// GraphQL), read in ONE SQL statement of scalar sub-queries: each is an index or
// sequential scan of one table, and the database runs them in one round trip.
//
// Definitions (the documents name the counters only):
// - items:         items with status PUBLISHED (what the catalog lists; unlisted items are not counted)
// - authors:       accounts with at least one PUBLISHED item
// - buyers:        accounts with at least one purchase that was not refunded
// - purchases:     purchases that were not refunded (a refund REQUESTED still counts)
// - downloads:     the sum of every item's download counter
// - categories:    top-level categories; subCategories: those with a parent
// - salesVolume:   the sum paid for purchases that were not refunded
import type { PrismaClient } from '../generated/prisma/client';

export interface StatsSummary {
  items: number;
  authors: number;
  buyers: number;
  purchases: number;
  downloads: number;
  categories: number;
  subCategories: number;
  salesVolumeCents: bigint;
  currency: string;
}

/**
 * The marketplace trades in one currency: every price, purchase and balance defaults to
 * USD and nothing converts. Sales volume is therefore one sum; should several currencies
 * ever be sold, it must become one sum per currency.
 */
const MARKETPLACE_CURRENCY = 'USD';

interface Row {
  items: bigint;
  authors: bigint;
  buyers: bigint;
  purchases: bigint;
  downloads: bigint;
  categories: bigint;
  sub_categories: bigint;
  sales_volume_cents: bigint;
}

export async function loadStatsSummary(prisma: PrismaClient): Promise<StatsSummary> {
  // Enum values as literals: PostgreSQL compares an untyped literal with an enum column directly.
  const [row] = await prisma.$queryRaw<Row[]>`
    SELECT
      (SELECT count(*) FROM "items" WHERE "status" = 'PUBLISHED')::bigint AS items,
      (SELECT count(DISTINCT "author_id") FROM "items" WHERE "status" = 'PUBLISHED')::bigint AS authors,
      (SELECT count(DISTINCT "buyer_id") FROM "purchases" WHERE "refund_state" <> 'REFUNDED')::bigint AS buyers,
      (SELECT count(*) FROM "purchases" WHERE "refund_state" <> 'REFUNDED')::bigint AS purchases,
      (SELECT coalesce(sum("download_count"), 0) FROM "items")::bigint AS downloads,
      (SELECT count(*) FROM "categories" WHERE "parent_id" IS NULL)::bigint AS categories,
      (SELECT count(*) FROM "categories" WHERE "parent_id" IS NOT NULL)::bigint AS sub_categories,
      (SELECT coalesce(sum("price_paid_cents"), 0) FROM "purchases" WHERE "refund_state" <> 'REFUNDED')::bigint AS sales_volume_cents
  `;
  if (!row) throw new Error('stats: the summary query returned no row');
  return {
    items: Number(row.items),
    authors: Number(row.authors),
    buyers: Number(row.buyers),
    purchases: Number(row.purchases),
    downloads: Number(row.downloads),
    categories: Number(row.categories),
    subCategories: Number(row.sub_categories),
    salesVolumeCents: BigInt(row.sales_volume_cents),
    currency: MARKETPLACE_CURRENCY,
  };
}
