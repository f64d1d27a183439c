// Authors' mutations in GraphQL: createItem, updateItem, publishItemVersion (scope
// items:write, author or admin accounts, own items only). Rules and choices:
// src/catalog/authoring.ts.
import { builder } from '../graphql/builder';
import type { Context } from '../graphql/context';
import { z } from 'zod';
import { noNulls } from '../shared/validation';
import { itemRules, versionRules } from './authoring-rules';
import {
  AUTHORING_LIMITS,
  EDITABLE_STATUSES,
  createItem,
  publishItemVersion,
  updateItem,
  type AuthoringDeps,
  type Author,
  type EditableStatus,
} from './authoring';
import { Item, ItemTypeEnum, ItemVersion, JUST_WRITTEN } from './schema';

const EDITABLE_STATUS_DESCRIPTIONS: Record<EditableStatus, string> = {
  DRAFT: 'Hidden from everyone but you (with items:read); it cannot be bought.',
  PUBLISHED: 'Listed and searchable in the catalog. Needs a version; the first time sets publishedAt.',
  UNLISTED: 'Left out of listings and search, but anyone with its id or slug can see and buy it. Needs a version.',
};

const EditableItemStatusEnum = builder.enumType('EditableItemStatus', {
  // In the order of EDITABLE_STATUSES, each value with its description.
  values: Object.fromEntries(EDITABLE_STATUSES.map((status) => [status, { description: EDITABLE_STATUS_DESCRIPTIONS[status] }])) as Record<
    EditableStatus,
    { description: string }
  >,
  description: 'The statuses an author can give an item. PUBLISHED and UNLISTED need at least one version.',
});

const L = AUTHORING_LIMITS;
const MEDIA_DESCRIPTION = 'An http or https URL; null clears it.';
// Media URLs are URL scalars: the scalar applies the rule of R.media while the variables
// are read, so a bad one is refused before (and without) the other fields' problems.
// PublishItemVersionInput.version stays String, like the versions answered (not all of
// them SemVer); versionRules.version checks it with the input's other fields.

const R = itemRules;

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The media URLs, the same on creation and on update (null clears one). */
const mediaUrlFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  demoUrl: t.field({ type: 'URL', required: false, description: MEDIA_DESCRIPTION, validate: R.media }),
  thumbnailUrl: t.field({ type: 'URL', required: false, description: MEDIA_DESCRIPTION, validate: R.media }),
  previewImageUrl: t.field({ type: 'URL', required: false, description: `${MEDIA_DESCRIPTION} Not for audio items.`, validate: R.media }),
  previewVideoUrl: t.field({ type: 'URL', required: false, description: `${MEDIA_DESCRIPTION} Video items only.`, validate: R.media }),
  previewAudioUrl: t.field({ type: 'URL', required: false, description: `${MEDIA_DESCRIPTION} Audio items only.`, validate: R.media }),
});

const CreateItemInput = builder.inputType('CreateItemInput', {
  description: 'A new item. It is created as a DRAFT with a unique slug made from its name.',
  fields: (t) => ({
    name: t.string({ required: true, description: `${L.nameMin} to ${L.name} characters.`, validate: R.name }),
    description: t.string({ required: false, description: `At most ${L.description} characters.`, validate: R.description }),
    type: t.field({ type: ItemTypeEnum, required: true, description: 'What kind of good the item is.' }),
    category: t.string({ required: true, description: 'Slug of a top-level category, e.g. "themes".', validate: R.category }),
    subCategory: t.string({
      required: false,
      description: 'Slug of a sub-category of `category`, e.g. "wordpress-themes".',
      validate: R.subCategory,
    }),
    regularPrice: t.string({ required: true, description: 'Decimal string, e.g. "19.99"; "0" for free.', validate: R.price }),
    extendedPrice: t.string({ required: true, description: 'Decimal string, not less than regularPrice.', validate: R.price }),
    options: t.stringList({
      required: false,
      extensions: { maxItems: L.options },
      validate: R.options,
      description: `Feature list, at most ${L.options} entries of ${L.option} characters.`,
    }),
    tags: t.stringList({
      required: false,
      extensions: { maxItems: L.tagsSent },
      validate: z.array(z.string()).max(L.tagsSent, `must have at most ${L.tagsSent} entries`).pipe(R.tags),
      description: `At most ${L.tags} tags of ${L.tag} characters; lower-cased and deduplicated (at most ${L.tagsSent} sent).`,
    }),
    ...mediaUrlFields(t),
    screenshots: t.field({
      type: ['URL'],
      required: false,
      extensions: { maxItems: L.screenshots },
      validate: R.screenshots,
      description: `At most ${L.screenshots} http or https URLs.`,
    }),
    supportMonths: t.int({
      required: false,
      description: `0 to ${L.supportMonths}; 0 means unsupported. Default 6.`,
      validate: R.supportMonths,
    }),
  }),
  validate: noNulls({
    description: 'send "" for none',
    options: 'send [] for none',
    tags: 'send [] for none',
    screenshots: 'send [] for none',
    supportMonths: 'send 0',
  }),
});

