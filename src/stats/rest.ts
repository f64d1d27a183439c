// Marketplace-wide counters over REST (000_… v1): GET /api/v1/stats/summary.
import { z } from 'zod';
import { graphql } from '../generated/gql';
import { v1Data } from '../rest/envelopes';
import { Count, named } from '../rest/registry';
import { route } from '../rest/route';
import { Amount } from '../rest/shapes';
import { centsToNumber } from '../shared/money';

const StatsQuery = graphql(`
  query RestStatsSummary {
    stats { items authors buyers purchases downloads categories subCategories salesVolume { cents currency } }
  }
`);

const Stats = named(
  'StatsSummary',
  z.strictObject({
    items: Count.describe('Published items'),
    authors: Count.describe('Accounts with at least one published item'),
    buyers: Count.describe('Accounts with at least one purchase that was not refunded'),
    purchases: Count.describe('Purchases that were not refunded'),
    downloads: Count,
    categories: Count.describe('Top-level categories'),
    sub_categories: Count,
    sales_volume: Amount.describe('What buyers paid for purchases that were not refunded'),
    currency: z.string(),
  }),
  'Marketplace-wide counters.',
  { items: 257, authors: 4, buyers: 41, purchases: 594, downloads: 421, categories: 5, sub_categories: 12, sales_volume: 35116.24, currency: 'USD' },
);

export const statsRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/stats/summary',
    profile: 'v1',
    summary: 'Marketplace-wide counters',
    operation: StatsQuery,
    reply: ({ stats: s }) => ({
      body: {
        status: 'success',
        data: {
          items: s.items,
          authors: s.authors,
          buyers: s.buyers,
          purchases: s.purchases,
          downloads: s.downloads,
          categories: s.categories,
          sub_categories: s.subCategories,
          sales_volume: centsToNumber(s.salesVolume.cents),
          currency: s.salesVolume.currency,
        },
      },
    }),
    docs: {
      response: { description: 'The counters, computed when asked', schema: v1Data('StatsResponse', Stats) },
    },
  }),
];
