// A page of a buyer's purchases, newest first, in one plain statement through the driver:
// the hottest list of the API (`viewer.purchases`, GET /api/v1/purchases; request 1 of
// docs/benchmarks.md). Prisma's findMany costs ≈ 0.5 ms of CPU more than the driver on a
// page of 50 (docs/benchmarks.md, "Issue 15, third pass"). Same paging as findMany
// (src/graphql/pages.ts): `take` rows (negative: from the end of the order), after `skip`,
// from the `cursor` row included, answered in the list's order; a cursor row that does not
// exist answers no rows. test/purchases/buyer-page.test.ts holds it to findMany's answers.
// An operation that shows only a purchase's code and item reads its card (6 columns).
import type { Purchase } from '../generated/prisma/client';
import type { Database } from '../db/client';
import { type RowTable, rowTable } from '../db/rows-by-id';
import type { PageQuery } from '../graphql/pages';

/** A purchase's columns that a list of purchases needs to show its code and item (a card). */
const PURCHASE_CARD = {
  id: ['id'],
  code: ['code'],
  buyerId: ['buyer_id'],
  itemId: ['item_id'],
  authorId: ['author_id'],
  purchasedAt: ['purchased_at', 'timestamp'],
} as const;

/** The rest: license, money, support, refund and bookkeeping, read when an operation shows them. */
const PURCHASE_WIDE = {
  licenseType: ['license_type', 'enum'],
  pricePaidCents: ['price_paid_cents'],
  authorEarningsCents: ['author_earnings_cents'],
  platformFeeCents: ['platform_fee_cents'],
  currency: ['currency'],
  supportedUntil: ['supported_until', 'timestamp'],
  downloaded: ['downloaded'],
  refundState: ['refund_state', 'enum'],
  refundedAt: ['refunded_at', 'timestamp'],
  idempotencyKey: ['idempotency_key'],
} as const;

export type PurchaseWideField = keyof typeof PURCHASE_WIDE;
/** A purchase as the buyer's page answers it: its wide columns only when they were read. */
export type PurchaseRow = Omit<Purchase, PurchaseWideField> & Partial<Pick<Purchase, PurchaseWideField>>;

const purchases = {
  full: rowTable<PurchaseRow>('purchases', { ...PURCHASE_CARD, ...PURCHASE_WIDE }),
  card: rowTable<PurchaseRow>('purchases', PURCHASE_CARD),
};

// Newest first (NEWEST_PURCHASE_FIRST); a backward page reads the order reversed, then
// turns its rows back. The index on (buyer_id, purchased_at DESC, id DESC) serves both.
const statement = (table: RowTable<PurchaseRow>, backward: boolean, withCursor: boolean) => {
  const order = backward ? 'ASC' : 'DESC';
  const from = withCursor
    ? ` AND ("t0"."purchased_at", "t0"."id") ${backward ? '>=' : '<='} (SELECT "c"."purchased_at", "c"."id" FROM "public"."purchases" AS "c" WHERE "c"."id" = $4)`
    : '';
  return `${table.selectFrom} WHERE "t0"."buyer_id" = $1${from} ORDER BY "t0"."purchased_at" ${order}, "t0"."id" ${order} LIMIT $2 OFFSET $3`;
};
const statements = (table: RowTable<PurchaseRow>) => ({
  forward: { plain: statement(table, false, false), fromCursor: statement(table, false, true) },
  backward: { plain: statement(table, true, false), fromCursor: statement(table, true, true) },
});
const STATEMENTS = { full: statements(purchases.full), card: statements(purchases.card) };

/** A page of the buyer's purchases: every column, or the card's when `wide` is false (src/graphql/wide-columns.ts). */
export async function buyerPurchasesPage(db: Database, buyerId: number, { take, skip, cursor }: PageQuery, wide = true): Promise<PurchaseRow[]> {
  const backward = take < 0;
  const params: unknown[] = [buyerId, Math.abs(take), skip];
  if (cursor) params.push(cursor.id);
  const kind = wide ? 'full' : 'card';
  const sql = STATEMENTS[kind][backward ? 'backward' : 'forward'][cursor ? 'fromCursor' : 'plain'];
  const rows = (await db.query<Record<string, unknown>>(sql, params)).map(purchases[kind].convert);
  return backward ? rows.reverse() : rows;
}

/** How many purchases the buyer has (a page's totalCount), by the same index as the page. */
export async function buyerPurchaseCount(db: Database, buyerId: number): Promise<number> {
  const [row] = await db.query<{ count: number }>(`SELECT COUNT(*)::int AS "count" FROM "public"."purchases" WHERE "buyer_id" = $1`, [buyerId]);
  return row!.count;
}
