// No row every purchase must lock: while another transaction holds the platform account's
// row, purchases through two instances still complete (before, each waited for that row:
// one held for 3 s stalled an unrelated purchase for 3 s). Their fees wait as pending
// fees; two settlers racing credit each exactly once, and the ledger stays exact. Runs on
// the local PostgreSQL server whatever TEST_DATABASE says: it needs a second connection
// holding a lock, which the embedded database (one connection) cannot have.
import { print } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/accounts/scopes';
import { createPersonalAccessToken } from '../../src/accounts/tokens';
import { graphql } from '../../src/generated/gql';
import { PLATFORM_USERNAME } from '../../src/ledger/ledger';
import { settlePlatformFees } from '../../src/ledger/platform-fees';
import { type InstancePair, startInstancePairOnServer } from '../support/instances';
import { checkLedgerInvariants, itemGlobalId, setBalance } from './support';

const Buy = graphql(`
  mutation PlatformRowBuy($input: PurchaseItemInput!) {
    purchaseItem(input: $input) { purchase { code } }
  }
`);

let pair: InstancePair;
let server: InstancePair['server'];
let instances: InstancePair['instances'];

beforeAll(async () => {
  pair = await startInstancePairOnServer({ RATE_LIMIT_FREE: '1000000', RATE_LIMIT_PRO: '1000000', RATE_LIMIT_ENTERPRISE: '1000000' });
  ({ server, instances } = pair);
});

afterAll(async () => {
  await pair?.close();
});

async function buyers(count: number) {
  const prisma = server.db.prisma;
  const accounts = await prisma.account.findMany({ where: { role: 'BUYER' }, orderBy: { id: 'asc' }, take: count });
  const scopes: Scope[] = ['purchase:create'];
  return Promise.all(
    accounts.map(async (account) => {
      await setBalance(server, account.id, 1_000_00);
      const { token } = await createPersonalAccessToken(prisma, account.id, { name: 'platform row', scopes }, { now: new Date() });
      return { id: account.id, token };
    }),
  );
}

/** One purchase per buyer at once, alternating between the two instances. */
async function burst(buying: { token: string }[], itemIds: number[]) {
  return Promise.all(
    buying.map(async (buyer, index) => {
      const response = await fetch(`${instances[index % 2]!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}` },
        body: JSON.stringify({
          query: print(Buy),
          variables: { input: { itemId: itemGlobalId(itemIds[index % itemIds.length]!), license: 'REGULAR' } },
        }),
      });
      return {
        status: response.status,
        body: (await response.json()) as { data?: { purchaseItem: { purchase: { code: string } } }; errors?: unknown[] },
      };
    }),
  );
}

describe('the platform account is not a lock every purchase waits for', () => {
  it('completes purchases on two instances while the platform row is locked, then credits each fee once', async () => {
    const prisma = server.db.prisma;
    const buying = await buyers(8);
    const items = await prisma.item.findMany({ where: { status: 'PUBLISHED', regularPriceCents: { gt: 0 } }, orderBy: { id: 'asc' }, take: 4 });
    const platformBefore = await prisma.account.findUniqueOrThrow({ where: { username: PLATFORM_USERNAME } });
    const start = await checkLedgerInvariants(server);

    let first: Awaited<ReturnType<typeof burst>> = [];
    const holder = new pg.Client({ connectionString: server.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM accounts WHERE username = $1 FOR UPDATE', [PLATFORM_USERNAME]);
    try {
      // With the row held, a purchase that needed it would wait until its statement timeout.
      first = await burst(
        buying,
        items.map((item) => item.id),
      );
      expect(first.map((answer) => [answer.status, answer.body.errors])).toEqual(buying.map(() => [200, undefined]));
      expect(await prisma.pendingPlatformFee.count()).toBe(buying.length);
      // Settlement needs the row: it waits for the holder, and the money is in transit meanwhile.
      const settling = settlePlatformFees(prisma);
      expect((await checkLedgerInvariants(server)).totalBalance).toBe(start.totalBalance);
      await holder.query('ROLLBACK');
      expect(await settling).toBe(buying.length);
    } finally {
      await holder.end();
    }

    // A second burst, settled by two settlers (two clients, two pools) at once.
    const second = await burst(buying, items.map((item) => item.id).reverse());
    expect(second.every((answer) => answer.status === 200 && !answer.body.errors)).toBe(true);
    const credited = await Promise.all([settlePlatformFees(prisma), settlePlatformFees(pair.other.prisma)]);
    expect(credited[0] + credited[1]).toBe(buying.length);
    expect(await prisma.pendingPlatformFee.count()).toBe(0);

    const codes = [...first, ...second].map((answer) => answer.body.data!.purchaseItem.purchase.code);
    const fees = await prisma.purchase.aggregate({ where: { code: { in: codes } }, _sum: { platformFeeCents: true } });
    const platformAfter = await prisma.account.findUniqueOrThrow({ where: { username: PLATFORM_USERNAME } });
    expect(platformAfter.balanceCents - platformBefore.balanceCents).toBe(BigInt(fees._sum.platformFeeCents!));
    expect(await prisma.ledgerEntry.count({ where: { reference: { in: codes }, kind: 'PLATFORM_FEE' } })).toBe(codes.length);
    const end = await checkLedgerInvariants(server);
    expect(end.totalBalance).toBe(start.totalBalance);
  });
});
