// Aggregate marketplace counters in GraphQL (scope stats:read). Definitions: src/stats/summary.ts.
import { builder } from '../graphql/builder';
import { Money, money } from '../shared/money-schema';
import { loadStatsSummary, type StatsSummary } from './summary';

const StatsSummaryRef = builder.objectRef<StatsSummary>('StatsSummary').implement({
  description: 'Marketplace-wide counters, computed when asked.',
  fields: (t) => ({
    items: t.exposeInt('items', { description: 'Published items.', authScopes: { public: true } }),
    authors: t.exposeInt('authors', { description: 'Accounts with at least one published item.', authScopes: { public: true } }),
    buyers: t.exposeInt('buyers', {
      description: 'Accounts with at least one purchase that was not refunded.',
      authScopes: { public: true },
    }),
    purchases: t.exposeInt('purchases', { description: 'Purchases that were not refunded.', authScopes: { public: true } }),
    downloads: t.exposeInt('downloads', { description: 'Downloads of all items.', authScopes: { public: true } }),
    categories: t.exposeInt('categories', { description: 'Top-level categories.', authScopes: { public: true } }),
    subCategories: t.exposeInt('subCategories', { description: 'Categories with a parent.', authScopes: { public: true } }),
    salesVolume: t.field({
      type: Money,
      description: 'What buyers paid for purchases that were not refunded.',
      authScopes: { public: true },
      resolve: (stats) => money(stats.salesVolumeCents, stats.currency),
    }),
  }),
});

builder.queryFields((t) => ({
  stats: t.field({
    type: StatsSummaryRef,
    description: 'Aggregate marketplace counters (scope stats:read).',
    authScopes: { 'stats:read': true },
    resolve: (_root, _args, context) => loadStatsSummary(context.services.db.prisma),
  }),
}));
