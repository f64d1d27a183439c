// The row loaders' plain statements (src/db/rows-by-id.ts) answer what Prisma's findMany
// answers for the same ids, field for field and type for type: dates as the same instants,
// arrays and JSON as the same values, int8 as bigint. On the seeded database, including
// rows whose timestamps and arrays were just written with awkward values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsById, categoriesById, itemsById } from '../../src/db/rows-by-id';
import { openTestDatabase, type TestDatabase } from '../support/databases';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

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

  it('answer nothing for unknown ids', async () => {
    expect(await itemsById(database.db, [987_654_321], true)).toEqual([]);
    expect(await itemsById(database.db, [987_654_321], false)).toEqual([]);
  });
});
