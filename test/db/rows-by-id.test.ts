// The row loaders' plain statements (src/db/rows-by-id.ts) answer what Prisma's findMany
// answers for the same ids, field for field and type for type: dates as the same instants,
// arrays and JSON as the same values, int8 as bigint. On the seeded database, including
// rows whose timestamps and arrays were just written with awkward values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemStatement, itemsById as itemsByStatement, NO_JOINS } from '../../src/db/joined-items';
import { accountsById, categoriesById } from '../../src/db/rows-by-id';
import { openTestDatabase, type TestDatabase } from '../support/databases';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** Items by id with their card (`wide` false) or every column, and no relation. */
const itemsById = (db: TestDatabase['db'], ids: number[], wide: boolean) => itemsByStatement(db, ids, itemStatement(wide, NO_JOINS));

async function authorIds(itemIds: number[]): Promise<number[]> {
  const rows = await database.db.prisma.item.findMany({ where: { id: { in: itemIds } }, select: { authorId: true }, distinct: ['authorId'] });
  return rows.map((row) => row.authorId);
}

const byId = <Row extends { id: number }>(rows: Row[]) => [...rows].sort((a, b) => a.id - b.id);

describe('row loaders', () => {
  it('answer every seeded item, account and category as Prisma does', async () => {
    const { prisma } = database.db;
    const items = await prisma.item.findMany({ orderBy: { id: 'asc' } });
    const accounts = await prisma.account.findMany({ orderBy: { id: 'asc' }, omit: { passwordHash: true } });
    const categories = await prisma.category.findMany({ orderBy: { id: 'asc' } });
    expect(items.length).toBeGreaterThan(3);
    expect(accounts.length).toBeGreaterThan(3);

    expect(
      byId(
        await itemsById(
          database.db,
          items.map((item) => item.id),
          true,
        ),
      ),
    ).toEqual(items);
    // A card is the same row without its wide columns.
    const wideColumns = [
      'description',
      'options',
      'tags',
      'demoUrl',
      'thumbnailUrl',
      'previewImageUrl',
      'previewVideoUrl',
      'previewAudioUrl',
      'screenshots',
      'createdAt',
      'updatedAt',
    ];
    const cards = items.map((item) => Object.fromEntries(Object.entries(item).filter(([field]) => !wideColumns.includes(field))));
    expect(
      byId(
        await itemsById(
          database.db,
          items.map((item) => item.id),
          false,
        ),
      ),
    ).toEqual(cards);
    expect(
      byId(
        await accountsById(
          database.db,
          accounts.map((account) => account.id),
          true,
        ),
      ),
    ).toEqual(accounts);
    // An account's card: its id, name, role, plan and currency.
    const accountCards = accounts.map(({ id, username, role, plan, currency }) => ({ id, username, role, plan, currency }));
    expect(
      byId(
        await accountsById(
          database.db,
          accounts.map((account) => account.id),
          false,
        ),
      ),
    ).toEqual(accountCards);
    expect(
      byId(
        await categoriesById(
          database.db,
          categories.map((category) => category.id),
        ),
      ),
    ).toEqual(categories);
  });

  it('keep milliseconds, instants before 1970, nulls, empty arrays and quoted array elements', async () => {
    const { prisma } = database.db;
    const item = await prisma.item.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await prisma.item.update({
      where: { id: item.id },
      data: {
        publishedAt: null,
        createdAt: new Date('1969-07-20T20:17:40.123Z'),
        updatedAt: new Date('2026-12-01T23:59:59.999Z'),
        tags: [],
        options: ['a "quoted", {braced} value', 'back\\slash', 'NULL', 'ünïcødé'],
        screenshots: ['https://example.com/a b.png'],
      },
    });
    const [loaded] = await itemsById(database.db, [item.id], true);
    const expected = await prisma.item.findUniqueOrThrow({ where: { id: item.id } });
    expect(loaded).toEqual(expected);
    expect(loaded!.createdAt!.toISOString()).toBe('1969-07-20T20:17:40.123Z');
    expect(loaded!.updatedAt!.getTime()).toBe(Date.parse('2026-12-01T23:59:59.999Z'));
    expect(loaded!.publishedAt).toBeNull();
  });

  it("read an item's author and categories in the same statement as the loaders would answer them", async () => {
    const { prisma } = database.db;
    // One item without a sub-category: its LEFT JOIN finds none.
    const last = await prisma.item.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await prisma.item.update({ where: { id: last.id }, data: { subCategoryId: null } });
    const items = await prisma.item.findMany({ orderBy: { id: 'asc' } });
    const ids = items.map((item) => item.id);
    expect(items.some((item) => item.subCategoryId === null)).toBe(true);
    expect(items.some((item) => item.subCategoryId !== null)).toBe(true);
    const accounts = new Map((await accountsById(database.db, await authorIds(ids), true)).map((row) => [row.id, row]));
    const cards = new Map((await accountsById(database.db, [...accounts.keys()], false)).map((row) => [row.id, row]));
    const categories = new Map(
      (
        await categoriesById(
          database.db,
          (await prisma.category.findMany()).map(({ id }) => id),
        )
      ).map((row) => [row.id, row]),
    );
    for (const author of ['card', 'full'] as const) {
      const statement = itemStatement(true, { author, category: true, subCategory: true });
      const joined = byId(await itemsByStatement(database.db, ids, statement));
      expect(joined.map((row) => row.id)).toEqual(ids);
      // The row keeps the join's own columns beside the item's: compare the item's fields.
      for (const [index, row] of joined.entries()) {
        const item = items[index]!;
        expect(Object.fromEntries(Object.keys(item).map((field) => [field, row[field as keyof typeof row]]))).toEqual(item);
        expect(row.joined).toEqual({
          author: (author === 'full' ? accounts : cards).get(item.authorId),
          category: categories.get(item.categoryId),
          subCategory: item.subCategoryId === null ? null : categories.get(item.subCategoryId),
        });
      }
    }
    // Only what was asked for is read.
    const categoryOnly = itemStatement(false, { author: 'none', category: true, subCategory: false });
    expect(categoryOnly.select).not.toContain('"accounts"');
    const [first] = await itemsByStatement(database.db, [ids[0]!], categoryOnly);
    expect(first!.joined).toEqual({ author: undefined, category: categories.get(items[0]!.categoryId), subCategory: undefined });
  });

  it('answer nothing for unknown ids', async () => {
    expect(await itemsById(database.db, [987_654_321], true)).toEqual([]);
    expect(await itemsById(database.db, [987_654_321], false)).toEqual([]);
  });
});
