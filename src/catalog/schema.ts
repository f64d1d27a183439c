// The catalog in GraphQL: items, their versions and categories, public search.
import { Account } from '../accounts/schema';
import type { Category as CategoryModel, ItemVersion as ItemVersionModel } from '../generated/prisma/client';
import { type ItemStatement, itemStatement, itemsById } from '../db/joined-items';
import { categoriesById, type ItemRow, type ItemWideField } from '../db/rows-by-id';
import { ItemStatus, ItemType } from '../generated/prisma/enums';
import { scopeRule } from '../graphql/authorization';
import { builder } from '../graphql/builder';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import type { Context } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { loadPage } from '../graphql/pages';
import { atMost } from '../graphql/validation';
import { needsWideColumns, readsRelation, wideColumn } from '../graphql/wide-columns';

/** Tags a catalog filter may name: an item carries at most 20. */
const MAX_TAG_FILTERS = 20;
import { parseAmount } from '../shared/money';
import { Money, money } from '../shared/money-schema';
import { catalogCount, catalogPage } from './catalog-page';
import { CATALOG_SORTS, catalogConditions, type CatalogSort } from './search';
import { isItemVisible, visibleItemWhere } from './visibility';

export const ItemTypeEnum = builder.enumType(ItemType, {
  name: 'ItemType',
  description: 'What kind of digital good an item is.',
  values: {
    THEME: { description: 'A theme or template for a site or shop.' },
    PLUGIN: { description: 'A plugin that extends an application or a site.' },
    SCRIPT: { description: 'A script or small application.' },
    AUDIO: { description: 'Music or sound effects: may have an audio preview, never an image preview.' },
    VIDEO: { description: 'Footage or motion graphics: may have a video preview.' },
  },
});

export const ItemStatusEnum = builder.enumType(ItemStatus, {
  name: 'ItemStatus',
  description: 'PUBLISHED items are listed; UNLISTED ones are reachable by id or slug only; DRAFT and REMOVED only by their author.',
  values: {
    DRAFT: { description: 'Not yet public: only its author sees it (with scope items:read). New items start as drafts.' },
    PUBLISHED: { description: 'Listed and searchable in the catalog; anyone can see and buy it.' },
    UNLISTED: { description: 'Left out of listings and search, but anyone with its id or slug can see and buy it.' },
    REMOVED: {
      description:
        'Taken down by the marketplace: only its author sees it (with items:read); it cannot be bought or changed, but buyers can still download it.',
    },
  },
});

const CATALOG_SORT_DESCRIPTIONS: Record<CatalogSort, string> = {
  NEWEST: 'Most recently published first.',
  OLDEST: 'Earliest published first.',
  PRICE_ASC: 'Lowest regular price first.',
  PRICE_DESC: 'Highest regular price first.',
  POPULAR:
    'Most downloaded first (downloadCount: every download link a buyer fetched counts once). It follows use, not sales: ' +
    'a purchase never downloaded adds nothing, one downloaded through three links adds three. For sales, BEST_SELLING.',
  BEST_SELLING: 'Most sold first (salesCount: purchases that were not refunded), ties broken by the newest item (id).',
  NAME: 'By name, in ascending order.',
};

export const CatalogSortEnum = builder.enumType('CatalogSort', {
  // In the order of CATALOG_SORTS, each value with its description.
  values: Object.fromEntries(CATALOG_SORTS.map((sort) => [sort, { description: CATALOG_SORT_DESCRIPTIONS[sort] }])) as Record<
    CatalogSort,
    { description: string }
  >,
  description: 'Order of a catalog listing. Every order is made stable by the item id.',
});

type CategoryRow = CategoryModel;
const CATEGORY_ORDER = [{ position: 'asc' as const }, { id: 'asc' as const }];

export const Category = builder.loadableNodeRef('Category', {
  id: { resolve: (category: CategoryRow) => category.id, parse: (id) => Number(id) },
  load: (ids: number[], context: Context) => categoriesById(context.services.db, ids),
  sort: (category: CategoryRow) => category.id,
});

