// The purchaseItem mutation: money moves exactly (buyer, author, platform, three ledger
// lines), nothing is written when it fails, and retries with an idempotency key never
// charge twice.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { PLATFORM_USERNAME, platformFeeCents } from '../../src/ledger/ledger';
import { settlePlatformFees, startFeeSettlement } from '../../src/ledger/platform-fees';
import { addMonths } from '../../src/shared/dates';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway, nothingStands } from '../support/gateway';
import { checkLedgerInvariants, itemGlobalId, setBalance, someItem } from './support';

let t: TestGateway;
let johndoe: number;
let platform: number;
/** johndoe, allowed to buy and nothing else. */
let buyToken: string;

const NOW = new Date('2026-03-31T10:00:00.000Z');

beforeAll(async () => {
  t = await startTestGateway();
  johndoe = await accountId(t, 'johndoe');
  platform = await accountId(t, PLATFORM_USERNAME);
  buyToken = await tokenFor(t, 'johndoe', ['purchase:create']);
});
afterAll(() => t.close());
beforeEach(() => t.setNow(NOW));

const PurchaseItem = graphql(`
  mutation PurchaseItem($input: PurchaseItemInput!) {
    purchaseItem(input: $input) {
      replayed
      balance { cents amount currency }
      purchase {
        id
        code
        licenseType
        price { cents currency }
        supportedUntil
        purchasedAt
        downloaded
        refundState
        item { databaseId name }
        buyer { username }
      }
    }
  }
`);

async function balances(...ids: number[]) {
  const rows = await t.db.prisma.account.findMany({ where: { id: { in: ids } }, select: { id: true, balanceCents: true } });
  return new Map(rows.map((row) => [row.id, row.balanceCents]));
}

async function counts() {
  const prisma = t.db.prisma;
  return { purchases: await prisma.purchase.count(), ledger: await prisma.ledgerEntry.count(), pendingFees: await prisma.pendingPlatformFee.count() };
}

