// The list conventions of the v1 paths: page/per_page (004_…), sort=-field, filter[…],
// cursor pagination (003_…) and the 400s that name the parameter and the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeListCursor } from '../../src/rest/lists';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
let john: string;
beforeAll(async () => {
  t = await startTestGateway();
  john = await tokenFor(t, 'johndoe', ['purchase:list', 'statements:read']);
});
afterAll(() => t.close());

async function get(path: string, token?: string) {
  const response = await t.request(path, { token });
  return { status: response.status, body: await response.json() };
}

async function expectBad(path: string, field: string, reason: string | RegExp, token?: string) {
  const { status, body } = await get(path, token);
  expect(status, path).toBe(400);
  expect(body.status).toBe('error');
  expect(body.code).toBe(400);
  expect(body.details.field).toBe(field);
  if (typeof reason === 'string') expect(body.details.reason).toBe(reason);
  else expect(body.details.reason).toMatch(reason);
}

describe('page and per_page', () => {
  it('default to page 1 of 20', async () => {
    const { body } = await get('/api/v1/catalog/items');
    const total = await t.db.prisma.item.count({ where: { status: 'PUBLISHED' } });
    expect(body.data).toHaveLength(20);
    expect(body.meta).toEqual({ page: 1, per_page: 20, total, total_pages: Math.ceil(total / 20) });
  });

  it('answer an empty page past the end, with the totals', async () => {
    const { status, body } = await get('/api/v1/purchases?page=4&per_page=5', john);
    expect(status).toBe(200);
    expect(body.data).toEqual([]);
    expect(body.meta).toEqual({ page: 4, per_page: 5, total: 12, total_pages: 3 });
  });

  it('the last page holds the rest', async () => {
    const { body } = await get('/api/v1/purchases?page=3&per_page=5', john);
    expect(body.data).toHaveLength(2);
  });

  it('refuse bad values with the field and the reason', async () => {
    await expectBad('/api/v1/catalog/items?per_page=0', 'per_page', 'must be an integer between 1 and 100');
    await expectBad('/api/v1/catalog/items?per_page=101', 'per_page', 'must be an integer between 1 and 100');
    await expectBad('/api/v1/catalog/items?per_page=ten', 'per_page', 'must be an integer between 1 and 100');
    await expectBad('/api/v1/catalog/items?page=-1', 'page', 'must be a positive integer');
    await expectBad('/api/v1/catalog/items?page=1.5', 'page', 'must be a positive integer');
    await expectBad('/api/v1/catalog/items?page=102&per_page=100', 'page', /use the cursor parameter/);
  });
});

describe('sort', () => {
  it('takes the documented keys, - for descending', async () => {
    const asc = (await get('/api/v1/catalog/items?sort=price&per_page=100')).body.data.map(
      (item: { price: { regular: number } }) => item.price.regular,
    );
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await get('/api/v1/catalog/items?sort=-price&per_page=100')).body.data.map(
      (item: { price: { regular: number } }) => item.price.regular,
    );
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
  });

  it('refuses other keys, listing the valid ones', async () => {
    await expectBad(
      '/api/v1/catalog/items?sort=rating',
      'sort',
      'must be one of: -published_at, published_at, price, -price, name, -name, -downloads, downloads',
    );
  });
});

