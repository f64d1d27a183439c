// The catalog in GraphQL: items, their versions and categories, public search.
import { Account } from '../accounts/schema';
import type { Category as CategoryModel, Item as ItemModel, ItemVersion as ItemVersionModel } from '../generated/prisma/client';
import { ItemStatus, ItemType } from '../generated/prisma/enums';
import { scopeRule } from '../graphql/authorization';
import { builder } from '../graphql/builder';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import type { Context } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { loadPage } from '../graphql/pages';
import { atMost } from '../graphql/validation';

/** Tags a catalog filter may name: an item carries at most 20. */
const MAX_TAG_FILTERS = 20;
import { parseAmount } from '../shared/money';
import { Money, money } from '../shared/money-schema';
import { CATALOG_SORTS, catalogOrderBy, catalogWhere, type CatalogSort } from './search';
import { isItemVisible, visibleItemWhere } from './visibility';

export const ItemTypeEnum = builder.enumType(ItemType, {
  name: 'ItemType',
  description: 'What kind of digital good an item is.',
});

export const ItemStatusEnum = builder.enumType(ItemStatus, {
  name: 'ItemStatus',
  description: 'PUBLISHED items are listed; UNLISTED ones are reachable by id or slug only; DRAFT and REMOVED only by their author.',
});

export const CatalogSortEnum = builder.enumType('CatalogSort', {
  values: CATALOG_SORTS,
  description: 'Order of a catalog listing. Every order is made stable by the item id.',
});

type CategoryRow = CategoryModel;
const CATEGORY_ORDER = [{ position: 'asc' as const }, { id: 'asc' as const }];

export const Category = builder.loadableNodeRef('Category', {
  id: { resolve: (category: CategoryRow) => category.id, parse: (id) => Number(id) },
  load: (ids: number[], context: Context) => context.services.db.prisma.category.findMany({ where: { id: { in: ids } } }),
  sort: (category: CategoryRow) => category.id,
});

Category.implement({
  description: 'A catalog category; sub-categories have a parent.',
  authScopes: { public: true },
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id used by the REST API.', authScopes: { public: true } }),
    name: t.exposeString('name', { authScopes: { public: true } }),
    slug: t.exposeString('slug', { authScopes: { public: true } }),
    parent: t.field({ type: Category, nullable: true, authScopes: { public: true }, resolve: (category) => category.parentId }),
    subCategories: t.loadableGroup({
      type: Category,
      authScopes: { public: true },
      // The sub-categories of every category of the answer, in one statement.
      load: (parentIds: number[], context: Context) =>
        context.services.db.prisma.category.findMany({ where: { parentId: { in: parentIds } }, orderBy: CATEGORY_ORDER }),
      group: (category) => (category as CategoryRow).parentId!,
      resolve: (category) => category.id,
    }),
  }),
});

const ItemMedia = builder.objectRef<{
  thumbnailUrl: string | null;
  previewImageUrl: string | null;
  previewVideoUrl: string | null;
  previewAudioUrl: string | null;
  screenshots: string[];
}>('ItemMedia');
ItemMedia.implement({
  description: 'Pictures and previews of an item. Which previews exist depends on its type.',
  fields: (t) => ({
    thumbnail: t.exposeString('thumbnailUrl', { nullable: true }),
    previewImage: t.exposeString('previewImageUrl', { nullable: true, description: 'Absent for audio items.' }),
    previewVideo: t.exposeString('previewVideoUrl', { nullable: true, description: 'Video items only.' }),
    previewAudio: t.exposeString('previewAudioUrl', { nullable: true, description: 'Audio items only.' }),
    screenshots: t.exposeStringList('screenshots'),
  }),
});

const ItemPrice = builder.objectRef<{ regular: number; extended: number; currency: string }>('ItemPrice');
ItemPrice.implement({
  description: 'The price of each license.',
  fields: (t) => ({
    regular: t.field({ type: Money, resolve: (price) => money(price.regular, price.currency) }),
    extended: t.field({ type: Money, resolve: (price) => money(price.extended, price.currency) }),
  }),
});

type ItemRow = ItemModel;
type VersionRow = ItemVersionModel;

