// The catalog page in plain SQL (src/catalog/catalog-page.ts) pages and filters exactly as
// Prisma's findMany does: every order × a table of filters × a table of page queries
// (forwards and backwards, offsets, cursors of listed, unlisted and missing items), over
// items that tie on every sort key (the id breaks the tie), answering the same rows field
// for field, and the same totals. The oracle is the Prisma `where`/`orderBy` the listing
// used before, kept here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogCount, catalogPage } from '../../src/catalog/catalog-page';
import { itemStatement, NO_JOINS } from '../../src/db/joined-items';
import { CATALOG_SORTS, type CatalogFilter, type CatalogSort, catalogConditions } from '../../src/catalog/search';
import type { Prisma } from '../../src/generated/prisma/client';
import type { PageQuery } from '../../src/graphql/pages';
import { openTestDatabase, type TestDatabase } from '../support/databases';

const FULL = itemStatement(true, NO_JOINS);
const CARD = itemStatement(false, NO_JOINS);

function prismaWhere(filter: CatalogFilter): Prisma.ItemWhereInput {
  const where: Prisma.ItemWhereInput[] = [{ status: { in: ['PUBLISHED'] } }];
  if (filter.text) {
    const text = filter.text.trim();
    where.push({
      OR: [
        { name: { contains: text, mode: 'insensitive' } },
        { description: { contains: text, mode: 'insensitive' } },
        { tags: { has: text.toLowerCase() } },
      ],
    });
  }
  if (filter.category) where.push({ category: { slug: filter.category } });
  if (filter.subCategory) where.push({ subCategory: { slug: filter.subCategory } });
  if (filter.type) where.push({ type: filter.type });
  if (filter.tags?.length) where.push({ tags: { hasEvery: filter.tags.map((tag) => tag.toLowerCase()) } });
  if (filter.authorUsername) where.push({ author: { username: filter.authorUsername } });
  const { minPriceCents: min, maxPriceCents: max } = filter;
  if (min != null || max != null) where.push({ regularPriceCents: { ...(min != null && { gte: min }), ...(max != null && { lte: max }) } });
  return { AND: where };
}

const PRISMA_ORDER: Record<CatalogSort, Prisma.ItemOrderByWithRelationInput[]> = {
  NEWEST: [{ publishedAt: 'desc' }, { id: 'desc' }],
  OLDEST: [{ publishedAt: 'asc' }, { id: 'asc' }],
  PRICE_ASC: [{ regularPriceCents: 'asc' }, { id: 'asc' }],
  PRICE_DESC: [{ regularPriceCents: 'desc' }, { id: 'desc' }],
  POPULAR: [{ downloadCount: 'desc' }, { id: 'desc' }],
  BEST_SELLING: [{ salesCount: 'desc' }, { id: 'desc' }],
  NAME: [{ name: 'asc' }, { id: 'asc' }],
};

let database: TestDatabase;
let filters: Array<[string, CatalogFilter]>;
let draftId: number;

beforeAll(async () => {
  database = await openTestDatabase();
  const { prisma } = database.db;
  const template = await prisma.item.findFirstOrThrow({
    where: { status: 'PUBLISHED' },
    include: { category: true, author: true },
    orderBy: { id: 'asc' },
  });
  const { id: _id, slug: _slug, createdAt: _created, updatedAt: _updated, category, author, ...fields } = template;
  // Twelve more listed items in tied pairs on every key: time, price, downloads, sales, name.
  const at = Date.parse('2026-02-01T08:00:00.000Z');
  await prisma.item.createMany({
    data: Array.from({ length: 12 }, (_, index) => ({
      ...fields,
      slug: `tie-${index}`,
      name: `Tied Kit ${Math.floor(index / 2)}`,
      tags: ['tied', index % 3 === 0 ? 'third' : 'other'],
      publishedAt: new Date(at + Math.floor(index / 2) * 60_000),
      regularPriceCents: 1000 + Math.floor(index / 2) * 100,
      downloadCount: 7 * Math.floor(index / 2),
      salesCount: 3 * Math.floor(index / 4),
    })),
  });
  draftId = (await prisma.item.create({ data: { ...fields, slug: 'tie-draft', name: 'Tied Draft', status: 'DRAFT', publishedAt: null } })).id;
  filters = [
    ['none', {}],
    ['text', { text: 'tied' }],
    ['text in any case, with blanks', { text: '  KIT 3 ' }],
    ['category', { category: category.slug }],
    ['unknown category', { category: 'no-such-category' }],
    ['type', { type: fields.type }],
    ['tags', { tags: ['Tied', 'third'] }],
    ['author', { authorUsername: author.username }],
    ['price range', { minPriceCents: 1100, maxPriceCents: 1400 }],
    ['everything', { text: 'kit', category: category.slug, type: fields.type, tags: ['tied'], authorUsername: author.username, minPriceCents: 1000 }],
  ];
});