Category.implement({
  description: 'A catalog category; sub-categories have a parent.',
  authScopes: { public: true },
  fields: (t) => ({
    databaseId: t.exposeInt('id', { description: 'The numeric id used by the REST API.', authScopes: { public: true } }),
    name: t.exposeString('name', { description: 'The display name, e.g. "Themes".', authScopes: { public: true } }),
    slug: t.exposeString('slug', {
      description: 'The unique name used in filters and item inputs, e.g. "themes".',
      authScopes: { public: true },
    }),
    parent: t.field({
      type: Category,
      nullable: true,
      description: 'The parent category of a sub-category; null for a top-level category.',
      authScopes: { public: true },
      resolve: (category) => category.parentId,
    }),
    subCategories: t.loadableGroup({
      type: Category,
      description: 'Its sub-categories in display order; empty when it has none.',
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
    // URLs: authors can only send absolute http(s) ones (itemRules.media, itemRules.screenshots).
    thumbnail: t.expose('thumbnailUrl', { type: 'URL', nullable: true, description: 'URL of the thumbnail image; null when there is none.' }),
    previewImage: t.expose('previewImageUrl', { type: 'URL', nullable: true, description: 'Absent for audio items.' }),
    previewVideo: t.expose('previewVideoUrl', { type: 'URL', nullable: true, description: 'Video items only.' }),
    previewAudio: t.expose('previewAudioUrl', { type: 'URL', nullable: true, description: 'Audio items only.' }),
    screenshots: t.expose('screenshots', { type: ['URL'], description: 'URLs of screenshots, in display order; empty when there are none.' }),
  }),
});

const ItemPrice = builder.objectRef<{ regular: number; extended: number; currency: string }>('ItemPrice');
ItemPrice.implement({
  description: 'The price of each license.',
  fields: (t) => ({
    regular: t.field({
      type: Money,
      description: 'The price of a REGULAR license; zero for a free item.',
      resolve: (price) => money(price.regular, price.currency),
    }),
    extended: t.field({
      type: Money,
      description: 'The price of an EXTENDED license.',
      resolve: (price) => money(price.extended, price.currency),
    }),
  }),
});

const wide = <Field extends ItemWideField>(item: ItemRow, field: Field) => wideColumn('Item', item, field);
type VersionRow = ItemVersionModel;

/** The item statement for what the operation shows: card or every column, and the relations it selects. */
export function itemStatementFor(context: Context): ItemStatement {
  const author = readsRelation(context, 'Item.author') ? (needsWideColumns(context, 'Account') ? 'full' : 'card') : 'none';
  return itemStatement(needsWideColumns(context, 'Item'), {
    author,
    category: readsRelation(context, 'Item.category'),
    subCategory: readsRelation(context, 'Item.subCategory'),
  });
}

/** Items by id that the caller may see. */
export async function loadVisibleItems(ids: readonly number[], context: Context): Promise<ItemRow[]> {
  const items = await itemsById(context.services.db, ids, itemStatementFor(context));
  return items.filter((item) => isItemVisible(item, context.viewer));
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
    // String, not SemVer: src/catalog/versions.ts allows for stored versions that are not
    // SemVer (it compares them as text), so the type could not promise it.
    version: t.exposeString('version', { description: 'The version number, e.g. "1.2.0".', authScopes: { public: true } }),
    changelog: t.exposeString('changelog', { description: 'What changed in this version.', authScopes: { public: true } }),
    releasedAt: t.expose('releasedAt', { type: 'DateTime', description: 'When the version was published.', authScopes: { public: true } }),
    fileName: t.exposeString('fileName', { description: 'The name of the file buyers download.', authScopes: { public: true } }),
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
    name: t.exposeString('name', { description: 'The display name.', authScopes: { public: true } }),
    slug: t.exposeString('slug', {
      description: 'The unique name made from the name at creation, for links and version checks; it never changes.',
      authScopes: { public: true },
    }),
    description: t.string({
      description: 'The text describing the item; may be empty.',
      authScopes: { public: true },
      resolve: (item) => wide(item, 'description'),
    }),
    type: t.expose('type', { type: ItemTypeEnum, description: 'What kind of good the item is.', authScopes: { public: true } }),
    status: t.expose('status', { type: ItemStatusEnum, description: 'Who can see the item and whether it is listed.', authScopes: { public: true } }),
    category: t.field({
      type: Category,
      description: 'The top-level category.',
      authScopes: { public: true },
      resolve: (item) => item.joined?.category ?? item.categoryId,
    }),
    subCategory: t.field({
      type: Category,
      nullable: true,
      description: 'The sub-category of the category; null when there is none.',
      authScopes: { public: true },
      resolve: (item) => item.joined?.subCategory ?? item.subCategoryId,
    }),
    author: t.field({
      type: Account,
      description: 'The account selling the item. Its private fields (email, balance, role, plan) are for that account only.',
      authScopes: { public: true },
      resolve: (item) => item.joined?.author ?? item.authorId,
    }),
    options: t.stringList({ description: 'The feature list; may be empty.', authScopes: { public: true }, resolve: (item) => wide(item, 'options') }),
    tags: t.stringList({ description: 'Lower-case tags; may be empty.', authScopes: { public: true }, resolve: (item) => wide(item, 'tags') }),
    demoUrl: t.field({
      type: 'URL',
      nullable: true,
      description: 'URL of a live demo; null when there is none.',
      authScopes: { public: true },
      resolve: (item) => wide(item, 'demoUrl'),
    }),
    media: t.field({
      type: ItemMedia,
      description: 'Thumbnail, previews and screenshots.',
      authScopes: { public: true },
      resolve: (item) => ({
        thumbnailUrl: wide(item, 'thumbnailUrl'),
        previewImageUrl: wide(item, 'previewImageUrl'),
        previewVideoUrl: wide(item, 'previewVideoUrl'),
        previewAudioUrl: wide(item, 'previewAudioUrl'),
        screenshots: wide(item, 'screenshots'),
      }),
    }),
    price: t.field({
      type: ItemPrice,
      description: 'The price of each license.',
      authScopes: { public: true },
      resolve: (item) => ({ regular: item.regularPriceCents, extended: item.extendedPriceCents, currency: item.currency }),
    }),
    currency: t.exposeString('currency', {
      description: 'ISO 4217 code of the currency the item is priced in, e.g. USD.',
      authScopes: { public: true },
    }),
    supportMonths: t.exposeInt('supportMonths', {
      description: 'Months of author support a purchase includes; 0 when the item is unsupported.',
      authScopes: { public: true },
    }),
    publishedAt: t.expose('publishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the item was first PUBLISHED, kept through later status changes; null if it never was.',
      authScopes: { public: true },
    }),
    downloadCount: t.exposeInt('downloadCount', {
      description: 'Downloads by buyers: each download link counts once, however often it is fetched.',
      authScopes: { public: true },
    }),
    salesCount: t.exposeInt('salesCount', {
      description:
        'Purchases of the item that were not refunded, as marketplaces show them; each purchase counts once whatever its license. ' +
        'What the sales brought is for the author only: revenue and earnings.',
      authScopes: { public: true },
    }),
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
      { ...withTotalCount, description: "A page of an item's released versions." },
      { description: 'A released version in the list of an item.' },
    ),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the item was created.',
      authScopes: { public: true },
      resolve: (item) => wide(item, 'createdAt'),
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'When the item was last changed (its fields, status or latest version; downloads do not count).',
      authScopes: { public: true },
      resolve: (item) => wide(item, 'updatedAt'),
    }),
  }),
});

