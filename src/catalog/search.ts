// Catalog search: the filters and sort orders of the public item listing, turned into
// one Prisma `where` and `orderBy`. Shared by GraphQL (`items`) and the REST listings.
import type { Prisma } from '../generated/prisma/client';
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

export function catalogWhere(filter: CatalogFilter): Prisma.ItemWhereInput {
  const where: Prisma.ItemWhereInput[] = [{ status: { in: [...LISTED_STATUSES] } }];
  const text = filter.text?.trim();
  if (text) {
    if (text.length > 200) throw badInput('text', 'must be at most 200 characters');
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
  const min = filter.minPriceCents;
  const max = filter.maxPriceCents;
  if (min != null && min < 0) throw badInput('minPrice', 'must not be negative');
  if (max != null && max < 0) throw badInput('maxPrice', 'must not be negative');
  if (min != null && max != null && min > max) throw badInput('minPrice', 'must not be greater than maxPrice');
  if (min != null || max != null) {
    where.push({ regularPriceCents: { ...(min != null && { gte: min }), ...(max != null && { lte: max }) } });
  }
  return where.length === 1 ? where[0]! : { AND: where };
}

/** Every order ends with the id so pages are stable when the sort key ties. */
export function catalogOrderBy(sort: CatalogSort): Prisma.ItemOrderByWithRelationInput[] {
  switch (sort) {
    case 'NEWEST':
      return [{ publishedAt: 'desc' }, { id: 'desc' }];
    case 'OLDEST':
      return [{ publishedAt: 'asc' }, { id: 'asc' }];
    case 'PRICE_ASC':
      return [{ regularPriceCents: 'asc' }, { id: 'asc' }];
    case 'PRICE_DESC':
      return [{ regularPriceCents: 'desc' }, { id: 'desc' }];
    case 'POPULAR':
      return [{ downloadCount: 'desc' }, { id: 'desc' }];
    case 'BEST_SELLING':
      return [{ salesCount: 'desc' }, { id: 'desc' }];
    case 'NAME':
      return [{ name: 'asc' }, { id: 'asc' }];
  }
}