const UpdateItemInput = builder.inputType('UpdateItemInput', {
  description:
    'Only the fields you send change. null clears subCategory, demoUrl and the media URLs; the other fields cannot be null ' +
    '(send "" or [] instead). The slug never changes.',
  fields: (t) => ({
    name: t.string({ required: false, description: `${L.nameMin} to ${L.name} characters.`, validate: R.name }),
    description: t.string({ required: false, description: `At most ${L.description} characters.`, validate: R.description }),
    type: t.field({ type: ItemTypeEnum, required: false, description: 'What kind of good the item is.' }),
    category: t.string({
      required: false,
      description: 'Slug of a top-level category. Your sub-category must belong to it.',
      validate: R.category,
    }),
    subCategory: t.string({ required: false, description: 'Slug of a sub-category of the category; null for none.', validate: R.subCategory }),
    regularPrice: t.string({ required: false, description: 'Decimal string, e.g. "19.99"; "0" for free.', validate: R.price }),
    extendedPrice: t.string({
      required: false,
      description: 'Decimal string, not less than the regular price.',
      validate: R.price,
    }),
    options: t.stringList({
      required: false,
      extensions: { maxItems: L.options },
      validate: R.options,
      description: `Replaces the list: at most ${L.options} entries.`,
    }),
    tags: t.stringList({
      required: false,
      extensions: { maxItems: L.tagsSent },
      validate: z.array(z.string()).max(L.tagsSent, `must have at most ${L.tagsSent} entries`).pipe(R.tags),
      description: `Replaces the list: at most ${L.tags} tags; lower-cased and deduplicated (at most ${L.tagsSent} sent).`,
    }),
    ...mediaUrlFields(t),
    screenshots: t.field({
      type: ['URL'],
      required: false,
      extensions: { maxItems: L.screenshots },
      validate: R.screenshots,
      description: `Replaces the list: at most ${L.screenshots} URLs.`,
    }),
    supportMonths: t.int({ required: false, description: `0 to ${L.supportMonths}.`, validate: R.supportMonths }),
    status: t.field({
      type: EditableItemStatusEnum,
      required: false,
      description: 'DRAFT hides the item; PUBLISHED lists it; UNLISTED makes it reachable by link only. Public statuses need a version.',
    }),
  }),
  validate: noNulls({
    name: '',
    description: 'send "" for none',
    type: '',
    category: '',
    regularPrice: 'send "0" for free',
    extendedPrice: 'send "0" for free',
    options: 'send [] for none',
    tags: 'send [] for none',
    screenshots: 'send [] for none',
    supportMonths: 'send 0',
    status: '',
  }),
});

const VersionFileInput = builder.inputType('VersionFileInput', {
  description: 'The file buyers download for a version.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: `The file name buyers download: 1 to ${L.fileName} of letters, digits, "_", "." and "-".`,
      validate: versionRules.fileName,
    }),
    contentBase64: t.string({
      required: true,
      description: `The file's bytes in base64; at most ${L.fileBytes} bytes (10 MiB) decoded.`,
      validate: versionRules.contentBase64,
    }),
  }),
});

const PublishItemVersionInput = builder.inputType('PublishItemVersionInput', {
  description: 'A new version of one of your items: its number, changelog and file.',
  fields: (t) => ({
    itemId: t.globalID({ for: Item, required: true, description: 'The global id of your item (Item.id).' }),
    version: t.string({
      required: true,
      description: 'A semantic version greater than the latest one, e.g. "1.2.0".',
      validate: versionRules.version,
    }),
    changelog: t.string({ required: true, description: `What changed; 1 to ${L.changelog} characters.`, validate: versionRules.changelog }),
    file: t.field({ type: VersionFileInput, required: true, description: 'The file buyers download for this version.' }),
  }),
});

