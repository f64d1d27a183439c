// The records of the REST documents: for each, the GraphQL fragment that loads it, the zod
// schema of its JSON (the OpenAPI document and the contract tests use the same schema), and
// the function from one to the other. Money is printed as JSON numbers (19.99) and dates
// as "2024-04-27T12:00:00Z", as the documents print them; enums in lower case.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type {
  RestCategoryFragment,
  RestDownloadFragment,
  RestItemFragment,
  RestLedgerEntryFragment,
  RestPurchaseFragment,
  RestSaleFragment,
  RestStatsFragment,
} from '../generated/gql/graphql';
import { centsToNumber } from '../shared/money';
import { restDate } from './format';
import { Count, Id, named } from './registry';

const DateTimeText = z.string().describe('UTC, e.g. "2024-04-27T12:00:00Z"');
const Amount = z.number().describe('A decimal amount as a JSON number, e.g. 19.99');
const Url = z.string();

// ─── Examples: the documents' own, where they give one ─────────────────────────────

/** 001_…'s sample item (a theme: no audio or video preview), with version a string. */
export const ITEM_EXAMPLE = {
  id: 1,
  name: 'Sample Item',
  description: 'This is a sample item',
  category: 'Category Name',
  sub_category: 'Subcategory Name',
  options: ['option1', 'option2'],
  version: '1.0.0',
  demo_link: 'https://example.com/demo',
  tags: ['tag1', 'tag2'],
  media: {
    thumbnail: 'https://example.com/thumbnail.png',
    preview_image: 'https://example.com/preview.jpg',
    screenshots: ['https://example.com/screenshot1.jpg', 'https://example.com/screenshot2.jpg'],
  },
  price: { regular: 19.99, extended: 29.99 },
  currency: 'USD',
  published_at: '2024-04-27T12:00:00Z',
};

export const PURCHASE_EXAMPLE = {
  purchase_code: '5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90',
  license_type: 'Regular',
  price: 19.99,
  currency: 'USD',
  item: ITEM_EXAMPLE,
  supported_until: '2024-10-27T12:00:00Z',
  downloaded: false,
  date: '2024-04-27T12:00:00Z',
};

// ─── Items ─────────────────────────────────────────────────────────────────────────

graphql(`
  fragment RestItem on Item {
    databaseId
    name
    slug
    type
    status
    description
    category { name }
    subCategory { name }
    options
    latestVersion
    demoUrl
    tags
    media { thumbnail previewImage previewVideo previewAudio screenshots }
    price { regular { cents } extended { cents } }
    currency
    publishedAt
  }
`);

export const LegacyMedia = named(
  'ItemMedia',
  z.strictObject({
    thumbnail: Url.nullable(),
    preview_image: Url.nullable().optional().describe('Not included for audio items'),
    preview_video: Url.nullable().optional().describe('Only included for video items'),
    preview_audio: Url.nullable().optional().describe('Only included for audio items'),
    screenshots: z.array(Url).optional().describe('Only included if the item has screenshots'),
  }),
  'Which previews exist depends on the type of the item.',
  ITEM_EXAMPLE.media,
);

const legacyItemFields = {
  id: Id,
  name: z.string(),
  description: z.string(),
  category: z.string().describe('The category name'),
  sub_category: z.string().nullable().describe('The sub-category name'),
  options: z.array(z.string()),
  version: z.string().nullable().describe('The latest version as a string, e.g. "1.0.0" (the documents print it unquoted, which is not JSON)'),
  demo_link: Url.nullable(),
  tags: z.array(z.string()),
  media: LegacyMedia,
  price: z.strictObject({ regular: Amount, extended: Amount }),
  currency: z.string(),
  published_at: DateTimeText.nullable().describe('Null for drafts'),
};

/** 001_…'s item, exactly. */
export const LegacyItem = named('Item', z.strictObject(legacyItemFields), 'An item exactly as the documents show it.', ITEM_EXAMPLE);

