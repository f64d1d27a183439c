// Money in GraphQL: the financial statement (ledger lines) and an author's sales.
// Both hang off the viewer's own Account; anyone else's account answers FORBIDDEN.
// Sales analytics too: the report per day, week or month, and an item's revenue and
// earnings for its author (the SQL is in sales-report.ts).
import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { LedgerKind } from '../generated/prisma/enums';
import { builder } from '../graphql/builder';
import { atMost } from '../graphql/validation';
import type { Context } from '../graphql/context';
import { Account } from '../accounts/schema';
import { Item } from '../catalog/schema';
import type { LedgerEntry as LedgerEntryModel } from '../generated/prisma/client';
import type { ItemRow } from '../db/rows-by-id';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import { loadPage } from '../graphql/pages';
import { ownedWith, viewerIdOrNone } from '../graphql/authorization';
import { NEWEST_PURCHASE_FIRST, Purchase } from '../purchases/schema';
import { Money, money } from '../shared/money-schema';
import {
  SALES_PERIODS,
  SALES_REPORT_MAX_BUCKETS,
  loadItemSales,
  loadSalesBuckets,
  salesReportRange,
  totalsOf,
  type ItemSales,
  type SalesBucketRow,
  type SalesPeriod,
  type SalesTotals,
} from './sales-report';

export const LedgerKindEnum = builder.enumType(LedgerKind, {
  name: 'LedgerKind',
  description:
    'What moved money: DEPOSIT (top-up), PURCHASE (you paid), SALE (your earnings), PLATFORM_FEE (the fee the platform kept), ' +
    'REFUND (a sale reversed), PAYOUT (money paid out to you), ADJUSTMENT (a correction).',
  values: {
    DEPOSIT: { description: 'Money added to the balance (a top-up).' },
    PURCHASE: { description: 'You paid for a purchase (a negative amount).' },
    SALE: { description: 'Your earnings from a sale of your item: the price less the platform fee.' },
    PLATFORM_FEE: { description: "The platform's fee on a sale, on the platform's own statement." },
    REFUND: { description: 'A line of a refunded sale reversed: money back to the buyer, taken back from the author and the platform.' },
    PAYOUT: { description: 'Money paid out of the balance to you.' },
    ADJUSTMENT: { description: 'A correction of the balance.' },
  },
});

/** The owner of the statement, with statements:read. */
const ownerRule = ownedWith('statements:read', (entry: { accountId: number }) => entry.accountId);

type LedgerRow = LedgerEntryModel;