describe('purchaseItem', () => {
  it('charges the buyer, pays the author, leaves the fee pending for the platform, and writes the purchase with three ledger lines once settled', async () => {
    await setBalance(t, johndoe, 100_00);
    const item = await someItem(t, { notAuthoredBy: johndoe, supportMonths: { gt: 0 } });
    const before = await balances(johndoe, item.authorId, platform);
    const price = item.regularPriceCents;
    const fee = Math.round((price * 30) / 100);

    const { data, errors } = await t.graphql(PurchaseItem, { input: { itemId: itemGlobalId(item.id), license: 'REGULAR' } }, { token: buyToken });
    expect(errors).toBeUndefined();
    const payload = data!.purchaseItem;
    expect(payload.replayed).toBe(false);
    expect(payload.balance).toEqual({ cents: 100_00 - price, amount: ((100_00 - price) / 100).toFixed(2), currency: 'USD' });
    // The purchase:create token may see the purchase it just made (its code above all).
    expect(payload.purchase).toMatchObject({
      licenseType: 'REGULAR',
      price: { cents: price, currency: 'USD' },
      supportedUntil: addMonths(NOW, item.supportMonths).toISOString(),
      purchasedAt: NOW.toISOString(),
      downloaded: false,
      refundState: 'NONE',
      item: { databaseId: item.id, name: item.name },
      buyer: { username: 'johndoe' },
    });
    expect(payload.purchase.code).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // The platform's row is not touched by the purchase: its fee waits for settlement.
    const beforeSettling = await balances(johndoe, item.authorId, platform);
    expect(beforeSettling.get(platform)).toBe(before.get(platform));
    const owed = await t.db.prisma.pendingPlatformFee.findMany({ where: { reference: payload.purchase.code } });
    expect(owed.map(({ amountCents, currency }) => ({ amountCents, currency }))).toEqual([{ amountCents: fee, currency: 'USD' }]);
    await checkLedgerInvariants(t);
    expect(await settlePlatformFees(t.db.prisma, () => NOW)).toBe(1);
    expect(await t.db.prisma.pendingPlatformFee.count()).toBe(0);

    const after = await balances(johndoe, item.authorId, platform);
    expect(after.get(johndoe)).toBe(BigInt(100_00 - price));
    expect(after.get(item.authorId)! - before.get(item.authorId)!).toBe(BigInt(price - fee));
    expect(after.get(platform)! - before.get(platform)!).toBe(BigInt(fee));

    const stored = await t.db.prisma.purchase.findUniqueOrThrow({
      where: { code: payload.purchase.code },
      include: { ledgerEntries: { orderBy: { id: 'asc' } } },
    });
    expect(stored).toMatchObject({
      buyerId: johndoe,
      itemId: item.id,
      authorId: item.authorId,
      pricePaidCents: price,
      platformFeeCents: fee,
      authorEarningsCents: price - fee,
    });
    expect(
      stored.ledgerEntries.map(({ accountId, kind, amountCents, balanceAfterCents, reference, createdAt }) => ({
        accountId,
        kind,
        amountCents,
        balanceAfterCents,
        reference,
        createdAt,
      })),
    ).toEqual([
      { accountId: johndoe, kind: 'PURCHASE', amountCents: -price, balanceAfterCents: after.get(johndoe), reference: stored.code, createdAt: NOW },
      {
        accountId: item.authorId,
        kind: 'SALE',
        amountCents: price - fee,
        balanceAfterCents: after.get(item.authorId),
        reference: stored.code,
        createdAt: NOW,
      },
      { accountId: platform, kind: 'PLATFORM_FEE', amountCents: fee, balanceAfterCents: after.get(platform), reference: stored.code, createdAt: NOW },
    ]);
    expect(stored.ledgerEntries[0]!.description).toBe(`Purchase of ${item.name} (Regular license)`);
    expect(stored.ledgerEntries[2]!.description).toBe(`Platform fee on ${item.name} (Regular license)`);
    await checkLedgerInvariants(t);
  });

  it('charges the extended price for an extended license; an item without support has no supportedUntil', async () => {
    await setBalance(t, johndoe, 1_000_00);
    const item = await someItem(t, { notAuthoredBy: johndoe, supportMonths: 0 });
    const { data, errors } = await t.graphql(PurchaseItem, { input: { itemId: itemGlobalId(item.id), license: 'EXTENDED' } }, { token: buyToken });
    expect(errors).toBeUndefined();
    expect(data!.purchaseItem.purchase.price.cents).toBe(item.extendedPriceCents);
    expect(data!.purchaseItem.purchase.supportedUntil).toBeNull();
    expect(data!.purchaseItem.balance.cents).toBe(1_000_00 - item.extendedPriceCents);
    await checkLedgerInvariants(t);
  });

  it('refuses with INSUFFICIENT_FUNDS and writes nothing when the balance is short by one cent', async () => {
    const item = await someItem(t, { notAuthoredBy: johndoe, skip: 3 });
    await setBalance(t, johndoe, item.regularPriceCents - 1);
    const before = { counts: await counts(), balances: await balances(johndoe, item.authorId, platform) };
    const { data, errors } = await t.graphql(
      PurchaseItem,
      { input: { itemId: itemGlobalId(item.id), license: 'REGULAR', idempotencyKey: 'short-by-one' } },
      { token: buyToken },
    );
    expect(nothingStands(data)).toBe(true);
    expect(errors![0]!.extensions).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect({ counts: await counts(), balances: await balances(johndoe, item.authorId, platform) }).toEqual(before);

    // With exactly the price it works, and leaves zero.
    await setBalance(t, johndoe, item.regularPriceCents);
    const ok = await t.graphql(
      PurchaseItem,
      { input: { itemId: itemGlobalId(item.id), license: 'REGULAR', idempotencyKey: 'short-by-one' } },
      { token: buyToken },
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.purchaseItem.balance.cents).toBe(0);
    await checkLedgerInvariants(t);
  });

  it('answers NOT_FOUND for unknown and draft items, BAD_USER_INPUT for one’s own item', async () => {
    await setBalance(t, johndoe, 1_000_00);
    const draft = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'DRAFT' } });
    const before = await counts();
    for (const itemId of [itemGlobalId(999_999), itemGlobalId(draft.id)]) {
      const { errors } = await t.graphql(PurchaseItem, { input: { itemId, license: 'REGULAR' } }, { token: buyToken });
      expect(errors![0]!.extensions, itemId).toMatchObject({ code: 'NOT_FOUND' });
    }
    // Even the draft's author cannot buy it: drafts are not for sale.
    const draftAuthor = await t.db.prisma.account.findUniqueOrThrow({ where: { id: draft.authorId } });
    const authorToken = await tokenFor(t, draftAuthor.username, ['purchase:create', 'items:read']);
    const ownDraft = await t.graphql(PurchaseItem, { input: { itemId: itemGlobalId(draft.id), license: 'REGULAR' } }, { token: authorToken });
    expect(ownDraft.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(await counts()).toEqual(before);

    const published = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'PUBLISHED', authorId: draft.authorId } });
    await setBalance(t, draftAuthor.id, 1_000_00);
    const beforeOwn = await counts();
    const own = await t.graphql(PurchaseItem, { input: { itemId: itemGlobalId(published.id), license: 'REGULAR' } }, { token: authorToken });
    expect(own.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemId' });

    // An id of another type, or no global id at all, is not an item id.
    for (const itemId of [encodeGlobalID('Category', 1), 'garbage', encodeGlobalID('Item', 'x1'), '']) {
      const { errors } = await t.graphql(PurchaseItem, { input: { itemId, license: 'REGULAR' } }, { token: buyToken });
      expect(errors![0]!.extensions, itemId).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemId' });
    }
    expect(await counts()).toEqual(beforeOwn);
  });

  it('rejects a blank or oversized idempotency key', async () => {
    const item = await someItem(t, { notAuthoredBy: johndoe });
    for (const idempotencyKey of ['', ' padded ', 'k'.repeat(129)]) {
      const { errors } = await t.graphql(
        PurchaseItem,
        { input: { itemId: itemGlobalId(item.id), license: 'REGULAR', idempotencyKey } },
        { token: buyToken },
      );
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    }
  });
});

