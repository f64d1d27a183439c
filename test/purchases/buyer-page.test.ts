// The buyer's purchases page in plain SQL (src/purchases/buyer-page.ts) pages exactly as
// Prisma's findMany does, over a table of page queries: forwards and backwards, with
// offsets, from cursors (the buyer's own, another buyer's, one that does not exist), over
// purchases that tie on their time (the id breaks the tie), and it answers the same rows,
// field for field (a card: the same rows with its columns only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageQuery } from '../../src/graphql/pages';
import { buyerPurchasesPage } from '../../src/purchases/buyer-page';
import { NEWEST_PURCHASE_FIRST } from '../../src/purchases/schema';
import { openTestDatabase, type TestDatabase } from '../support/databases';
import { insertPurchases } from '../support/purchases';

let database: TestDatabase;
let buyerId: number;
let otherBuyersPurchase: number;
let ids: number[];

beforeAll(async () => {
  database = await openTestDatabase();
  const { prisma } = database.db;
  const [buyer, other] = await prisma.account.findMany({ where: { role: 'BUYER' }, orderBy: { id: 'asc' }, take: 2 });
  buyerId = buyer!.id;
  const items = await prisma.item.findMany({ orderBy: { id: 'asc' } });
  // Twelve purchases, in pairs at the same millisecond (a tie the id must break).
  const start = Date.parse('2026-03-01T10:00:00.000Z');
  await insertPurchases(database, buyerId, [...items, ...items].slice(0, 12), (index) => new Date(start + Math.floor(index / 2) * 1000));
  await insertPurchases(database, other!.id, items.slice(0, 1), () => new Date(start + 2500));
  otherBuyersPurchase = (await prisma.purchase.findFirstOrThrow({ where: { buyerId: other!.id }, orderBy: { id: 'desc' } })).id;
  ids = (await prisma.purchase.findMany({ where: { buyerId }, orderBy: NEWEST_PURCHASE_FIRST, select: { id: true } })).map((row) => row.id);
  expect(ids.length).toBeGreaterThanOrEqual(12);
});

afterAll(async () => {
  await database?.close();
});

describe("the buyer's purchases page", () => {
  it('answers what findMany answers for every page query', async () => {
    const middle = () => ids[5]!;
    const queries: Array<[string, () => PageQuery]> = [
      ['first page', () => ({ take: 6, skip: 0 })],
      ['an offset', () => ({ take: 4, skip: 3 })],
      ['past the end', () => ({ take: 4, skip: 500 })],
      ['empty page', () => ({ take: 0, skip: 0 })],
      ['last rows', () => ({ take: -4, skip: 0 })],
      ['last rows after an offset from the end', () => ({ take: -3, skip: 2 })],
      ['after a cursor', () => ({ take: 4, skip: 1, cursor: { id: middle() } })],
      ['before a cursor', () => ({ take: -4, skip: 1, cursor: { id: middle() } })],
      ['after the tied first row', () => ({ take: 3, skip: 1, cursor: { id: ids[0]! } })],
      ['after the last row', () => ({ take: 3, skip: 1, cursor: { id: ids.at(-1)! } })],
      ["after another buyer's purchase", () => ({ take: 4, skip: 1, cursor: { id: otherBuyersPurchase } })],
      ["before another buyer's purchase", () => ({ take: -4, skip: 1, cursor: { id: otherBuyersPurchase } })],
      ['after a cursor that does not exist', () => ({ take: 4, skip: 1, cursor: { id: 987_654_321 } })],
    ];
    const { prisma } = database.db;
    for (const [name, query] of queries) {
      const expected = await prisma.purchase.findMany({ ...query(), where: { buyerId }, orderBy: NEWEST_PURCHASE_FIRST });
      expect(await buyerPurchasesPage(database.db, buyerId, query()), name).toEqual(expected);
      // The card (an operation that shows codes and items only): the same rows, its columns only.
      const cards = expected.map(({ id, code, buyerId: buyer, itemId, authorId, purchasedAt }) => ({
        id,
        code,
        buyerId: buyer,
        itemId,
        authorId,
        purchasedAt,
      }));
      expect(await buyerPurchasesPage(database.db, buyerId, query(), false), `${name}, card`).toEqual(cards);
    }
  });

  it('holds rows of that buyer only', async () => {
    const rows = await buyerPurchasesPage(database.db, buyerId, { take: 100, skip: 0 });
    expect(rows.map((row) => row.id)).toEqual(ids);
    expect(await buyerPurchasesPage(database.db, -1, { take: 100, skip: 0 })).toEqual([]);
  });
});