export const LedgerEntry = builder.loadableNode('LedgerEntry', {
  id: { resolve: (entry) => entry.id, parse: (id) => Number(id), authScopes: ownerRule },
  description: "One line of an account's statement. The balance always equals the sum of the lines' amounts.",
  // node(id:) of another account's line finds nothing, like an unknown id.
  load: (ids: number[], context: Context) =>
    context.services.db.prisma.ledgerEntry.findMany({ where: { id: { in: ids }, accountId: viewerIdOrNone(context) } }),
  sort: (entry: LedgerRow) => entry.id,
  authScopes: ownerRule.onType,
  fields: (t) => ({
    kind: t.expose('kind', { type: LedgerKindEnum, description: 'What moved the money (scope statements:read).', authScopes: ownerRule }),
    amount: t.field({
      type: Money,
      description: 'Signed: negative when money left the account.',
      authScopes: ownerRule,
      resolve: (entry) => money(entry.amountCents, entry.currency),
    }),
    balanceAfter: t.field({
      type: Money,
      description: 'The balance right after this line.',
      authScopes: ownerRule,
      resolve: (entry) => money(entry.balanceAfterCents, entry.currency),
    }),
    reference: t.exposeString('reference', { description: 'What the line is about, e.g. a purchase code.', authScopes: ownerRule }),
    description: t.exposeString('description', {
      description: 'A readable account of the line, e.g. "Purchase of … (Regular license)"; may be empty (scope statements:read).',
      authScopes: ownerRule,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the money moved (scope statements:read).', authScopes: ownerRule }),
    purchaseCode: t.loadable({
      type: 'UUID',
      nullable: true,
      description: 'The code of the purchase the line belongs to, if any.',
      authScopes: ownerRule,
      // The codes of a whole statement page in one statement; a line's owner sees its purchase's code.
      load: async (purchaseIds: number[], context: Context) => {
        const rows = await context.services.db.prisma.purchase.findMany({ where: { id: { in: purchaseIds } }, select: { id: true, code: true } });
        const codes = new Map(rows.map((row) => [row.id, row.code]));
        return purchaseIds.map((id) => codes.get(id) ?? null);
      },
      resolve: (entry) => entry.purchaseId,
    }),
    purchase: t.field({
      type: Purchase,
      nullable: true,
      description:
        'The purchase the line belongs to, if any. Readable under the Purchase rules (buyer: purchase:list; author: sales:read ' +
        'or purchase:verify); purchaseCode needs nothing more than the statement.',
      authScopes: ownerRule,
      resolve: (entry) => entry.purchaseId,
    }),
  }),
});

const StatementFilter = builder.inputType('StatementFilter', {
  description: 'Narrows a statement. All given conditions must hold.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: false, description: 'Lines at or after this instant.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Lines before this instant (exclusive).' }),
    kinds: t.field({
      type: [LedgerKindEnum],
      required: false,
      ...atMost(Object.keys(LedgerKind).length),
      description: 'Only lines of these kinds. Omitted or null: every kind (an empty list matches none).',
    }),
  }),
});

type SalesSummaryShape = { count: number; gross: number; earnings: number; fees: number; currency: string };

const SalesSummary = builder.objectRef<SalesSummaryShape>('SalesSummary').implement({
  description: 'Totals of your sales, refunded sales left out.',
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'Sales made.', authScopes: { 'sales:read': true } }),
    gross: t.field({
      type: Money,
      description: 'What buyers paid.',
      authScopes: { 'sales:read': true },
      resolve: (summary) => money(summary.gross, summary.currency),
    }),
    earnings: t.field({
      type: Money,
      description: 'Your share: gross less fees.',
      authScopes: { 'sales:read': true },
      resolve: (summary) => money(summary.earnings, summary.currency),
    }),
    fees: t.field({
      type: Money,
      description: 'What the platform kept.',
      authScopes: { 'sales:read': true },
      resolve: (summary) => money(summary.fees, summary.currency),
    }),
  }),
});

const NEWEST_LINE_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