const CatalogFilterInput = builder.inputType('CatalogFilter', {
  description: 'Narrows a catalog listing. All given filters must match.',
  fields: (t) => ({
    text: t.string({
      required: false,
      description: 'Text found in the name or description (in any case; % and _ are plain characters), or a tag equal to it.',
    }),
    category: t.string({ required: false, description: 'Category slug.' }),
    subCategory: t.string({ required: false, description: 'Sub-category slug.' }),
    type: t.field({ type: ItemTypeEnum, required: false, description: 'Items of this kind only.' }),
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
        filter: t.arg({ type: CatalogFilterInput, required: false, description: 'Omit for the whole catalog.' }),
        sort: t.arg({
          type: CatalogSortEnum,
          required: false,
          defaultValue: 'NEWEST',
          description: 'The order of the list; NEWEST by default (an explicit null means the default too).',
        }),
        ...offsetArgument(),
      },
      resolve: (_root, args, context) => {
        const conditions = conditionsFor(args.filter);
        const { db } = context.services;
        return loadPage(
          args,
          (page) => catalogPage(db, args.sort ?? 'NEWEST', conditions, page, itemStatementFor(context)),
          () => catalogCount(db, conditions),
        );
      },
    },
    { ...withTotalCount, description: 'A page of the public catalog.' },
    { description: 'An item in the catalog listing.' },
  ),
  item: t.field({
    type: Item,
    nullable: true,
    description: 'One item by its global id, numeric id or slug (exactly one of them).',
    authScopes: { public: true },
    args: {
      id: t.arg.globalID({ for: [Item], required: false, description: 'The global id (Item.id).' }),
      databaseId: t.arg.int({ required: false, description: 'The numeric id (Item.databaseId).' }),
      slug: t.arg.string({ required: false, description: 'The slug (Item.slug).' }),
    },
    resolve: (_root, args, context) => {
      // The error names the argument at fault: the second one given when there are several,
      // else (none given) the first of the three.
      const given = (['id', 'databaseId', 'slug'] as const).filter((name) => args[name] != null);
      if (given.length !== 1) throw badInput(given[1] ?? 'id', 'give exactly one of id, databaseId or slug');
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

function conditionsFor(filter: typeof CatalogFilterInput.$inferInput | null | undefined) {
  return catalogConditions({
    ...filter,
    authorUsername: filter?.author,
    minPriceCents: priceArgument('minPrice', filter?.minPrice),
    maxPriceCents: priceArgument('maxPrice', filter?.maxPrice),
  });
}