/** v1 adds what a client of the v1 paths needs to use the other paths: slug, type and status. */
export const V1Item = named(
  'V1Item',
  z.strictObject({
    ...legacyItemFields,
    slug: z.string(),
    type: z.enum(['theme', 'plugin', 'script', 'audio', 'video']),
    status: z.enum(['draft', 'published', 'unlisted', 'removed']),
  }),
  'The documented item plus its slug, type and status.',
  { ...ITEM_EXAMPLE, slug: 'sample-item', type: 'theme', status: 'published' },
);

function media(item: RestItemFragment): z.infer<typeof LegacyMedia> {
  const { media: m, type } = item;
  return {
    thumbnail: m.thumbnail,
    ...(type !== 'AUDIO' && { preview_image: m.previewImage }),
    ...(type === 'VIDEO' && { preview_video: m.previewVideo }),
    ...(type === 'AUDIO' && { preview_audio: m.previewAudio }),
    ...(m.screenshots.length > 0 && { screenshots: m.screenshots }),
  };
}

export function legacyItem(item: RestItemFragment): z.infer<typeof LegacyItem> {
  return {
    id: item.databaseId,
    name: item.name,
    description: item.description,
    category: item.category.name,
    sub_category: item.subCategory?.name ?? null,
    options: item.options,
    version: item.latestVersion,
    demo_link: item.demoUrl,
    tags: item.tags,
    media: media(item),
    price: { regular: centsToNumber(item.price.regular.cents), extended: centsToNumber(item.price.extended.cents) },
    currency: item.currency,
    published_at: restDate(item.publishedAt),
  };
}

export function v1Item(item: RestItemFragment): z.infer<typeof V1Item> {
  return {
    ...legacyItem(item),
    slug: item.slug,
    type: item.type.toLowerCase() as z.infer<typeof V1Item>['type'],
    status: item.status.toLowerCase() as z.infer<typeof V1Item>['status'],
  };
}

// ─── Purchases ─────────────────────────────────────────────────────────────────────

graphql(`
  fragment RestPurchase on Purchase {
    code
    licenseType
    price { cents currency }
    item { ...RestItem }
    supportedUntil
    downloaded
    purchasedAt
  }
`);

export const Purchase = named(
  'Purchase',
  z.strictObject({
    purchase_code: z.string(),
    license_type: z.enum(['Regular', 'Extended']),
    price: Amount,
    currency: z.string(),
    item: LegacyItem.nullable().describe('Null when the item has since been withdrawn from the catalog'),
    supported_until: DateTimeText.optional().describe('Absent when the item comes without support'),
    downloaded: z.boolean(),
    date: DateTimeText.describe('When the purchase was made'),
  }),
  'A purchase exactly as the documents show it.',
  PURCHASE_EXAMPLE,
);

export function purchase(p: RestPurchaseFragment): z.infer<typeof Purchase> {
  return {
    purchase_code: p.code,
    license_type: p.licenseType === 'EXTENDED' ? 'Extended' : 'Regular',
    price: centsToNumber(p.price.cents),
    currency: p.price.currency,
    item: p.item ? legacyItem(p.item) : null,
    ...(p.supportedUntil && { supported_until: restDate(p.supportedUntil)! }),
    downloaded: p.downloaded,
    date: restDate(p.purchasedAt)!,
  };
}

/**
 * A refusal under Purchase.item: the item was withdrawn since and its own rule hides it.
 * Scope-auth reports a type-level refusal once per field asked (`…item.databaseId`), and
 * the null climbs to the nullable `item`: the purchase is still listed, with item null.
 */
export function isWithdrawnItemError(error: { path?: readonly (string | number)[] | undefined; extensions?: Record<string, unknown> }) {
  const code = error.extensions?.code;
  return Boolean(error.path?.includes('item')) && (code === 'FORBIDDEN' || code === 'NOT_FOUND');
}

// ─── Sales and statements ──────────────────────────────────────────────────────────