/** Items by id that the caller may see. */
export function loadVisibleItems(ids: readonly number[], context: Context): Promise<ItemRow[]> {
  return context.services.db.prisma.item.findMany({ where: { id: { in: [...ids] }, ...visibleItemWhere(context.viewer) } });
}

/**
 * Granted by the payloads of the author's mutations: the item they just wrote is readable
 * by its author even where the catalog's rule hides it (a draft, read without items:read).
 */
export const JUST_WRITTEN = 'itemJustWritten';
const WRITTEN_BY_VIEWER = { $granted: JUST_WRITTEN } as const;

export const Item = builder.loadableNodeRef('Item', {
  id: { resolve: (item: ItemRow) => item.id, parse: (id) => Number(id) },
  load: (ids: number[], context: Context) => loadVisibleItems(ids, context),
  sort: (item: ItemRow) => item.id,
});

export const ItemVersion = builder.loadableNode('ItemVersion', {
  id: { resolve: (version) => version.id, parse: (id) => Number(id) },
  description: 'A released version of an item, with its changelog.',
  // A version is as visible as its item: node(id:) must not reveal a draft's releases.
  load: (ids: number[], context: Context) =>
    context.services.db.prisma.itemVersion.findMany({ where: { id: { in: ids }, item: visibleItemWhere(context.viewer) } }),
  sort: (version: VersionRow) => version.id,
  authScopes: { public: true },
  fields: (t) => ({
    version: t.exposeString('version', { authScopes: { public: true } }),
    changelog: t.exposeString('changelog', { authScopes: { public: true } }),
    releasedAt: t.expose('releasedAt', { type: 'DateTime', authScopes: { public: true } }),
    fileName: t.exposeString('fileName', { authScopes: { public: true } }),
    fileSize: t.exposeInt('fileSize', { description: 'Bytes.', authScopes: { public: true } }),
    item: t.field({
      type: Item,
      nullable: true,
      description: 'The item released; null when it is not visible to you (a draft of someone else, or read without items:read).',
      authScopes: { public: true },
      resolve: (version) => version.itemId,
    }),
  }),
});

Item.implement({
  description: 'A digital good on sale: a theme, plugin, script, audio or video.',
  // node(id:) must not reveal someone else's draft. An author's mutation may show what it just wrote.
  authScopes: scopeRule([], (item: ItemRow, context: Context) => isItemVisible(item, context.viewer) || WRITTEN_BY_VIEWER),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id used by the REST API.', authScopes: { public: true } }),
    name: t.exposeString('name', { authScopes: { public: true } }),
    slug: t.exposeString('slug', { authScopes: { public: true } }),
    description: t.exposeString('description', { authScopes: { public: true } }),
    type: t.expose('type', { type: ItemTypeEnum, authScopes: { public: true } }),
    status: t.expose('status', { type: ItemStatusEnum, authScopes: { public: true } }),
    category: t.field({ type: Category, authScopes: { public: true }, resolve: (item) => item.categoryId }),
    subCategory: t.field({ type: Category, nullable: true, authScopes: { public: true }, resolve: (item) => item.subCategoryId }),
    author: t.field({ type: Account, authScopes: { public: true }, resolve: (item) => item.authorId }),
    options: t.exposeStringList('options', { authScopes: { public: true } }),
    tags: t.exposeStringList('tags', { authScopes: { public: true } }),
    demoUrl: t.exposeString('demoUrl', { nullable: true, authScopes: { public: true } }),
    media: t.field({ type: ItemMedia, authScopes: { public: true }, resolve: (item) => item }),
    price: t.field({
      type: ItemPrice,
      authScopes: { public: true },
      resolve: (item) => ({ regular: item.regularPriceCents, extended: item.extendedPriceCents, currency: item.currency }),
    }),
    currency: t.exposeString('currency', { authScopes: { public: true } }),
    supportMonths: t.exposeInt('supportMonths', {
      description: 'Months of author support a purchase includes; 0 when the item is unsupported.',
      authScopes: { public: true },
    }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true, authScopes: { public: true } }),
    downloadCount: t.exposeInt('downloadCount', { authScopes: { public: true } }),
    latestVersion: t.exposeString('latestVersion', {
      nullable: true,
      description: 'The newest version number, e.g. "1.2.0".',
      authScopes: { public: true },
    }),
    versions: t.connection(
      {
        type: ItemVersion,
        authScopes: { public: true },
        description: 'Released versions, newest first.',
        args: offsetArgument(),
        resolve: (item, args, context) => {
          const where = { itemId: item.id };
          const versions = context.services.db.prisma.itemVersion;
          return loadPage(
            args,
            (page) => versions.findMany({ ...page, where, orderBy: [{ releasedAt: 'desc' }, { id: 'desc' }] }),
            () => versions.count({ where }),
          );
        },
      },
      withTotalCount,
    ),
    createdAt: t.expose('createdAt', { type: 'DateTime', authScopes: { public: true } }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', authScopes: { public: true } }),
  }),
});