const deps = (context: Context): AuthoringDeps => ({
  prisma: context.services.db.prisma,
  fileStore: context.services.fileStore,
  now: context.services.now,
});

const author = (context: Context): Author => ({ accountId: context.viewer!.accountId, role: context.viewer!.role });

const ERRORS =
  'FORBIDDEN for accounts that are not authors; NOT_FOUND for an unknown id or an item that is not yours; ' +
  'BAD_USER_INPUT naming the field for an invalid value.';

// ─── Payloads ────────────────────────────────────────────────────────────────

/** The item as written, read from the database without the catalog's visibility rule. */
const writtenItem = (context: Context, id: number) => context.services.db.prisma.item.findUniqueOrThrow({ where: { id } });

// A payload's item is readable by its author even without items:read (it grants
// JUST_WRITTEN): a token that may only write must still see what it wrote, drafts included.

const CreateItemPayload = builder.objectRef<{ itemId: number }>('CreateItemPayload').implement({
  description: 'The draft item created.',
  fields: (t) => ({
    item: t.field({
      type: Item,
      description: 'The new item, a DRAFT until you publish a version and set its status.',
      authScopes: { 'items:write': true },
      grantScopes: [JUST_WRITTEN],
      resolve: (payload, _args, context) => writtenItem(context, payload.itemId),
    }),
  }),
});

const UpdateItemPayload = builder.objectRef<{ itemId: number }>('UpdateItemPayload').implement({
  description: 'The item after the change.',
  fields: (t) => ({
    item: t.field({
      type: Item,
      description: 'Your item as it is now.',
      authScopes: { 'items:write': true },
      grantScopes: [JUST_WRITTEN],
      resolve: (payload, _args, context) => writtenItem(context, payload.itemId),
    }),
  }),
});

const PublishItemVersionPayload = builder.objectRef<{ itemId: number; versionId: number }>('PublishItemVersionPayload').implement({
  description: 'The version published and the item, whose latestVersion it now is.',
  fields: (t) => ({
    version: t.field({
      type: ItemVersion,
      description: 'The new version.',
      authScopes: { 'items:write': true },
      // The row itself: the version loader shows only versions of visible items, and this may be a draft's.
      resolve: (payload, _args, context) => context.services.db.prisma.itemVersion.findUniqueOrThrow({ where: { id: payload.versionId } }),
    }),
    item: t.field({
      type: Item,
      description: 'Your item, with this version as its latest.',
      authScopes: { 'items:write': true },
      grantScopes: [JUST_WRITTEN],
      resolve: (payload, _args, context) => writtenItem(context, payload.itemId),
    }),
  }),
});

builder.mutationFields((t) => ({
  createItem: t.field({
    type: CreateItemPayload,
    description: `Creates an item as a DRAFT (scope items:write; author accounts only). ${ERRORS}`,
    authScopes: { 'items:write': true },
    args: { input: t.arg({ type: CreateItemInput, required: true, description: 'The new item.' }) },
    resolve: async (_root, { input }, context) => ({ itemId: await createItem(deps(context), author(context), input) }),
  }),
  updateItem: t.field({
    type: UpdateItemPayload,
    description:
      'Changes your item and its status (scope items:write). PUBLISHED and UNLISTED need at least one version ' +
      `(BAD_USER_INPUT on status otherwise); publishedAt is set when the item is first published. ${ERRORS}`,
    authScopes: { 'items:write': true },
    args: {
      id: t.arg.globalID({ for: Item, required: true, description: 'The global id of your item (Item.id).' }),
      input: t.arg({ type: UpdateItemInput, required: true, description: 'The fields to change; the others keep their values.' }),
    },
    resolve: async (_root, args, context) => ({
      itemId: await updateItem(deps(context), author(context), Number(args.id.id), args.input),
    }),
  }),
  publishItemVersion: t.field({
    type: PublishItemVersionPayload,
    description:
      'Publishes a new version of your item with its changelog and file (scope items:write); it becomes the latest version. ' +
      'The version must be greater than the latest one (BAD_USER_INPUT naming version); one that exists already is a CONFLICT. ' +
      ERRORS,
    authScopes: { 'items:write': true },
    args: {
      input: t.arg({ type: PublishItemVersionInput, required: true, description: 'The item, the version number, its changelog and its file.' }),
    },
    resolve: async (_root, { input }, context) => {
      const itemId = Number(input.itemId.id);
      return { itemId, versionId: await publishItemVersion(deps(context), author(context), { ...input, itemId }) };
    },
  }),
}));
