// The stats summary over GraphQL: every counter equals what Prisma counts directly, it is
// read in one statement, and it needs the stats:read scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let token: string;
beforeAll(async () => {
  t = await startTestGateway();
  token = await tokenFor(t, 'johndoe', ['stats:read']);
});
afterAll(() => t.close());

const Stats = graphql(`
  query Stats {
    stats { items authors buyers purchases downloads categories subCategories salesVolume { cents amount currency } }
  }
`);

async function countedWithPrisma() {
  const prisma = t.db.prisma;
  const notRefunded = { refundState: { not: 'REFUNDED' as const } };
  const [items, authors, buyers, purchases, downloads, categories, subCategories, sales] = await Promise.all([
    prisma.item.count({ where: { status: 'PUBLISHED' } }),
    prisma.item.groupBy({ by: ['authorId'], where: { status: 'PUBLISHED' } }),
    prisma.purchase.groupBy({ by: ['buyerId'], where: notRefunded }),
    prisma.purchase.count({ where: notRefunded }),
    prisma.item.aggregate({ _sum: { downloadCount: true } }),
    prisma.category.count({ where: { parentId: null } }),
    prisma.category.count({ where: { parentId: { not: null } } }),
    prisma.purchase.aggregate({ where: notRefunded, _sum: { pricePaidCents: true } }),
  ]);
  return {
    items,
    authors: authors.length,
    buyers: buyers.length,
    purchases,
    downloads: downloads._sum.downloadCount ?? 0,
    categories,
    subCategories,
    salesVolume: { cents: sales._sum.pricePaidCents ?? 0, currency: 'USD' },
  };
}

describe('stats', () => {
  it('equals the counts computed with Prisma', async () => {
    const { data, errors } = await t.graphql(Stats, {}, { token });
    expect(errors).toBeUndefined();
    const expected = await countedWithPrisma();
    expect(data!.stats).toEqual({
      ...expected,
      salesVolume: { ...expected.salesVolume, amount: (expected.salesVolume.cents / 100).toFixed(2) },
    });
    // The demo data has something in every counter, and refunds that must be left out.
    for (const value of Object.values(expected)) expect(value).not.toBe(0);
    expect(expected.purchases).toBeLessThan(await t.db.prisma.purchase.count());
  });

  it('follows changes: a refund, a new published item', async () => {
    const before = (await t.graphql(Stats, {}, { token })).data!.stats;
    const purchase = await t.db.prisma.purchase.findFirstOrThrow({ where: { refundState: 'NONE' }, orderBy: { id: 'desc' } });
    await t.db.prisma.purchase.update({ where: { id: purchase.id }, data: { refundState: 'REFUNDED', refundedAt: new Date() } });
    const draft = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'DRAFT' } });
    await t.db.prisma.item.update({ where: { id: draft.id }, data: { status: 'PUBLISHED', publishedAt: new Date() } });

    const after = (await t.graphql(Stats, {}, { token })).data!.stats;
    expect(after.purchases).toBe(before.purchases - 1);
    expect(after.salesVolume.cents).toBe(before.salesVolume.cents - purchase.pricePaidCents);
    expect(after.items).toBe(before.items + 1);
    const expected = await countedWithPrisma();
    expect({ ...after, salesVolume: { cents: after.salesVolume.cents, currency: after.salesVolume.currency } }).toEqual(expected);
  });

  it('reads every counter in one SQL statement', async () => {
    t.statements.length = 0;
    const { errors } = await t.graphql(Stats, {}, { token });
    expect(errors).toBeUndefined();
    // Authentication reads the token; everything else is the one summary statement.
    const summary = t.statements.filter((sql) => !/personal_access_tokens/.test(sql));
    expect(summary).toHaveLength(1);
  });

  it('needs stats:read', async () => {
    const other = await tokenFor(t, 'johndoe', ['user:account']);
    const forbidden = await t.graphql(Stats, {}, { token: other });
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['stats:read'] });
    expect(forbidden.errors?.[0]?.message).toContain('stats:read');
    const anonymous = await t.graphql(Stats);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
