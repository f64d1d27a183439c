// Money in GraphQL: the financial statement (ledger lines) and an author's sales.
// Both hang off the viewer's own Account; anyone else's account answers FORBIDDEN.
import { LedgerKind } from '../generated/prisma/enums';
import { builder } from '../graphql/builder';
import { atMost } from '../graphql/validation';
import type { Context } from '../graphql/context';
import { NEWEST_PURCHASE_FIRST, ownAccountWith, viewerIdOrNone } from '../purchases/schema';
import { Money, money } from '../shared/money-schema';

export const LedgerKindEnum = builder.enumType(LedgerKind, {
  name: 'LedgerKind',
  description:
    'What moved money: DEPOSIT (top-up), PURCHASE (you paid), SALE (your earnings), PLATFORM_FEE (the fee the platform kept), ' +
    'REFUND (a sale reversed), PAYOUT (money paid out to you), ADJUSTMENT (a correction).',
});

/** The owner of the statement, with statements:read (one map object: see BUYER_SCOPES in purchases/schema.ts). */
const STATEMENTS_READ = { 'statements:read': true } as const;
function ledgerOwner(entry: { accountId: number }, context: Context) {
  return context.viewer?.accountId === entry.accountId ? STATEMENTS_READ : false;
}
const ownerRule = (entry: { accountId: number }, _args: unknown, context: Context) => ledgerOwner(entry, context);

export const LedgerEntry = builder.prismaNode('LedgerEntry', {
  id: { field: 'id', authScopes: ownerRule },
  nullable: true,
  findUnique: (id, context) => ({ id: Number(id), accountId: viewerIdOrNone(context) }),
  description: "One line of an account's statement. The balance always equals the sum of the lines' amounts.",
  select: { id: true, accountId: true },
  authScopes: (entry, context) => ledgerOwner(entry, context),
  fields: (t) => ({
    kind: t.expose('kind', { type: LedgerKindEnum, authScopes: ownerRule }),
    amount: t.field({
      type: Money,
      description: 'Signed: negative when money left the account.',
      authScopes: ownerRule,
      select: { amountCents: true, currency: true },
      resolve: (entry) => money(entry.amountCents, entry.currency),
    }),
    balanceAfter: t.field({
      type: Money,
      description: 'The balance right after this line.',
      authScopes: ownerRule,
      select: { balanceAfterCents: true, currency: true },
      resolve: (entry) => money(entry.balanceAfterCents, entry.currency),
    }),
    reference: t.exposeString('reference', { description: 'What the line is about, e.g. a purchase code.', authScopes: ownerRule }),
    description: t.exposeString('description', { authScopes: ownerRule }),
    createdAt: t.expose('createdAt', { type: 'DateTime', authScopes: ownerRule }),
    purchaseCode: t.string({
      nullable: true,
      description: 'The code of the purchase the line belongs to, if any.',
      authScopes: ownerRule,
      select: { purchase: { select: { code: true } } },
      resolve: (entry) => entry.purchase?.code ?? null,
    }),
    purchase: t.relation('purchase', {
      nullable: true,
      description:
        'The purchase the line belongs to, if any. Readable under the Purchase rules (buyer: purchase:list; author: sales:read ' +
        'or purchase:verify); purchaseCode needs nothing more than the statement.',
      authScopes: ownerRule,
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

builder.prismaObjectFields('Account', (t) => ({
  statement: t.relatedConnection('ledgerEntries', {
    cursor: 'id',
    totalCount: true,
    description: 'Your financial statement, newest line first (scope statements:read; your own account only).',
    authScopes: ownAccountWith('statements:read'),
    args: { filter: t.arg({ type: StatementFilter, required: false }) },
    query: (args, context) => ({
      where: {
        accountId: viewerIdOrNone(context),
        ...(args.filter?.from || args.filter?.to
          ? { createdAt: { ...(args.filter.from ? { gte: args.filter.from } : {}), ...(args.filter.to ? { lt: args.filter.to } : {}) } }
          : {}),
        ...(args.filter?.kinds ? { kind: { in: args.filter.kinds } } : {}),
      },
      orderBy: NEWEST_LINE_FIRST,
    }),
  }),
  sales: t.relatedConnection('sales', {
    cursor: 'id',
    totalCount: true,
    description: 'Sales of your items, newest first, refunded ones included (scope sales:read; your own account only).',
    authScopes: ownAccountWith('sales:read'),
    query: (_args, context) => ({ where: { authorId: viewerIdOrNone(context) }, orderBy: NEWEST_PURCHASE_FIRST }),
  }),
  salesSummary: t.field({
    type: SalesSummary,
    description: 'Totals of your sales in [from, to), refunded sales left out (scope sales:read; your own account only).',
    authScopes: ownAccountWith('sales:read'),
    args: {
      from: t.arg({ type: 'DateTime', required: false, description: 'Sales at or after this instant.' }),
      to: t.arg({ type: 'DateTime', required: false, description: 'Sales before this instant (exclusive).' }),
    },
    select: { currency: true },
    resolve: async (account, args, context) => {
      const totals = await context.services.db.prisma.purchase.aggregate({
        where: {
          authorId: account.id,
          refundState: { not: 'REFUNDED' },
          ...(args.from || args.to
            ? { purchasedAt: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } }
            : {}),
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
