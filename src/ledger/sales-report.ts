// Sales analytics read in SQL: an author's sales per day, week or month over a range
// (Account.salesReport), and the sales totals of a page of items (Item.revenue,
// Item.earnings). Refunded sales are left out everywhere, as in salesSummary.
import { z } from 'zod';
import type { PrismaClient } from '../generated/prisma/client';
import { addMonths } from '../shared/dates';

export const SALES_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
export type SalesPeriod = (typeof SALES_PERIODS)[number];

const DAY_MS = 86_400_000;

/**
 * How long a report's range may be, per period: 400 of its buckets. One bucket more can
 * appear when `from` is not on a bucket's start (the first bucket is then partial).
 */
export const SALES_REPORT_MAX_BUCKETS = 400;

/** date_trunc's field and the step between buckets, per period (weeks start on Monday, ISO 8601). */
const PERIOD_SQL: Record<SalesPeriod, { unit: string; step: string }> = {
  DAY: { unit: 'day', step: '1 day' },
  WEEK: { unit: 'week', step: '1 week' },
  MONTH: { unit: 'month', step: '1 month' },
};

/** The latest `to` a range from `from` may have for a period. */
function latestEnd(from: Date, period: SalesPeriod): Date {
  const n = SALES_REPORT_MAX_BUCKETS;
  if (period === 'MONTH') return addMonths(from, n);
  return new Date(from.getTime() + n * DAY_MS * (period === 'WEEK' ? 7 : 1));
}

const PERIOD_WORDS: Record<SalesPeriod, string> = { DAY: 'days', WEEK: 'weeks', MONTH: 'months' };

/**
 * [from, to) must be a range (from before to) of at most 400 days, weeks or months for
 * DAY, WEEK or MONTH: as one zod schema over the arguments, so BAD_USER_INPUT names `to`.
 */
export const salesReportRange = z.object({ from: z.date(), to: z.date(), groupBy: z.enum(SALES_PERIODS) }).superRefine((args, context) => {
  if (args.to <= args.from) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'must be later than from' });
  } else if (args.to > latestEnd(args.from, args.groupBy)) {
    const words = PERIOD_WORDS[args.groupBy];
    context.addIssue({
      code: 'custom',
      path: ['to'],
      message: `must be at most ${SALES_REPORT_MAX_BUCKETS} ${words} after from when grouping by ${args.groupBy} (group by a longer period, or ask for several ranges)`,
    });
  }
});

export interface SalesTotals {
  count: number;
  gross: bigint;
  earnings: bigint;
  fees: bigint;
}

export interface SalesBucketRow extends SalesTotals {
  start: Date;
}

interface Row {
  start: Date;
  count: bigint;
  gross: bigint;
  earnings: bigint;
  fees: bigint;
}

/**
 * An author's sales in [from, to), one row per bucket of the range (in time order, with
 * zeros where nothing sold), in one statement: the sales grouped by date_trunc in UTC
 * (purchased_at holds UTC), joined to the series of bucket starts.
 */
export async function loadSalesBuckets(
  prisma: PrismaClient,
  authorId: number,
  range: { from: Date; to: Date; groupBy: SalesPeriod },
): Promise<SalesBucketRow[]> {
  const { unit, step } = PERIOD_SQL[range.groupBy];
  // Instants as UTC text turned into UTC timestamps: nothing depends on the session's time zone.
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const rows = await prisma.$queryRaw<Row[]>`
    WITH "sales" AS (
      SELECT date_trunc(${unit}::text, "purchased_at") AS "start",
             count(*) AS "count",
             sum("price_paid_cents") AS "gross",
             sum("author_earnings_cents") AS "earnings",
             sum("platform_fee_cents") AS "fees"
        FROM "purchases"
       WHERE "author_id" = ${authorId}::int
         AND "refund_state" <> 'REFUNDED'
         AND "purchased_at" >= (${from}::timestamptz AT TIME ZONE 'UTC')
         AND "purchased_at" < (${to}::timestamptz AT TIME ZONE 'UTC')
       GROUP BY 1
    )
    SELECT ("bucket"."start" AT TIME ZONE 'UTC') AS "start",
           coalesce("sales"."count", 0)::bigint AS "count",
           coalesce("sales"."gross", 0)::bigint AS "gross",
           coalesce("sales"."earnings", 0)::bigint AS "earnings",
           coalesce("sales"."fees", 0)::bigint AS "fees"
      FROM generate_series(
             date_trunc(${unit}::text, ${from}::timestamptz AT TIME ZONE 'UTC'),
             (${to}::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',
             ${step}::interval
           ) AS "bucket"("start")
      LEFT JOIN "sales" ON "sales"."start" = "bucket"."start"
     ORDER BY "bucket"."start"`;
  return rows.map((row) => ({
    start: new Date(row.start),
    count: Number(row.count),
    gross: BigInt(row.gross),
    earnings: BigInt(row.earnings),
    fees: BigInt(row.fees),
  }));
}

/** The totals of buckets: every sale of the range lies in exactly one of them. */
export function totalsOf(buckets: readonly SalesTotals[]): SalesTotals {
  return buckets.reduce<SalesTotals>(
    (sum, bucket) => ({
      count: sum.count + bucket.count,
      gross: sum.gross + bucket.gross,
      earnings: sum.earnings + bucket.earnings,
      fees: sum.fees + bucket.fees,
    }),
    { count: 0, gross: 0n, earnings: 0n, fees: 0n },
  );
}

export interface ItemSales {
  itemId: number;
  gross: number;
  earnings: number;
}

/**
 * The non-refunded sales totals of these items (the author's own only), in one grouped
 * statement; an item without sales gets zeros. In key order, for a DataLoader.
 */
export async function loadItemSales(prisma: PrismaClient, authorId: number, itemIds: readonly number[]): Promise<ItemSales[]> {
  const groups = await prisma.purchase.groupBy({
    by: ['itemId'],
    where: { itemId: { in: [...itemIds] }, authorId, refundState: { not: 'REFUNDED' } },
    _sum: { pricePaidCents: true, authorEarningsCents: true },
  });
  const byItem = new Map(groups.map((group) => [group.itemId, group._sum]));
  return itemIds.map((itemId) => {
    const sums = byItem.get(itemId);
    return { itemId, gross: sums?.pricePaidCents ?? 0, earnings: sums?.authorEarningsCents ?? 0 };
  });
}
