// A page of the public catalog, and its total, each in one plain statement through the
// driver: the listing every storefront opens (`items`, GET /api/v1/items and the products
// API; request 3 of docs/benchmarks.md). Same paging as findMany (src/graphql/pages.ts):
// `take` rows (negative: from the end of the order), after `skip`, from the `cursor` row
// included, in the list's order; a cursor row that does not exist answers no rows.
// test/catalog/catalog-page.test.ts holds it to Prisma's findMany over every filter and
// order. Besides its CPU (docs/benchmarks.md), findMany had a cost here: from a cursor on
// an order by a nullable column (NEWEST, OLDEST) it sent no LIMIT and cut the page in
// memory, reading every row after the cursor.
import type { Database } from '../db/client';
import type { ItemStatement } from '../db/joined-items';
import type { ItemRow } from '../db/rows-by-id';
import type { PageQuery } from '../graphql/pages';
import { CATALOG_ORDERS, type CatalogConditions, type CatalogSort } from './search';

// A backward page reads the order reversed, then turns its rows back. The cursor row's
// (key, id) bounds the page; listed items always have their key (publishedAt is set on
// publishing). NEWEST/OLDEST and BEST_SELLING have an index on (status, key, id) that
// serves both directions; the other orders sort the filtered rows.
function statement(sort: CatalogSort, conditions: CatalogConditions, query: PageQuery, selectFrom: string): { sql: string; params: unknown[] } {
  const { column, descending } = CATALOG_ORDERS[sort];
  const backward = query.take < 0;
  const order = descending !== backward ? 'DESC' : 'ASC';
  const params = [...conditions.params];
  const parameter = (value: unknown) => `$${params.push(value)}`;
  let where = conditions.where;
  if (query.cursor) {
    const cursorRow = `(SELECT "c"."${column}", "c"."id" FROM "public"."items" AS "c" WHERE "c"."id" = ${parameter(query.cursor.id)})`;
    where += ` AND ("t0"."${column}", "t0"."id") ${order === 'DESC' ? '<=' : '>='} ${cursorRow}`;
  }
  const page = `LIMIT ${parameter(Math.abs(query.take))} OFFSET ${parameter(query.skip)}`;
  return { sql: `${selectFrom} WHERE ${where} ORDER BY "t0"."${column}" ${order}, "t0"."id" ${order} ${page}`, params };
}

/** The page's items, read by `table`: the card or every column, and the relations shown (src/db/joined-items.ts). */
export async function catalogPage(
  db: Database,
  sort: CatalogSort,
  conditions: CatalogConditions,
  query: PageQuery,
  table: ItemStatement,
): Promise<ItemRow[]> {
  const { sql, params } = statement(sort, conditions, query, table.selectFrom);
  const rows = (await db.query<Record<string, unknown>>(sql, params)).map(table.convert);
  return query.take < 0 ? rows.reverse() : rows;
}

export async function catalogCount(db: Database, conditions: CatalogConditions): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    `SELECT COUNT(*)::int AS "count" FROM "public"."items" AS "t0" WHERE ${conditions.where}`,
    conditions.params,
  );
  return row!.count;
}
