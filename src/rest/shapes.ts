// The record every REST profile shares, the item: the GraphQL fragment that loads it, the
// zod schema of its JSON (the OpenAPI document and the contract tests use the same schema),
// and the function from one to the other. The other records live with their domains
// (src/<domain>/rest.ts). Money is printed as JSON numbers (19.99) and dates as
// "2024-04-27T12:00:00Z", as the documents print them; enums in lower case.
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { RestItemFragment } from '../generated/gql/graphql';
import { centsToNumber } from '../shared/money';
import { restDate } from './format';
import { Id, named } from './registry';

export const DateTimeText = z.string().describe('UTC, e.g. "2024-04-27T12:00:00Z"');
export const Amount = z.number().describe('A decimal amount as a JSON number, e.g. 19.99');
const Url = z.string();

export const ITEM_TYPES = ['THEME', 'PLUGIN', 'SCRIPT', 'AUDIO', 'VIDEO'] as const;

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

graphql(`
  fragment RestPageInfo on PageInfo { hasNextPage hasPreviousPage startCursor endCursor }
`);