function statementWhere(context: Context, filter: { from?: Date | null; to?: Date | null; kinds?: LedgerKind[] | null } | null | undefined) {
  return {
    accountId: viewerIdOrNone(context),
    ...(filter?.from || filter?.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
    ...(filter?.kinds ? { kind: { in: filter.kinds } } : {}),
  };
}

builder.objectFields(Account, (t) => ({
  statement: t.connection(
    {
      type: LedgerEntry,
      description: 'Your financial statement, newest line first (scope statements:read; your own account only).',
      authScopes: ownedWith('statements:read'),
      args: { filter: t.arg({ type: StatementFilter, required: false, description: 'Omit for every line.' }), ...offsetArgument() },
      resolve: (_account, args, context) => {
        const where = statementWhere(context, args.filter);
        const lines = context.services.db.prisma.ledgerEntry;
        return loadPage(
          args,
          (page) => lines.findMany({ ...page, where, orderBy: NEWEST_LINE_FIRST }),
          () => lines.count({ where }),
        );
      },
    },
    { ...withTotalCount, description: 'A page of your statement.' },
    { description: 'One line of your statement in the list.' },
  ),
  sales: t.connection(
    {
      type: Purchase,
      description: 'Sales of your items, newest first, refunded ones included (scope sales:read; your own account only).',
      authScopes: ownedWith('sales:read'),
      args: offsetArgument(),
      resolve: (_account, args, context) => {
        const where = { authorId: viewerIdOrNone(context) };
        const sales = context.services.db.prisma.purchase;
        return loadPage(
          args,
          (page) => sales.findMany({ ...page, where, orderBy: NEWEST_PURCHASE_FIRST }),
          () => sales.count({ where }),
        );
      },
    },
    { ...withTotalCount, description: 'A page of the sales of your items.' },
    { description: 'One sale of your item in the list: the purchase a buyer made.' },
  ),
  salesSummary: t.field({
    type: SalesSummary,
    description: 'Totals of your sales in [from, to), refunded sales left out (scope sales:read; your own account only).',
    authScopes: ownedWith('sales:read'),
    args: {
      from: t.arg({ type: 'DateTime', required: false, description: 'Sales at or after this instant.' }),
      to: t.arg({ type: 'DateTime', required: false, description: 'Sales before this instant (exclusive).' }),
    },
    resolve: async (account, args, context) => {
      const totals = await context.services.db.prisma.purchase.aggregate({
        where: {
          authorId: account.id,
          refundState: { not: 'REFUNDED' },
          ...(args.from || args.to ? { purchasedAt: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } } : {}),
        },
        _count: { _all: true },
        _sum: { pricePaidCents: true, authorEarningsCents: true, platformFeeCents: true },
      });
      return {
        count: totals._count._all,
        gross: totals._sum.pricePaidCents ?? 0,
        earnings: totals._sum.authorEarningsCents ?? 0,
        fees: totals._sum.platformFeeCents ?? 0,
        currency: account.currency,
      };
    },
  }),
}));

// ─── Sales report ────────────────────────────────────────────────────────────

const SALES_PERIOD_DESCRIPTIONS: Record<SalesPeriod, string> = {
  DAY: 'Calendar days in UTC, each from 00:00Z to the next.',
  WEEK: 'ISO 8601 weeks in UTC, each from Monday 00:00Z to the next Monday.',
  MONTH: 'Calendar months in UTC, each from the 1st at 00:00Z to the next 1st.',
};

const SalesPeriodEnum = builder.enumType('SalesPeriod', {
  description: 'The length of the buckets a sales report counts sales in. Every period is in UTC.',
  // In the order of SALES_PERIODS, each value with its description.
  values: Object.fromEntries(SALES_PERIODS.map((period) => [period, { description: SALES_PERIOD_DESCRIPTIONS[period] }])) as Record<
    SalesPeriod,
    { description: string }
  >,
});

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type Totals = SalesTotals & { currency: string };

/**
 * The counters a bucket and the totals share. Value types reached only through
 * Account.salesReport (sales:read, own account): their fields are open, like Money's, so a
 * report is never partly refused.
 */
function totalsFields<Shape extends Totals>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>, what: string) {
  return {
    count: t.int({ description: `Sales made ${what}.`, authScopes: { public: true }, resolve: (totals) => totals.count }),
    gross: t.field({
      type: Money,
      description: 'What buyers paid.',
      authScopes: { public: true },
      resolve: (totals) => money(totals.gross, totals.currency),
    }),
    earnings: t.field({
      type: Money,
      description: 'Your share: gross less fees.',
      authScopes: { public: true },
      resolve: (totals) => money(totals.earnings, totals.currency),
    }),
    fees: t.field({
      type: Money,
      description: 'What the platform kept.',
      authScopes: { public: true },
      resolve: (totals) => money(totals.fees, totals.currency),
    }),
  };
}

const SalesBucket = builder.objectRef<SalesBucketRow & { currency: string }>('SalesBucket').implement({
  description: 'Your sales in one day, week or month of a report, refunded sales left out; all zeros when nothing sold.',
  fields: (t) => ({
    start: t.field({
      type: 'DateTime',
      description:
        'Where the bucket begins (UTC): 00:00Z of its day, of the Monday of its week, or of the 1st of its month. It ends where ' +
        'the next one begins; the first and the last bucket count only the sales inside [from, to).',
      authScopes: { public: true },
      resolve: (bucket) => bucket.start,
    }),
    ...totalsFields(t, 'in the bucket'),
  }),
});

