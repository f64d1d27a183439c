// Catalog search: the filters and sort orders of the public item listing (`items`, which
// the REST listings run too), checked and turned into the conditions of one plain
// statement (src/catalog/catalog-page.ts). Every value travels as a parameter.
import type { ItemType } from '../generated/prisma/enums';
import { badInput } from '../graphql/errors';
import { LISTED_STATUSES } from './visibility';

export interface CatalogFilter {
  text?: string | null;
  category?: string | null;
  subCategory?: string | null;
  type?: ItemType | null;
  tags?: readonly string[] | null;
  minPriceCents?: number | null;
  maxPriceCents?: number | null;
  authorUsername?: string | null;
}

export const CATALOG_SORTS = ['NEWEST', 'OLDEST', 'PRICE_ASC', 'PRICE_DESC', 'POPULAR', 'BEST_SELLING', 'NAME'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];

/** The sort key of each order and its direction; every order ends with the id, so pages are stable when the key ties. */
export const CATALOG_ORDERS: Record<CatalogSort, { column: string; descending: boolean }> = {
  NEWEST: { column: 'published_at', descending: true },
  OLDEST: { column: 'published_at', descending: false },
  PRICE_ASC: { column: 'regular_price_cents', descending: false },
  PRICE_DESC: { column: 'regular_price_cents', descending: true },
  POPULAR: { column: 'download_count', descending: true },
  BEST_SELLING: { column: 'sales_count', descending: true },
  NAME: { column: 'name', descending: false },
};

/** The WHERE of a catalog statement over `"t0"` (the items), and its parameters from `$1`. */
export interface CatalogConditions {
  where: string;
  params: unknown[];
}

/** `contains` as a LIKE pattern: the text's own % and _ and \ match themselves. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

// The listed statuses are constants of the code, written into the statement.
const LISTED = `"t0"."status" IN (${LISTED_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** Checks the filter (BAD_USER_INPUT naming the argument) and writes its conditions. */
export function catalogConditions(filter: CatalogFilter): CatalogConditions {
  const params: unknown[] = [];
  const parameter = (value: unknown) => `$${params.push(value)}`;
  const where = [LISTED];
  const text = filter.text?.trim();
  if (text) {
    if (text.length > 200) throw badInput('text', 'must be at most 200 characters');
    const pattern = parameter(containsPattern(text));
    where.push(
      `("t0"."name" ILIKE ${pattern} OR "t0"."description" ILIKE ${pattern} OR "t0"."tags" @> ARRAY[${parameter(text.toLowerCase())}]::text[])`,
    );
  }
  // Slugs and usernames are unique: a filter on one matches one row or none.
  if (filter.category) where.push(`"t0"."category_id" IN (SELECT "id" FROM "public"."categories" WHERE "slug" = ${parameter(filter.category)})`);
  if (filter.subCategory) {
    where.push(`"t0"."sub_category_id" IN (SELECT "id" FROM "public"."categories" WHERE "slug" = ${parameter(filter.subCategory)})`);
  }
  if (filter.type) where.push(`"t0"."type" = ${parameter(filter.type)}::"public"."ItemType"`);
  if (filter.tags?.length) where.push(`"t0"."tags" @> ${parameter(filter.tags.map((tag) => tag.toLowerCase()))}::text[]`);
  if (filter.authorUsername) {
    where.push(`"t0"."author_id" IN (SELECT "id" FROM "public"."accounts" WHERE "username" = ${parameter(filter.authorUsername)})`);
  }
  const min = filter.minPriceCents;
  const max = filter.maxPriceCents;
  if (min != null && min < 0) throw badInput('minPrice', 'must not be negative');
  if (max != null && max < 0) throw badInput('maxPrice', 'must not be negative');
  if (min != null && max != null && min > max) throw badInput('minPrice', 'must not be greater than maxPrice');
  if (min != null) where.push(`"t0"."regular_price_cents" >= ${parameter(min)}`);
  if (max != null) where.push(`"t0"."regular_price_cents" <= ${parameter(max)}`);
  return { where: where.join(' AND '), params };
}