describe('fee settlement', () => {
  it('credits pending fees by itself every interval, in purchase order, and stops when asked', async () => {
    await setBalance(t, johndoe, 500_00);
    await settlePlatformFees(t.db.prisma); // what earlier tests left pending
    const settlement = startFeeSettlement({ prisma: t.db.prisma, intervalMs: 50, logger: { warn: () => undefined } });
    try {
      const before = (await balances(platform)).get(platform)!;
      const bought = [];
      for (const skip of [3, 4]) {
        const item = await someItem(t, { notAuthoredBy: johndoe, skip });
        const { data, errors } = await t.graphql(PurchaseItem, { input: { itemId: itemGlobalId(item.id), license: 'REGULAR' } }, { token: buyToken });
        expect(errors).toBeUndefined();
        bought.push({ code: data!.purchaseItem.purchase.code, fee: platformFeeCents(item.regularPriceCents, 30) });
      }
      await expect.poll(() => t.db.prisma.pendingPlatformFee.count(), { timeout: 60_000 }).toBe(0);
      const lines = await t.db.prisma.ledgerEntry.findMany({
        where: { accountId: platform, reference: { in: bought.map((purchase) => purchase.code) } },
        orderBy: { id: 'asc' },
      });
      expect(lines.map((line) => [line.reference, line.amountCents, line.balanceAfterCents])).toEqual([
        [bought[0]!.code, bought[0]!.fee, before + BigInt(bought[0]!.fee)],
        [bought[1]!.code, bought[1]!.fee, before + BigInt(bought[0]!.fee + bought[1]!.fee)],
      ]);
      await checkLedgerInvariants(t);
    } finally {
      await settlement.stop();
    }
  });
});