describe('filter[…] and search', () => {
  it('narrow the list', async () => {
    const { body } = await get('/api/v1/catalog/items?filter[type]=plugin&filter[min_price]=20&filter[max_price]=30&per_page=100');
    expect(body.meta.total).toBe(
      await t.db.prisma.item.count({ where: { status: 'PUBLISHED', type: 'PLUGIN', regularPriceCents: { gte: 2000, lte: 3000 } } }),
    );
    for (const item of body.data) {
      expect(item.type).toBe('plugin');
      expect(item.price.regular).toBeGreaterThanOrEqual(20);
      expect(item.price.regular).toBeLessThanOrEqual(30);
    }
    // The month of johndoe's newest purchase (the demo data ends when it was seeded), from its 1st to the next 1st.
    const johndoe = await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    const newest = await t.db.prisma.ledgerEntry.findFirstOrThrow({
      where: { accountId: johndoe.id, kind: 'PURCHASE' },
      orderBy: { createdAt: 'desc' },
    });
    const from = new Date(Date.UTC(newest.createdAt.getUTCFullYear(), newest.createdAt.getUTCMonth(), 1));
    const to = new Date(Date.UTC(newest.createdAt.getUTCFullYear(), newest.createdAt.getUTCMonth() + 1, 1));
    const day = from.toISOString().slice(0, 10);
    const statement = await get(
      `/api/v1/statements?filter[kind]=purchase,deposit&filter[from]=${day}&filter[to]=${to.toISOString()}&per_page=100`,
      john,
    );
    const expected = await t.db.prisma.ledgerEntry.count({
      where: { accountId: johndoe.id, kind: { in: ['PURCHASE', 'DEPOSIT'] }, createdAt: { gte: from, lt: to } },
    });
    expect(expected).toBeGreaterThan(0);
    expect(statement.body.data).toHaveLength(expected);
    for (const line of statement.body.data) {
      expect(['purchase', 'deposit']).toContain(line.kind);
      expect(line.date >= from.toISOString().slice(0, 19) && line.date < to.toISOString().slice(0, 19)).toBe(true);
    }
  });

  it('an empty filter value is no filter', async () => {
    const all = await get('/api/v1/catalog/items');
    expect((await get('/api/v1/catalog/items?filter[type]=')).body.meta.total).toBe(all.body.meta.total);
  });

  it('refuse unknown filters and bad values, naming the filter', async () => {
    await expectBad(
      '/api/v1/catalog/items?filter[color]=red',
      'filter[color]',
      /is not a filter of this list; filters: category, sub_category, type/,
    );
    await expectBad('/api/v1/catalog/items?filter=theme', 'filter', /in brackets/);
    await expectBad('/api/v1/catalog/items?filter[type]=font', 'filter[type]', 'must be one of: theme, plugin, script, audio, video');
    await expectBad('/api/v1/catalog/items?filter[max_price]=-1', 'filter[max_price]', 'must be an amount such as 19.99');
    await expectBad(`/api/v1/catalog/items?search=${'x'.repeat(201)}`, 'search', 'must be at most 200 characters');
    // The schema's own checks come through with their field too.
    await expectBad(
      '/api/v1/catalog/items?filter[min_price]=50&filter[max_price]=10',
      'filter[min_price]',
      'must not be greater than filter[max_price]',
    );
  });
});

describe('cursor pagination (003_…)', () => {
  it('answers pagination {hasMore, nextCursor, total} instead of meta', async () => {
    const first = await get('/api/v1/purchases?cursor=&per_page=5', john);
    expect(first.body.meta).toBeUndefined();
    expect(first.body.pagination).toEqual({ hasMore: true, nextCursor: expect.any(String), total: 12 });
    const second = await get(`/api/v1/purchases?cursor=${first.body.pagination.nextCursor}&per_page=5`, john);
    const paged = await get('/api/v1/purchases?page=2&per_page=5', john);
    expect(second.body.data).toEqual(paged.body.data);
    const third = await get(`/api/v1/purchases?cursor=${second.body.pagination.nextCursor}&per_page=5`, john);
    expect(third.body.data).toHaveLength(2);
    expect(third.body.pagination).toEqual({ hasMore: false, total: 12 });
  });

  it('refuses a cursor of another sort or filter, a foreign cursor, and cursor with page', async () => {
    const first = await get('/api/v1/catalog/items?cursor=&sort=price', undefined);
    const cursor = first.body.pagination.nextCursor;
    await expectBad(`/api/v1/catalog/items?cursor=${cursor}&sort=-price`, 'cursor', /another sort, filter or search/);
    await expectBad(`/api/v1/catalog/items?cursor=${cursor}&sort=price&filter[type]=theme`, 'cursor', /another sort, filter or search/);
    await expectBad('/api/v1/catalog/items?cursor=bm90LWEtY3Vyc29y', 'cursor', 'is not a cursor this API issued');
    await expectBad(`/api/v1/catalog/items?cursor=${cursor}&sort=price&page=2`, 'cursor', /cannot be combined with page/);
    // Issued for this list, but with the inner cursor tampered with: the schema refuses it, still a 400.
    const issued = (await get('/api/v1/purchases?cursor=&per_page=1', john)).body.pagination.nextCursor;
    const { s, f } = JSON.parse(Buffer.from(issued, 'base64url').toString());
    const { status, body } = await get(`/api/v1/purchases?cursor=${encodeListCursor(s, f, 'garbage')}`, john);
    expect(status).toBe(400);
    expect(body.msg).toMatch(/cursor/i);
  });
});
