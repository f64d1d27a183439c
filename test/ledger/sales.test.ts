// An author's sales over GraphQL: only their own, newest first, with earnings; totals that
// agree with the purchases and with the author's ledger; a new sale shows up exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { checkLedgerInvariants, itemGlobalId, setBalance } from '../purchases/support';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

const Sales = graphql(`
  query Sales($first: Int, $after: String, $from: DateTime, $to: DateTime) {
    viewer {
      username
      salesSummary(from: $from, to: $to) {
        count
        gross { cents currency }
        earnings { cents amount }
        fees { cents }
      }
      sales(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            code
            purchasedAt
            refundState
            price { cents }
            authorEarnings { cents }
            platformFee { cents }
            item { name author { username } }
            buyer { username }
          }
        }
      }
    }
  }
`);

async function sales(username: string, variables: { first?: number; after?: string | null; from?: string; to?: string } = {}) {
  const token = await tokenFor(t, username, ['sales:read']);
  const { data, errors } = await t.graphql(Sales, { first: 20, ...variables }, { token });
  expect(errors).toBeUndefined();
  return data!.viewer!;
}

describe('viewer.sales', () => {
  it('lists only the author’s own sales, newest first, with buyer, earnings and fee', async () => {
    for (const username of ['pixelforge', 'codecraft']) {
      const author = await accountId(t, username);
      const expected = await t.db.prisma.purchase.findMany({
        where: { authorId: author },
        orderBy: [{ purchasedAt: 'desc' }, { id: 'desc' }],
        include: { buyer: true },
      });
      expect(expected.length).toBeGreaterThan(0);
      const collected: string[] = [];
      let after: string | null = null;
      let totalCount = 0;
      do {
        const page = await sales(username, { first: 20, after });
        totalCount = page.sales.totalCount;
        for (const { node } of page.sales.edges) {
          expect(node.item!.author.username).toBe(username);
          expect(node.authorEarnings.cents + node.platformFee.cents).toBe(node.price.cents);
          collected.push(node.code);
        }
        after = page.sales.pageInfo.hasNextPage ? page.sales.pageInfo.endCursor! : null;
      } while (after);
      expect(totalCount).toBe(expected.length);
      expect(collected).toEqual(expected.map((p) => p.code));
    }
    // A buyer who sells nothing has no sales.
    const john = await sales('johndoe');
    expect(john.sales.totalCount).toBe(0);
    expect(john.salesSummary).toMatchObject({ count: 0, gross: { cents: 0 }, earnings: { cents: 0 }, fees: { cents: 0 } });
  });

  it('sums sales without refunded ones, in agreement with the author’s ledger', async () => {
    const author = await accountId(t, 'pixelforge');
    const { salesSummary } = await sales('pixelforge');
    const kept = await t.db.prisma.purchase.findMany({ where: { authorId: author, refundState: { not: 'REFUNDED' } } });
    expect(salesSummary.count).toBe(kept.length);
    expect(salesSummary.gross.cents).toBe(kept.reduce((sum, p) => sum + p.pricePaidCents, 0));
    expect(salesSummary.earnings.cents).toBe(kept.reduce((sum, p) => sum + p.authorEarningsCents, 0));
    expect(salesSummary.fees.cents).toBe(kept.reduce((sum, p) => sum + p.platformFeeCents, 0));
    expect(salesSummary.earnings.cents + salesSummary.fees.cents).toBe(salesSummary.gross.cents);
    // Earnings are what SALE lines paid in less what REFUND lines took back.
    const lines = await t.db.prisma.ledgerEntry.findMany({ where: { accountId: author, kind: { in: ['SALE', 'REFUND'] } } });
    expect(lines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(salesSummary.earnings.cents);

    // A date range narrows the totals.
    const newest = kept.sort((a, b) => b.purchasedAt.getTime() - a.purchasedAt.getTime())[0]!;
    const recent = await sales('pixelforge', { from: newest.purchasedAt.toISOString() });
    expect(recent.salesSummary.count).toBe(kept.filter((p) => p.purchasedAt >= newest.purchasedAt).length);
    const before = await sales('pixelforge', { to: newest.purchasedAt.toISOString() });
    expect(before.salesSummary.count + recent.salesSummary.count).toBe(salesSummary.count);
  });

  it('shows a new sale first, with exactly the earnings credited in the author’s statement', async () => {
    const johndoe = await accountId(t, 'johndoe');
    const author = await accountId(t, 'soundwave');
    const item = await t.db.prisma.item.findFirstOrThrow({ where: { authorId: author, status: 'PUBLISHED' }, orderBy: { id: 'desc' } });
    await setBalance(t, johndoe, 1_000_00);
    const before = await sales('soundwave');
    t.setNow(new Date(Date.now() + 1_000)); // after every seeded and set-up line
    const bought = await t.graphql(
      `mutation($itemId: ID!) { purchaseItem(input: { itemId: $itemId, license: REGULAR }) { purchase { code } } }`,
      { itemId: itemGlobalId(item.id) },
      { token: await tokenFor(t, 'johndoe', ['purchase:create']) },
    );
    expect(bought.errors).toBeUndefined();
    const code = (bought.data as { purchaseItem: { purchase: { code: string } } }).purchaseItem.purchase.code;
    const fee = Math.round((item.regularPriceCents * 30) / 100);

    const after = await sales('soundwave');
    expect(after.sales.totalCount).toBe(before.sales.totalCount + 1);
    expect(after.sales.edges[0]!.node).toMatchObject({
      code,
      buyer: { username: 'johndoe' },
      price: { cents: item.regularPriceCents },
      authorEarnings: { cents: item.regularPriceCents - fee },
      platformFee: { cents: fee },
    });
    expect(after.salesSummary.count).toBe(before.salesSummary.count + 1);
    expect(after.salesSummary.earnings.cents - before.salesSummary.earnings.cents).toBe(item.regularPriceCents - fee);
    expect(after.salesSummary.fees.cents - before.salesSummary.fees.cents).toBe(fee);

    const statement = await t.graphql(
      `{ viewer { balance { cents } statement(first: 1) { edges { node { kind reference amount { cents } balanceAfter { cents } } } } } }`,
      {},
      { token: await tokenFor(t, 'soundwave', ['statements:read', 'user:account']) },
    );
    expect(statement.errors).toBeUndefined();
    const data = statement.data as { viewer: { balance: { cents: number }; statement: { edges: { node: unknown }[] } } };
    expect(data.viewer!.statement.edges[0]!.node).toEqual({
      kind: 'SALE',
      reference: code,
      amount: { cents: item.regularPriceCents - fee },
      balanceAfter: { cents: data.viewer!.balance.cents },
    });
    t.setNow(null);
    await checkLedgerInvariants(t);
  });
});