describe('fee settlement without a platform account', () => {
  it('keeps the fees pending, warns once (not every round), and credits them once the account is back', async () => {
    await setBalance(t, johndoe, 500_00);
    await settlePlatformFees(t.db.prisma);
    const item = await someItem(t, { notAuthoredBy: johndoe, skip: 5 });
    const { errors } = await t.graphql(PurchaseItem, { input: { itemId: itemGlobalId(item.id), license: 'REGULAR' } }, { token: buyToken });
    expect(errors).toBeUndefined();
    await t.db.prisma.account.update({ where: { id: platform }, data: { username: 'platform-renamed' } });
    const warnings: string[] = [];
    let rounds = 0;
    const counting = new Proxy(t.db.prisma, {
      get: (target, key) => {
        if (key === 'pendingPlatformFee') rounds++; // once per round: its first read
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const settlement = startFeeSettlement({ prisma: counting, intervalMs: 20, logger: { warn: (_object, message) => warnings.push(message) } });
    try {
      await expect.poll(() => rounds, { timeout: 60_000 }).toBeGreaterThan(5);
      expect(warnings).toHaveLength(1);
      expect(await t.db.prisma.pendingPlatformFee.count()).toBe(1);
      await checkLedgerInvariants(t);
      await t.db.prisma.account.update({ where: { id: platform }, data: { username: PLATFORM_USERNAME } });
      await expect.poll(() => t.db.prisma.pendingPlatformFee.count(), { timeout: 60_000 }).toBe(0);
      await checkLedgerInvariants(t);
    } finally {
      await settlement.stop();
      await t.db.prisma.account.update({ where: { id: platform }, data: { username: PLATFORM_USERNAME } });
    }
  });
});

describe('idempotency', () => {
  it('returns the original purchase for a retry with the same key and charges once', async () => {
    await setBalance(t, johndoe, 500_00);
    const item = await someItem(t, { notAuthoredBy: johndoe, skip: 5 });
    const input = { itemId: itemGlobalId(item.id), license: 'REGULAR' as const, idempotencyKey: 'retry-1' };
    const first = await t.graphql(PurchaseItem, { input }, { token: buyToken });
    expect(first.errors).toBeUndefined();
    const afterFirst = await counts();

    const second = await t.graphql(PurchaseItem, { input }, { token: buyToken });
    expect(second.errors).toBeUndefined();
    expect(second.data!.purchaseItem.replayed).toBe(true);
    expect(second.data!.purchaseItem.purchase).toEqual(first.data!.purchaseItem.purchase);
    expect(second.data!.purchaseItem.balance).toEqual(first.data!.purchaseItem.balance);
    expect(await counts()).toEqual(afterFirst);
    expect((await balances(johndoe)).get(johndoe)).toBe(BigInt(500_00 - item.regularPriceCents));

    // The same key for another license or another item is a different request: CONFLICT, nothing written.
    const otherItem = await someItem(t, { notAuthoredBy: johndoe, skip: 6 });
    for (const changed of [
      { ...input, license: 'EXTENDED' as const },
      { ...input, itemId: itemGlobalId(otherItem.id) },
    ]) {
      const { errors } = await t.graphql(PurchaseItem, { input: changed }, { token: buyToken });
      expect(errors![0]!.extensions).toMatchObject({ code: 'CONFLICT' });
    }
    expect(await counts()).toEqual(afterFirst);

    // Keys belong to a buyer: another buyer may use the same key for their own purchase.
    const other = await t.db.prisma.account.findFirstOrThrow({ where: { role: 'BUYER', username: { not: 'johndoe' } } });
    await setBalance(t, other.id, 500_00);
    const theirs = await t.graphql(PurchaseItem, { input }, { token: await tokenFor(t, other.username, ['purchase:create']) });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.purchaseItem.replayed).toBe(false);
    expect(theirs.data!.purchaseItem.purchase.code).not.toBe(first.data!.purchaseItem.purchase.code);
    await checkLedgerInvariants(t);
  });

  it('charges once when the same request is sent many times at once', async () => {
    await setBalance(t, johndoe, 500_00);
    const item = await someItem(t, { notAuthoredBy: johndoe, skip: 7 });
    const before = await counts();
    const input = { itemId: itemGlobalId(item.id), license: 'REGULAR' as const, idempotencyKey: 'burst-1' };
    const results = await Promise.all(Array.from({ length: 8 }, () => t.graphql(PurchaseItem, { input }, { token: buyToken })));
    for (const result of results) expect(result.errors).toBeUndefined();
    const codes = new Set(results.map((result) => result.data!.purchaseItem.purchase.code));
    expect(codes.size).toBe(1);
    expect(results.filter((result) => !result.data!.purchaseItem.replayed)).toHaveLength(1);
    expect(await counts()).toEqual({ purchases: before.purchases + 1, ledger: before.ledger + 2, pendingFees: before.pendingFees + 1 });
    expect((await balances(johndoe)).get(johndoe)).toBe(BigInt(500_00 - item.regularPriceCents));
    await checkLedgerInvariants(t);
  });
});

describe('money arithmetic', () => {
  it('rounds the platform fee half up in integer cents', () => {
    expect(platformFeeCents(1999, 30)).toBe(600); // 599.7
    expect(platformFeeCents(1995, 30)).toBe(599); // 598.5 → 599
    expect(platformFeeCents(1, 50)).toBe(1); // 0.5 → 1
    expect(platformFeeCents(1999, 12.5)).toBe(250); // 249.875
    expect(platformFeeCents(0, 30)).toBe(0);
    expect(platformFeeCents(4900, 0)).toBe(0);
    expect(platformFeeCents(4900, 100)).toBe(4900);
    for (let price = 0; price < 5000; price += 7) expect(platformFeeCents(price, 30)).toBe(Math.round((price * 30) / 100));
  });

  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2026-03-31T10:00:00Z'), 6).toISOString()).toBe('2026-09-30T10:00:00.000Z');
    expect(addMonths(new Date('2026-03-15T10:00:00Z'), 12).toISOString()).toBe('2027-03-15T10:00:00.000Z');
  });
});
