// Aggregate marketplace counters in GraphQL (scope stats:read). Definitions: src/stats/summary.ts.
import { z } from 'zod';
import { builder } from '../graphql/builder';
import { Money, money } from '../shared/money-schema';
import { loadStatsSummary, type StatsSummary } from './summary';

/** Said of every counter a range narrows. */
const IN_RANGE = 'Within [from, to) when stats is given a range.';

const StatsSummaryRef = builder.objectRef<StatsSummary>('StatsSummary').implement({
  description:
    'Marketplace-wide counters, computed when asked. A range given to stats narrows the purchase counters (buyers, purchases, ' +
    'salesVolume, platformFees, authorEarnings); the catalog counters (items, authors, downloads, categories) are always the present ones.',
  fields: (t) => ({
    items: t.exposeInt('items', { description: 'Published items.', authScopes: { public: true } }),
    authors: t.exposeInt('authors', { description: 'Accounts with at least one published item.', authScopes: { public: true } }),
    buyers: t.exposeInt('buyers', {
      description: `Accounts with at least one purchase that was not refunded. ${IN_RANGE}`,
      authScopes: { public: true },
    }),
    purchases: t.exposeInt('purchases', { description: `Purchases that were not refunded. ${IN_RANGE}`, authScopes: { public: true } }),
    downloads: t.exposeInt('downloads', { description: 'Downloads of all items.', authScopes: { public: true } }),
    categories: t.exposeInt('categories', { description: 'Top-level categories.', authScopes: { public: true } }),
    subCategories: t.exposeInt('subCategories', { description: 'Categories with a parent.', authScopes: { public: true } }),
    salesVolume: t.field({
      type: Money,
      description: `What buyers paid for purchases that were not refunded. ${IN_RANGE}`,
      authScopes: { public: true },
      resolve: (stats) => money(stats.salesVolumeCents, stats.currency),
    }),
    platformFees: t.field({
      type: Money,
      description: `The platform's fees on those purchases: what the marketplace kept of salesVolume. ${IN_RANGE}`,
      authScopes: { public: true },
      resolve: (stats) => money(stats.platformFeesCents, stats.currency),
    }),
    authorEarnings: t.field({
      type: Money,
      description: `What the authors earned from those purchases: salesVolume less platformFees. ${IN_RANGE}`,
      authScopes: { public: true },
      resolve: (stats) => money(stats.authorEarningsCents, stats.currency),
    }),
  }),
});

/** When both ends are given, from must come first (BAD_USER_INPUT naming to). */
const RangeArgs = z.object({ from: z.date().nullish(), to: z.date().nullish() }).superRefine((range, context) => {
  if (range.from && range.to && range.to <= range.from) context.addIssue({ code: 'custom', path: ['to'], message: 'must be later than from' });
});

builder.queryFields((t) => ({
  stats: t.field({
    type: StatsSummaryRef,
    description:
      'Aggregate marketplace counters (scope stats:read). With from and/or to, the purchase counters count only purchases made in ' +
      '[from, to), e.g. this month; to must then be later than from (BAD_USER_INPUT naming to).',
    authScopes: { 'stats:read': true },
    args: {
      from: t.arg({ type: 'DateTime', required: false, description: 'Purchases at or after this instant; omit for no lower bound.' }),
      to: t.arg({ type: 'DateTime', required: false, description: 'Purchases before this instant (exclusive); omit for no upper bound.' }),
    },
    validate: RangeArgs,
    resolve: (_root, args, context) => loadStatsSummary(context.services.db.prisma, { from: args.from, to: args.to }),
  }),
}));
