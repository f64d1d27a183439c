// Marketplace totals over a range: stats(from:, to:) narrows the purchase counters to
// purchases made in [from, to) and leaves the catalog counters alone; every number is
// checked against Prisma; bad ranges are BAD_USER_INPUT naming `to`; still one statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { addMonths } from '../../src/shared/dates';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let token: string;
beforeAll(async () => {
  t = await startTestGateway();
  token = await tokenFor(t, 'johndoe', ['stats:read']);
});
afterAll(() => t.close());

const RangedStats = graphql(`
  query RangedStats($from: DateTime, $to: DateTime) {
    stats(from: $from, to: $to) {
      items authors buyers purchases downloads categories subCategories
      salesVolume { cents currency }
      platformFees { cents }
      authorEarnings { cents }
    }
  }
`);

type Range = { from?: Date; to?: Date };

async function stats(range: Range) {
  const { data, errors } = await t.graphql(RangedStats, { from: range.from?.toISOString(), to: range.to?.toISOString() }, { token });
  expect(errors).toBeUndefined();
  return data!.stats;
}

/** The purchase counters of a range, counted with Prisma. */
async function purchasesIn(range: Range) {
  const where = {
    refundState: { not: 'REFUNDED' as const },
    purchasedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) },
  };
  const [buyers, totals] = await Promise.all([
    t.db.prisma.purchase.groupBy({ by: ['buyerId'], where }),
    t.db.prisma.purchase.aggregate({
      where,
      _count: { _all: true },
      _sum: { pricePaidCents: true, platformFeeCents: true, authorEarningsCents: true },
    }),
  ]);
  return {
    buyers: buyers.length,
    purchases: totals._count._all,
    salesVolume: { cents: totals._sum.pricePaidCents ?? 0, currency: 'USD' },
    platformFees: { cents: totals._sum.platformFeeCents ?? 0 },
    authorEarnings: { cents: totals._sum.authorEarningsCents ?? 0 },
  };
}

describe('stats(from:, to:)', () => {
  it('counts the purchases of the range, and keeps the catalog counters as they are', async () => {
    const now = new Date();
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const all = await stats({});
    const ranges: Array<{ name: string; range: Range }> = [
      { name: 'the last 30 days', range: { from: new Date(now.getTime() - 30 * 86_400_000), to: now } },
      { name: 'this month so far', range: { from: thisMonth } },
      { name: 'last month', range: { from: addMonths(thisMonth, -1), to: thisMonth } },
      { name: 'everything before a year ago', range: { to: addMonths(now, -12) } },
      { name: 'a day in the future', range: { from: new Date(now.getTime() + 86_400_000), to: new Date(now.getTime() + 2 * 86_400_000) } },
    ];
    for (const { name, range } of ranges) {
      const answer = await stats(range);
      expect(answer, name).toEqual({
        items: all.items,
        authors: all.authors,
        downloads: all.downloads,
        categories: all.categories,
        subCategories: all.subCategories,
        ...(await purchasesIn(range)),
      });
      expect(answer.platformFees.cents + answer.authorEarnings.cents, name).toBe(answer.salesVolume.cents);
    }
    // The demo data ends when it was seeded: the last 30 days sold something, the future nothing.
    expect((await stats(ranges[0]!.range)).purchases).toBeGreaterThan(0);
    expect((await stats(ranges[4]!.range)).purchases).toBe(0);
    // Without a range, the totals of every purchase.
    expect(all).toMatchObject(await purchasesIn({}));
  });

  it('splits exactly at the range’s ends: from is in, to is out', async () => {
    // A moment some purchase was made at: the ranges on either side of it add up to the whole.
    const purchase = await t.db.prisma.purchase.findFirstOrThrow({ where: { refundState: 'NONE' }, orderBy: { purchasedAt: 'desc' }, skip: 20 });
    const at = purchase.purchasedAt;
    const [before, after, all] = [await stats({ to: at }), await stats({ from: at }), await stats({})];
    expect(before.purchases + after.purchases).toBe(all.purchases);
    expect(before.salesVolume.cents + after.salesVolume.cents).toBe(all.salesVolume.cents);
    const atThatMoment = await t.db.prisma.purchase.count({ where: { purchasedAt: at, refundState: { not: 'REFUNDED' } } });
    expect((await stats({ from: at, to: new Date(at.getTime() + 1) })).purchases).toBe(atThatMoment);
  });

  it('refuses a range whose to is not later than its from: BAD_USER_INPUT naming to', async () => {
    const from = new Date('2026-05-01T00:00:00Z');
    for (const to of [from, new Date(from.getTime() - 1)]) {
      const answer = await t.graphql(RangedStats, { from: from.toISOString(), to: to.toISOString() }, { token });
      expect(answer.data?.stats ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to', reason: 'must be later than from' });
    }
  });

  it('reads a ranged summary in one SQL statement', async () => {
    await stats({ from: new Date('2026-01-01T00:00:00Z') }); // the token's lastUsedAt write
    await new Promise((resolve) => setTimeout(resolve, 100));
    t.statements.length = 0;
    await stats({ from: new Date('2026-01-01T00:00:00Z'), to: new Date() });
    expect(t.statements.filter((sql) => !/personal_access_tokens/.test(sql))).toHaveLength(1);
  });

  it('needs stats:read, as without a range', async () => {
    const other = await tokenFor(t, 'johndoe', ['sales:read']);
    const answer = await t.graphql(RangedStats, { from: '2026-01-01T00:00:00Z' }, { token: other });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['stats:read'] });
  });
});
