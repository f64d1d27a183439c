// The financial statement over GraphQL: newest line first, paging through lines written
// at the same instant, filters by date range and kind, and nobody else's statement.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let johndoe: number;
let token: string;

beforeAll(async () => {
  t = await startTestGateway();
  johndoe = await accountId(t, 'johndoe');
  token = await tokenFor(t, 'johndoe', ['statements:read', 'user:account']);
});
afterAll(() => t.close());

const Statement = graphql(`
  query Statement($first: Int, $after: String, $filter: StatementFilter) {
    viewer {
      balance { cents }
      statement(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            id
            kind
            amount { cents amount currency }
            balanceAfter { cents }
            reference
            description
            createdAt
            purchaseCode
          }
        }
      }
    }
  }
`);

async function statementPage(variables: { first?: number; after?: string | null; filter?: Record<string, unknown> | null }, as = token) {
  const { data, errors } = await t.graphql(Statement, variables as never, { token: as });
  expect(errors).toBeUndefined();
  return { balance: data!.viewer!.balance.cents, statement: data!.viewer!.statement };
}

async function johnsLines(where: Record<string, unknown> = {}) {
  return t.db.prisma.ledgerEntry.findMany({
    where: { accountId: johndoe, ...where },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

describe('viewer.statement', () => {
  it('lists every line newest first; the newest balance is the account balance, and amounts add up to it', async () => {
    const { balance, statement } = await statementPage({ first: 20 });
    const lines = await johnsLines();
    expect(statement.totalCount).toBe(lines.length);
    expect(statement.edges.map((edge) => edge.node.reference)).toEqual(lines.map((line) => line.reference));
    expect(statement.edges[0]!.node.balanceAfter.cents).toBe(balance);
    expect(balance).toBe(100_00);
    expect(statement.edges.reduce((sum, edge) => sum + edge.node.amount.cents, 0)).toBe(balance);
    for (const { node } of statement.edges) {
      expect(node.amount.amount).toBe((node.amount.cents / 100).toFixed(2));
      if (node.kind === 'PURCHASE') {
        expect(node.amount.cents).toBeLessThan(0);
        expect(node.purchaseCode).toBe(node.reference);
      }
      if (node.kind === 'DEPOSIT') expect(node.purchaseCode).toBeNull();
    }
  });

  it('pages through lines written at the same instant without repeats or gaps', async () => {
    const expected = (await johnsLines()).map((line) => line.id);
    const instants = (await johnsLines()).map((line) => line.createdAt.getTime());
    expect(new Set(instants).size).toBeLessThan(instants.length);
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const { statement } = await statementPage({ first: 2, after });
      seen.push(...statement.edges.map((edge) => Number(Buffer.from(edge.node.id, 'base64').toString().split(':')[1])));
      after = statement.pageInfo.hasNextPage ? statement.pageInfo.endCursor! : null;
    } while (after);
    expect(seen).toEqual(expected);
  });

  it('filters by kind and by date range (from inclusive, to exclusive)', async () => {
    const purchases = await statementPage({ first: 20, filter: { kinds: ['PURCHASE'] } });
    expect(purchases.statement.totalCount).toBe((await johnsLines({ kind: 'PURCHASE' })).length);
    expect(purchases.statement.totalCount).toBe(12);
    expect(purchases.statement.edges.every((edge) => edge.node.kind === 'PURCHASE')).toBe(true);

    const deposits = await statementPage({ first: 20, filter: { kinds: ['DEPOSIT', 'REFUND'] } });
    expect(deposits.statement.edges.map((edge) => edge.node.kind)).toEqual(['DEPOSIT']);

    const none = await statementPage({ first: 20, filter: { kinds: [] } });
    expect(none.statement.totalCount).toBe(0);

    // A range whose bounds are exactly on line timestamps: `from` is in, `to` is out.
    const lines = await johnsLines();
    const from = lines[lines.length - 3]!.createdAt;
    const to = lines[2]!.createdAt;
    const inRange = await johnsLines({ createdAt: { gte: from, lt: to } });
    expect(inRange.length).toBeGreaterThan(0);
    const ranged = await statementPage({ first: 20, filter: { from: from.toISOString(), to: to.toISOString() } });
    expect(ranged.statement.totalCount).toBe(inRange.length);
    expect(ranged.statement.edges.map((edge) => edge.node.reference)).toEqual(inRange.map((line) => line.reference));
    expect(ranged.statement.edges.some((edge) => Date.parse(edge.node.createdAt) === from.getTime())).toBe(true);
    expect(ranged.statement.edges.some((edge) => Date.parse(edge.node.createdAt) === to.getTime())).toBe(false);

    // Both filters together.
    const both = await statementPage({ first: 20, filter: { from: from.toISOString(), to: to.toISOString(), kinds: ['PURCHASE'] } });
    expect(both.statement.totalCount).toBe((await johnsLines({ createdAt: { gte: from, lt: to }, kind: 'PURCHASE' })).length);
  });

  it('refuses anyone else’s statement and statement lines', async () => {
    const other = await t.db.prisma.account.findFirstOrThrow({ where: { role: 'BUYER', username: { not: 'johndoe' } } });
    const otherToken = await tokenFor(t, other.username, ['statements:read', 'purchase:list']);
    const viaNode = await t.graphql(
      `query($id: ID!) { node(id: $id) { ... on Account { statement(first: 5) { totalCount edges { node { reference } } } } } }`,
      { id: encodeGlobalID('Account', johndoe) },
      { token: otherToken },
    );
    expect(viaNode.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(viaNode.errors?.[0]?.path).toEqual(['node', 'statement']);

    const line = (await johnsLines())[0]!;
    const lineNode = await t.graphql(
      `query($id: ID!) { node(id: $id) { ... on LedgerEntry { reference amount { cents } } } }`,
      { id: encodeGlobalID('LedgerEntry', line.id) },
      { token: otherToken },
    );
    // As an unknown id: null, and no error that says it exists.
    expect(lineNode.errors).toBeUndefined();
    expect(lineNode.data).toEqual({ node: null });

    // The owner reads the same line by its global id.
    const own = await t.graphql(
      `query($id: ID!) { node(id: $id) { ... on LedgerEntry { reference } } }`,
      { id: encodeGlobalID('LedgerEntry', line.id) },
      { token },
    );
    expect(own.errors).toBeUndefined();
    expect(own.data).toEqual({ node: { reference: line.reference } });
  });

  it('links a line to its purchase under the purchase rules', async () => {
    const query = `{ viewer { statement(first: 1, filter: { kinds: [PURCHASE] }) { edges { node { reference purchase { code } } } } } }`;
    // With purchase:list the buyer reads the purchase behind the line...
    const withList = await t.graphql<{ viewer: { statement: { edges: { node: { reference: string; purchase: { code: string } } }[] } } }>(
      query,
      {},
      { token: await tokenFor(t, 'johndoe', ['statements:read', 'purchase:list']) },
    );
    expect(withList.errors).toBeUndefined();
    const node = withList.data!.viewer!.statement.edges[0]!.node;
    expect(node.purchase.code).toBe(node.reference);
    // ...without it, the statement still answers but the purchase is refused, naming the scope.
    const without = await t.graphql(query, {}, { token });
    expect(without.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['purchase:list'] });
  });
});
