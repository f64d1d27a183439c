// Marketplace-wide counters (GET /api/v1/stats/summary in the documents, `stats` in
// GraphQL), read in ONE SQL statement: scalar sub-queries and one pass over the purchases,
// each an index or sequential scan of one table, run by the database in one round trip.
//
// Definitions (the documents name the counters only):
// - items:         items with status PUBLISHED (what the catalog lists; unlisted items are not counted)
// - authors:       accounts with at least one PUBLISHED item
// - buyers:        accounts with at least one purchase that was not refunded
// - purchases:     purchases that were not refunded (a refund REQUESTED still counts)
// - downloads:     the sum of every item's download counter
// - categories:    top-level categories; subCategories: those with a parent
// - salesVolume:   the sum paid for purchases that were not refunded
// - platformFees, authorEarnings: the platform's and the authors' shares of it
//
// A range [from, to) (either end optional) narrows the purchase counters (buyers,
// purchases, salesVolume, platformFees, authorEarnings) to purchases made in it, by
// purchasedAt (index purchases_purchased_at_idx); the catalog counters (items, authors,
// downloads, categories) have no dates and are always the present ones.
import { Prisma, type PrismaClient } from '../generated/prisma/client';

export interface StatsSummary {
  items: number;
  authors: number;
  buyers: number;
  purchases: number;
  downloads: number;
  categories: number;
  subCategories: number;
  salesVolumeCents: bigint;
  platformFeesCents: bigint;
  authorEarningsCents: bigint;
  currency: string;
}

/** Purchases made at or after `from` and before `to`; an absent end is open. */
export interface StatsRange {
  from?: Date | null;
  to?: Date | null;
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
  platform_fees_cents: bigint;
  author_earnings_cents: bigint;
}

/** The range as SQL conditions on purchased_at (UTC instants as text: no session time zone involved). */
function purchasedIn(range: StatsRange): Prisma.Sql {
  const conditions = [
    ...(range.from ? [Prisma.sql`AND "purchased_at" >= (${range.from.toISOString()}::timestamptz AT TIME ZONE 'UTC')`] : []),
    ...(range.to ? [Prisma.sql`AND "purchased_at" < (${range.to.toISOString()}::timestamptz AT TIME ZONE 'UTC')`] : []),
  ];
  return conditions.length ? Prisma.join(conditions, ' ') : Prisma.empty;
}

export async function loadStatsSummary(prisma: PrismaClient, range: StatsRange = {}): Promise<StatsSummary> {
  // Enum values as literals: PostgreSQL compares an untyped literal with an enum column directly.
  // The purchase counters come from one scan of the purchases (of the range).
  const [row] = await prisma.$queryRaw<Row[]>`
    SELECT
      (SELECT count(*) FROM "items" WHERE "status" = 'PUBLISHED')::bigint AS items,
      (SELECT count(DISTINCT "author_id") FROM "items" WHERE "status" = 'PUBLISHED')::bigint AS authors,
      "sales".buyers, "sales".purchases, "sales".sales_volume_cents, "sales".platform_fees_cents, "sales".author_earnings_cents,
      (SELECT coalesce(sum("download_count"), 0) FROM "items")::bigint AS downloads,
      (SELECT count(*) FROM "categories" WHERE "parent_id" IS NULL)::bigint AS categories,
      (SELECT count(*) FROM "categories" WHERE "parent_id" IS NOT NULL)::bigint AS sub_categories
    FROM (
      SELECT count(DISTINCT "buyer_id")::bigint AS buyers,
             count(*)::bigint AS purchases,
             coalesce(sum("price_paid_cents"), 0)::bigint AS sales_volume_cents,
             coalesce(sum("platform_fee_cents"), 0)::bigint AS platform_fees_cents,
             coalesce(sum("author_earnings_cents"), 0)::bigint AS author_earnings_cents
        FROM "purchases"
       WHERE "refund_state" <> 'REFUNDED' ${purchasedIn(range)}
    ) AS "sales"
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
    platformFeesCents: BigInt(row.platform_fees_cents),
    authorEarningsCents: BigInt(row.author_earnings_cents),
    currency: MARKETPLACE_CURRENCY,
  };
}
