// Many purchases at once, over HTTP: buyers with random balances (some too poor), authors
// buying from each other (accounts debited and credited in the same burst). Afterwards
// no money was created or lost, no balance is negative, every balance equals its ledger,
// and every ledger line's running balance is right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { PLATFORM_USERNAME } from '../../src/ledger/ledger';
import { settlePlatformFees } from '../../src/ledger/platform-fees';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { checkLedgerInvariants, itemGlobalId, setBalance } from './support';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

const Buy = graphql(`
  mutation ConcurrentBuy($input: PurchaseItemInput!) {
    purchaseItem(input: $input) { balance { cents } purchase { code price { cents } } }
  }
`);

/** A small seeded generator, so a failure can be replayed (the seed is printed). */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('concurrent purchases', () => {
  it('conserves money and keeps every ledger consistent under a burst of 60 purchases', async () => {
    const seed = Number(process.env.PURCHASE_BURST_SEED ?? Date.now() % 1_000_000);
    console.log(`purchase burst seed: ${seed} (PURCHASE_BURST_SEED=${seed} replays it)`);
    const random = mulberry32(seed);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

    const buyers = await t.db.prisma.account.findMany({ where: { role: 'BUYER' }, orderBy: { id: 'asc' }, take: 8 });
    const authors = await t.db.prisma.account.findMany({ where: { role: 'AUTHOR' }, orderBy: { id: 'asc' }, take: 3 });
    const platform = await t.db.prisma.account.findUniqueOrThrow({ where: { username: PLATFORM_USERNAME } });
    const items = await t.db.prisma.item.findMany({
      where: { status: 'PUBLISHED', authorId: { in: authors.map((a) => a.id) } },
      orderBy: { id: 'asc' },
    });
    const participants = [...buyers, ...authors];

    // Random balances: the first two buyers are nearly broke, so some purchases must fail.
    const when = new Date(Date.now() - 60_000);
    for (const [index, account] of participants.entries()) {
      const cents = index < 2 ? Math.floor(random() * 500) : 5_000 + Math.floor(random() * 40_000);
      await setBalance(t, account.id, cents, when);
    }
    const start = await checkLedgerInvariants(t);
    const initial = new Map(
      (await t.db.prisma.account.findMany({ where: { id: { in: [...participants.map((p) => p.id), platform.id] } } })).map((a) => [
        a.id,
        a.balanceCents,
      ]),
    );
    const tokens = new Map<number, string>();
    for (const account of participants) tokens.set(account.id, await tokenFor(t, account.username, ['purchase:create']));
    const purchasesBefore = await t.db.prisma.purchase.count();

    const attempts = Array.from({ length: 60 }, (_, n) => {
      // The poor buyers try often; authors buy each other's items.
      const buyer = n % 6 === 0 ? buyers[n % 2]! : pick(participants);
      const item = pick(items.filter((candidate) => candidate.authorId !== buyer.id));
      const license = random() < 0.15 ? ('EXTENDED' as const) : ('REGULAR' as const);
      return { buyer, item, license };
    });
    const results = await Promise.all(
      attempts.map((attempt) =>
        t.graphql(Buy, { input: { itemId: itemGlobalId(attempt.item.id), license: attempt.license } }, { token: tokens.get(attempt.buyer.id)! }),
      ),
    );

    const succeeded = results.filter((result) => !result.errors);
    const failed = results.filter((result) => result.errors);
    for (const result of failed) expect(result.errors![0]!.extensions!.code).toBe('INSUFFICIENT_FUNDS');
    expect(failed.length).toBeGreaterThan(0);
    expect(succeeded.length).toBeGreaterThan(0);
    console.log(`${succeeded.length} purchases succeeded, ${failed.length} refused for funds`);
    expect(await t.db.prisma.purchase.count()).toBe(purchasesBefore + succeeded.length);

    // Money is conserved across all accounts, and every ledger is consistent, with the
    // platform's fees still pending and once they are credited.
    expect((await checkLedgerInvariants(t)).totalBalance).toBe(start.totalBalance);
    expect(await settlePlatformFees(t.db.prisma)).toBe(succeeded.length);
    const end = await checkLedgerInvariants(t);
    expect(end.totalBalance).toBe(start.totalBalance);

    // Each buyer paid exactly the prices of their successful purchases; authors and the
    // platform received exactly earnings and fees.
    const expected = new Map(initial);
    attempts.forEach((attempt, index) => {
      const result = results[index]!;
      if (result.errors) return;
      const price = attempt.license === 'EXTENDED' ? attempt.item.extendedPriceCents : attempt.item.regularPriceCents;
      expect(result.data!.purchaseItem.purchase.price.cents).toBe(price);
      const fee = Math.round((price * 30) / 100);
      expected.set(attempt.buyer.id, expected.get(attempt.buyer.id)! - BigInt(price));
      expected.set(attempt.item.authorId, expected.get(attempt.item.authorId)! + BigInt(price - fee));
      expected.set(platform.id, expected.get(platform.id)! + BigInt(fee));
    });
    const final = await t.db.prisma.account.findMany({ where: { id: { in: [...expected.keys()] } } });
    for (const account of final) {
      expect(account.balanceCents, account.username).toBe(expected.get(account.id));
      expect(account.balanceCents >= 0n, account.username).toBe(true);
    }
    // Three ledger lines per purchase, all with the purchase code as reference.
    const codes = succeeded.map((result) => result.data!.purchaseItem.purchase.code);
    expect(await t.db.prisma.ledgerEntry.count({ where: { reference: { in: codes } } })).toBe(codes.length * 3);
  });
});