graphql(`
  fragment RestSale on Purchase {
    code
    licenseType
    price { cents currency }
    authorEarnings { cents }
    platformFee { cents }
    item { databaseId name slug }
    buyer { username }
    refundState
    purchasedAt
  }
`);

export const Sale = named(
  'Sale',
  z.strictObject({
    purchase_code: z.string(),
    license_type: z.enum(['Regular', 'Extended']),
    price: Amount.describe('What the buyer paid'),
    author_earnings: Amount.describe('Your share: the price less the platform fee'),
    platform_fee: Amount,
    currency: z.string(),
    item: z.strictObject({ id: Id, name: z.string(), slug: z.string() }).nullable(),
    buyer: z.string().describe("The buyer's username"),
    refund_state: z.enum(['none', 'requested', 'refunded']),
    date: DateTimeText,
  }),
  'A sale of one of your items.',
  {
    purchase_code: PURCHASE_EXAMPLE.purchase_code,
    license_type: 'Regular',
    price: 19.99,
    author_earnings: 13.99,
    platform_fee: 6,
    currency: 'USD',
    item: { id: 1, name: 'Sample Item', slug: 'sample-item' },
    buyer: 'johndoe',
    refund_state: 'none',
    date: '2024-04-27T12:00:00Z',
  },
);

export function sale(s: RestSaleFragment): z.infer<typeof Sale> {
  return {
    purchase_code: s.code,
    license_type: s.licenseType === 'EXTENDED' ? 'Extended' : 'Regular',
    price: centsToNumber(s.price.cents),
    author_earnings: centsToNumber(s.authorEarnings.cents),
    platform_fee: centsToNumber(s.platformFee.cents),
    currency: s.price.currency,
    item: s.item ? { id: s.item.databaseId, name: s.item.name, slug: s.item.slug } : null,
    buyer: s.buyer.username,
    refund_state: s.refundState.toLowerCase() as z.infer<typeof Sale>['refund_state'],
    date: restDate(s.purchasedAt)!,
  };
}

graphql(`
  fragment RestLedgerEntry on LedgerEntry {
    id
    kind
    amount { cents currency }
    balanceAfter { cents }
    description
    reference
    purchaseCode
    createdAt
  }
`);

export const LEDGER_KINDS = ['deposit', 'purchase', 'sale', 'platform_fee', 'refund', 'payout', 'adjustment'] as const;

export const StatementLine = named(
  'StatementLine',
  z.strictObject({
    id: Id,
    kind: z.enum(LEDGER_KINDS),
    amount: Amount.describe('Signed: negative when money left the account'),
    balance_after: Amount,
    currency: z.string(),
    description: z.string(),
    reference: z.string(),
    purchase_code: z.string().nullable(),
    date: DateTimeText,
  }),
  'One line of your financial statement.',
  {
    id: 42,
    kind: 'purchase',
    amount: -19.99,
    balance_after: 100,
    currency: 'USD',
    description: 'Purchase of Sample Item (Regular license)',
    reference: PURCHASE_EXAMPLE.purchase_code,
    purchase_code: PURCHASE_EXAMPLE.purchase_code,
    date: '2024-04-27T12:00:00Z',
  },
);

/** The numeric id inside a GraphQL global id (an encoding, not a lookup). */
export function databaseIdOf(globalId: string): number {
  return Number(decodeGlobalID(globalId).id);
}

export function statementLine(entry: RestLedgerEntryFragment): z.infer<typeof StatementLine> {
  return {
    id: databaseIdOf(entry.id),
    kind: entry.kind.toLowerCase() as z.infer<typeof StatementLine>['kind'],
    amount: centsToNumber(entry.amount.cents),
    balance_after: centsToNumber(entry.balanceAfter.cents),
    currency: entry.amount.currency,
    description: entry.description,
    reference: entry.reference,
    purchase_code: entry.purchaseCode,
    date: restDate(entry.createdAt)!,
  };
}

// ─── Favorites, catalog, stats, downloads ──────────────────────────────────────────