afterAll(async () => {
  await database?.close();
});

describe('the catalog page', () => {
  it('answers what findMany answers for every order, filter and page query', async () => {
    const { prisma } = database.db;
    let compared = 0;
    for (const sort of CATALOG_SORTS) {
      for (const [filterName, filter] of filters) {
        const orderBy = PRISMA_ORDER[sort];
        const where = prismaWhere(filter);
        const ids = (await prisma.item.findMany({ where, orderBy, select: { id: true } })).map((row) => row.id);
        const middle = ids[Math.floor(ids.length / 2)] ?? draftId;
        const queries: Array<[string, PageQuery]> = [
          ['first page', { take: 6, skip: 0 }],
          ['an offset', { take: 4, skip: 3 }],
          ['past the end', { take: 4, skip: 500 }],
          ['empty page', { take: 0, skip: 0 }],
          ['last rows', { take: -4, skip: 0 }],
          ['last rows after an offset from the end', { take: -3, skip: 2 }],
          ['after a cursor', { take: 4, skip: 1, cursor: { id: middle } }],
          ['before a cursor', { take: -4, skip: 1, cursor: { id: middle } }],
          ['after the first row', { take: 3, skip: 1, cursor: { id: ids[0] ?? draftId } }],
          ['after the last row', { take: 3, skip: 1, cursor: { id: ids.at(-1) ?? draftId } }],
          ['after a cursor that does not exist', { take: 4, skip: 1, cursor: { id: 987_654_321 } }],
        ];
        const conditions = catalogConditions(filter);
        for (const [queryName, query] of queries) {
          const expected = await prisma.item.findMany({ ...query, where, orderBy });
          expect(await catalogPage(database.db, sort, conditions, query, FULL), `${sort}, ${filterName}, ${queryName}`).toEqual(expected);
          // The card page is the same rows (ids in the same order) without the wide columns.
          const cards = await catalogPage(database.db, sort, conditions, query, CARD);
          expect(cards.map((row) => [row.id, row.name, 'description' in row])).toEqual(expected.map((row) => [row.id, row.name, false]));
          compared++;
        }
        expect(await catalogCount(database.db, conditions), `${filterName}: total`).toBe(await prisma.item.count({ where }));
      }
    }
    expect(compared).toBe(CATALOG_SORTS.length * filters.length * 11);
  });

  it('pages from an unlisted item by its place in the order, as findMany does', async () => {
    // A draft's publishedAt is null: by price its place is defined, and the page starts there.
    const { prisma } = database.db;
    const query = { take: 5, skip: 1, cursor: { id: draftId } };
    const expected = await prisma.item.findMany({ ...query, where: prismaWhere({}), orderBy: PRISMA_ORDER.PRICE_ASC });
    expect(expected.length).toBeGreaterThan(0);
    expect(await catalogPage(database.db, 'PRICE_ASC', catalogConditions({}), query, FULL)).toEqual(expected);
  });

  it('searches text literally: % and _ match only themselves', async () => {
    const { prisma } = database.db;
    await prisma.item.updateMany({ where: { slug: 'tie-4' }, data: { name: 'Tied Kit 100% cotton' } });
    const found = async (text: string) => {
      const rows = await catalogPage(database.db, 'NAME', catalogConditions({ text }), { take: 100, skip: 0 }, FULL);
      // Each row holds the text as written (Prisma's contains would take % and _ as wildcards).
      for (const row of rows) expect(`${row.name} ${row.description} ${row.tags!.join(' ')}`.toLowerCase()).toContain(text.toLowerCase());
      return rows.map((row) => row.name);
    };
    expect(await found('100%')).toContain('Tied Kit 100% cotton');
    expect(await found('%')).toContain('Tied Kit 100% cotton');
    expect(await found('Kit_1')).toEqual([]);
    expect(await found('tied kit 1_0')).toEqual([]);
  });
});