const SalesBucketTotals = builder.objectRef<Totals>('SalesBucketTotals').implement({
  description: 'Every sale of a report’s range, refunded sales left out: the sum of its buckets. Earnings plus fees equal gross.',
  fields: (t) => totalsFields(t, 'in the whole range'),
});

type SalesReportShape = { buckets: Array<SalesBucketRow & { currency: string }>; totals: Totals };

const SalesReport = builder.objectRef<SalesReportShape>('SalesReport').implement({
  description: 'Your sales over a range, per day, week or month, and their totals. Read in one SQL statement.',
  fields: (t) => ({
    buckets: t.field({
      type: [SalesBucket],
      description:
        'Every bucket of the range in time order, the empty ones included (with zeros), so a chart needs no gaps filled: ' +
        'from the bucket holding from to the one holding the last instant before to.',
      authScopes: { public: true },
      resolve: (report) => report.buckets,
    }),
    totals: t.field({
      type: SalesBucketTotals,
      description: 'The sum of the buckets: every sale in [from, to).',
      authScopes: { public: true },
      resolve: (report) => report.totals,
    }),
  }),
});

const MAX = SALES_REPORT_MAX_BUCKETS;

builder.objectFields(Account, (t) => ({
  salesReport: t.field({
    type: SalesReport,
    description:
      'Your sales in [from, to) counted per UTC day, ISO week or calendar month, refunded sales left out (scope sales:read; ' +
      `your own account only). The range is at most ${MAX} days for DAY, ${MAX} weeks for WEEK and ${MAX} months for MONTH; ` +
      'a longer range, or to not later than from, is BAD_USER_INPUT naming to.',
    authScopes: ownedWith('sales:read'),
    args: {
      from: t.arg({ type: 'DateTime', required: true, description: 'Sales at or after this instant.' }),
      to: t.arg({ type: 'DateTime', required: true, description: 'Sales before this instant (exclusive); later than from.' }),
      groupBy: t.arg({ type: SalesPeriodEnum, required: true, description: 'The length of each bucket: DAY, WEEK or MONTH.' }),
    },
    validate: salesReportRange,
    resolve: async (account, args, context) => {
      const rows = await loadSalesBuckets(context.services.db.prisma, account.id, { from: args.from, to: args.to, groupBy: args.groupBy });
      const buckets = rows.map((row) => ({ ...row, currency: account.currency }));
      return { buckets, totals: { ...totalsOf(rows), currency: account.currency } };
    },
  }),
}));

// ─── An item's sales, for its author ─────────────────────────────────────────

/** The item's author, with sales:read (as for Account.sales). */
const itemAuthorRule = ownedWith('sales:read', (item: ItemRow) => item.authorId);

/**
 * Per request, the sales totals of every item of the answer that the rule let through, in
 * one grouped statement: revenue and earnings of a page share it.
 */
const itemSales = dataloaderGetter<number, ItemSales, number>(
  undefined,
  // The plugin types the context loosely (object): it is this schema's Context.
  (itemIds, context) => loadItemSales((context as Context).services.db.prisma, viewerIdOrNone(context as Context), itemIds),
  undefined,
  undefined,
);

builder.objectFields(Item, (t) => ({
  revenue: t.field({
    type: Money,
    description: 'What buyers paid for the item, refunded sales left out (scope sales:read; the item’s author only).',
    authScopes: itemAuthorRule,
    resolve: async (item, _args, context) => money((await itemSales(context).load(item.id)).gross, item.currency),
  }),
  earnings: t.field({
    type: Money,
    description: 'What the item earned you: its revenue less the platform’s fees (scope sales:read; the item’s author only).',
    authScopes: itemAuthorRule,
    resolve: async (item, _args, context) => money((await itemSales(context).load(item.id)).earnings, item.currency),
  }),
}));