export const Favorite = named(
  'Favorite',
  z.strictObject({ item_id: Id, favorited_at: DateTimeText, item: V1Item }),
  'An item among your favorites.',
  { item_id: 1, favorited_at: '2024-04-27T12:00:00Z', item: { ...ITEM_EXAMPLE, slug: 'sample-item', type: 'theme', status: 'published' } },
);

export function favorite(edge: { favoritedAt: string; node: RestItemFragment }): z.infer<typeof Favorite> {
  return { item_id: edge.node.databaseId, favorited_at: restDate(edge.favoritedAt)!, item: v1Item(edge.node) };
}

graphql(`
  fragment RestCategory on Category {
    databaseId
    name
    slug
    subCategories { databaseId name slug }
  }
`);

const CategoryRef = z.strictObject({ id: Id, name: z.string(), slug: z.string() });
export const Category = named(
  'Category',
  z.strictObject({ id: Id, name: z.string(), slug: z.string(), sub_categories: z.array(CategoryRef) }),
  'A top-level category with its sub-categories.',
  { id: 1, name: 'Themes', slug: 'themes', sub_categories: [{ id: 6, name: 'WordPress', slug: 'wordpress-themes' }] },
);

export function category(c: RestCategoryFragment): z.infer<typeof Category> {
  return {
    id: c.databaseId,
    name: c.name,
    slug: c.slug,
    sub_categories: c.subCategories.map((sub) => ({ id: sub.databaseId, name: sub.name, slug: sub.slug })),
  };
}

graphql(`
  fragment RestStats on StatsSummary {
    items
    authors
    buyers
    purchases
    downloads
    categories
    subCategories
    salesVolume { cents currency }
  }
`);

export const Stats = named(
  'StatsSummary',
  z.strictObject({
    items: Count.describe('Published items'),
    authors: Count.describe('Accounts with at least one published item'),
    buyers: Count.describe('Accounts with at least one purchase that was not refunded'),
    purchases: Count.describe('Purchases that were not refunded'),
    downloads: Count,
    categories: Count.describe('Top-level categories'),
    sub_categories: Count,
    sales_volume: Amount.describe('What buyers paid for purchases that were not refunded'),
    currency: z.string(),
  }),
  'Marketplace-wide counters.',
  { items: 257, authors: 4, buyers: 41, purchases: 594, downloads: 421, categories: 5, sub_categories: 12, sales_volume: 35116.24, currency: 'USD' },
);

export function stats(s: RestStatsFragment): z.infer<typeof Stats> {
  return {
    items: s.items,
    authors: s.authors,
    buyers: s.buyers,
    purchases: s.purchases,
    downloads: s.downloads,
    categories: s.categories,
    sub_categories: s.subCategories,
    sales_volume: centsToNumber(s.salesVolume.cents),
    currency: s.salesVolume.currency,
  };
}

graphql(`
  fragment RestDownload on DownloadLink {
    url
    expiresAt
    fileName
    fileSize
    version
    sha256
  }
`);

export const DownloadLink = named(
  'DownloadLink',
  z.strictObject({
    download_url: Url.describe('GET it (no credential needed) before it expires'),
    expires_at: DateTimeText,
    file_name: z.string(),
    file_size: Count.describe('Bytes'),
    version: z.string(),
    sha256: z.string().describe("Hex SHA-256 of the file's bytes"),
  }),
  'A short-lived signed link to a purchased file.',
  {
    download_url: 'https://market.example.com/downloads/123.1714219500.kq3…',
    expires_at: '2024-04-27T12:05:00Z',
    file_name: 'sample-item-1.0.0.zip',
    file_size: 48213,
    version: '1.0.0',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
);

export function downloadLink(link: RestDownloadFragment): z.infer<typeof DownloadLink> {
  return {
    download_url: link.url,
    expires_at: restDate(link.expiresAt)!,
    file_name: link.fileName,
    file_size: link.fileSize,
    version: link.version,
    sha256: link.sha256,
  };
}