const CatalogFilterInput = builder.inputType('CatalogFilter', {
  description: 'Narrows a catalog listing. All given filters must match.',
  fields: (t) => ({
    text: t.string({ required: false, description: 'Words in the name or description, or a tag.' }),
    category: t.string({ required: false, description: 'Category slug.' }),
    subCategory: t.string({ required: false, description: 'Sub-category slug.' }),
    type: t.field({ type: ItemTypeEnum, required: false }),
    tags: t.stringList({
      required: false,
      ...atMost(MAX_TAG_FILTERS),
      description: `Items carrying every one of these tags (at most ${MAX_TAG_FILTERS}).`,
    }),
    minPrice: t.string({ required: false, description: 'Lowest regular price, as a decimal string ("10.00").' }),
    maxPrice: t.string({ required: false, description: 'Highest regular price, as a decimal string.' }),
    author: t.string({ required: false, description: 'Author username.' }),
  }),
});

/** No price is above what its 32-bit column holds: a bound beyond it means the same as it. */
const HIGHEST_PRICE_CENTS = 2_147_483_647;

function priceArgument(field: string, value: string | null | undefined): number | null {
  if (value == null) return null;
  const cents = parseAmount(value);
  if (cents === null) throw badInput(field, 'must be a decimal amount such as "19.99"');
  return Math.min(cents, HIGHEST_PRICE_CENTS);
}

builder.queryFields((t) => ({
  items: t.connection(
    {
      type: Item,
      description: 'Search the public catalog (published items only). Pages hold at most 100 items.',
      authScopes: { public: true },
      args: {
        filter: t.arg({ type: CatalogFilterInput, required: false }),
        sort: t.arg({ type: CatalogSortEnum, required: false, defaultValue: 'NEWEST' }),
        ...offsetArgument(),
      },
      resolve: (_root, args, context) => {
        const where = whereFor(args.filter);
        const items = context.services.db.prisma.item;
        return loadPage(
          args,
          (page) => items.findMany({ ...page, where, orderBy: catalogOrderBy(args.sort as CatalogSort) }),
          () => items.count({ where }),
        );
      },
    },
    withTotalCount,
  ),
  item: t.field({
    type: Item,
    nullable: true,
    description: 'One item by its global id, numeric id or slug (exactly one of them).',
    authScopes: { public: true },
    args: {
      id: t.arg.globalID({ for: [Item], required: false }),
      databaseId: t.arg.int({ required: false }),
      slug: t.arg.string({ required: false }),
    },
    resolve: (_root, args, context) => {
      const given = [args.id, args.databaseId, args.slug].filter((value) => value != null);
      if (given.length !== 1) throw badInput('id', 'give exactly one of id, databaseId or slug');
      const key = args.id ? { id: Number(args.id.id) } : args.databaseId != null ? { id: args.databaseId } : { slug: args.slug! };
      return context.services.db.prisma.item.findFirst({ where: { AND: [key, visibleItemWhere(context.viewer)] } });
    },
  }),
  categories: t.field({
    type: [Category],
    description: 'Top-level categories, each with its sub-categories.',
    authScopes: { public: true },
    resolve: (_root, _args, context) => context.services.db.prisma.category.findMany({ where: { parentId: null }, orderBy: CATEGORY_ORDER }),
  }),
}));

function whereFor(filter: typeof CatalogFilterInput.$inferInput | null | undefined) {
  return catalogWhere({
    ...filter,
    authorUsername: filter?.author,
    minPriceCents: priceArgument('minPrice', filter?.minPrice),
    maxPriceCents: priceArgument('maxPrice', filter?.maxPrice),
  });
}
