// The catalog in GraphQL: items, their versions and categories, public search.
import { ItemStatus, ItemType } from '../generated/prisma/enums';
import { builder } from '../graphql/builder';
import { badInput } from '../graphql/errors';
import { atMost } from '../graphql/validation';

/** Tags a catalog filter may name: an item carries at most 20. */
const MAX_TAG_FILTERS = 20;
import { parseAmount } from '../shared/money';
import { Money, money } from '../shared/money-schema';
import { CATALOG_SORTS, catalogOrderBy, catalogWhere, type CatalogSort } from './search';
import { isWrittenInRequest } from './authoring';
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

export const Category = builder.prismaNode('Category', {
  id: { field: 'id' },
  nullable: true,
  description: 'A catalog category; sub-categories have a parent.',
  select: { id: true },
  authScopes: { public: true },
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id used by the REST API.', authScopes: { public: true } }),
    name: t.exposeString('name', { authScopes: { public: true } }),
    slug: t.exposeString('slug', { authScopes: { public: true } }),
    parent: t.relation('parent', { nullable: true, authScopes: { public: true } }),
    subCategories: t.relation('subCategories', {
      authScopes: { public: true },
      query: { orderBy: [{ position: 'asc' }, { id: 'asc' }] },
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

export const ItemVersion = builder.prismaNode('ItemVersion', {
  id: { field: 'id' },
  nullable: true,
  // node(id:) of a version the caller may not see finds nothing, like an unknown id.
  findUnique: (id, context) => ({ id: Number(id), item: visibleItemWhere(context.viewer) }),
  description: 'A released version of an item, with its changelog.',
  // A version is as visible as its item: node(id:) must not reveal a draft's releases.
  select: { id: true, itemId: true, item: { select: { status: true, authorId: true } } },
  authScopes: (version, context) => isItemVisible(version.item, context.viewer) || isWrittenInRequest(context, version.itemId),
  fields: (t) => ({
    version: t.exposeString('version', { authScopes: { public: true } }),
    changelog: t.exposeString('changelog', { authScopes: { public: true } }),
    releasedAt: t.expose('releasedAt', { type: 'DateTime', authScopes: { public: true } }),
    fileName: t.exposeString('fileName', { authScopes: { public: true } }),
    fileSize: t.exposeInt('fileSize', { description: 'Bytes.', authScopes: { public: true } }),
    item: t.relation('item', { authScopes: { public: true } }),
  }),
});

export const Item = builder.prismaNode('Item', {
  id: { field: 'id' },
  nullable: true,
  // node(id:) of an item the caller may not see finds nothing, like an unknown id (an
  // author's mutation may still show what it just wrote).
  findUnique: (id, context) =>
    isWrittenInRequest(context, Number(id)) ? { id: Number(id) } : { id: Number(id), AND: [visibleItemWhere(context.viewer)] },
  description: 'A digital good on sale: a theme, plugin, script, audio or video.',
  // Select mode (columns on demand; what the visibility rule reads is always there).
  select: { id: true, status: true, authorId: true },
  // node(id:) must not reveal someone else's draft. An author's mutation may show what it just wrote.
  authScopes: (item, context) => isItemVisible(item, context.viewer) || isWrittenInRequest(context, item.id),
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id used by the REST API.', authScopes: { public: true } }),
    name: t.exposeString('name', { authScopes: { public: true } }),
    slug: t.exposeString('slug', { authScopes: { public: true } }),
    description: t.exposeString('description', { authScopes: { public: true } }),
    type: t.expose('type', { type: ItemTypeEnum, authScopes: { public: true } }),
    status: t.expose('status', { type: ItemStatusEnum, authScopes: { public: true } }),
    category: t.relation('category', { authScopes: { public: true } }),
    subCategory: t.relation('subCategory', { nullable: true, authScopes: { public: true } }),
    author: t.relation('author', { authScopes: { public: true } }),
    options: t.exposeStringList('options', { authScopes: { public: true } }),
    tags: t.exposeStringList('tags', { authScopes: { public: true } }),
    demoUrl: t.exposeString('demoUrl', { nullable: true, authScopes: { public: true } }),
    media: t.field({
      type: ItemMedia,
      authScopes: { public: true },
      select: { thumbnailUrl: true, previewImageUrl: true, previewVideoUrl: true, previewAudioUrl: true, screenshots: true },
      resolve: (item) => item,
    }),
    price: t.field({
      type: ItemPrice,
      authScopes: { public: true },
      select: { regularPriceCents: true, extendedPriceCents: true, currency: true },
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
    versions: t.relatedConnection('versions', {
      cursor: 'id',
      authScopes: { public: true },
      totalCount: true,
      query: { orderBy: [{ releasedAt: 'desc' }, { id: 'desc' }] },
      description: 'Released versions, newest first.',
    }),
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
    tags: t.stringList({ required: false, ...atMost(MAX_TAG_FILTERS), description: `Items carrying every one of these tags (at most ${MAX_TAG_FILTERS}).` }),
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
  items: t.prismaConnection(
    {
      type: 'Item',
      cursor: 'id',
      description: 'Search the public catalog (published items only). Pages hold at most 100 items.',
      authScopes: { public: true },
      args: {
        filter: t.arg({ type: CatalogFilterInput, required: false }),
        sort: t.arg({ type: CatalogSortEnum, required: false, defaultValue: 'NEWEST' }),
      },
      resolve: (query, _root, args, context) =>
        context.services.db.prisma.item.findMany({
          ...query,
          where: whereFor(args.filter),
          orderBy: catalogOrderBy(args.sort as CatalogSort),
        }),
      totalCount: (_root, args, context) => context.services.db.prisma.item.count({ where: whereFor(args.filter) }),
    },
    {},
    {},
  ),
  item: t.prismaField({
    type: 'Item',
    nullable: true,
    description: 'One item by its global id, numeric id or slug (exactly one of them).',
    authScopes: { public: true },
    args: {
      id: t.arg.globalID({ for: [Item], required: false }),
      databaseId: t.arg.int({ required: false }),
      slug: t.arg.string({ required: false }),
    },
    resolve: (query, _root, args, context) => {
      const given = [args.id, args.databaseId, args.slug].filter((value) => value != null);
      if (given.length !== 1) throw badInput('id', 'give exactly one of id, databaseId or slug');
      const key = args.id ? { id: Number(args.id.id) } : args.databaseId != null ? { id: args.databaseId } : { slug: args.slug! };
      return context.services.db.prisma.item.findFirst({ ...query, where: { AND: [key, visibleItemWhere(context.viewer)] } });
    },
  }),
  categories: t.prismaField({
    type: ['Category'],
    description: 'Top-level categories, each with its sub-categories.',
    authScopes: { public: true },
    resolve: (query, _root, _args, context) =>
      context.services.db.prisma.category.findMany({ ...query, where: { parentId: null }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
  }),
}));

function whereFor(filter: (typeof CatalogFilterInput.$inferInput) | null | undefined) {
  return catalogWhere({
    ...filter,
    authorUsername: filter?.author,
    minPriceCents: priceArgument('minPrice', filter?.minPrice),
    maxPriceCents: priceArgument('maxPrice', filter?.maxPrice),
  });
}
