// Authors' writes: create an item, update it (fields and status), publish a new version
// of it with a changelog and a file. Scope items:write, and only accounts whose role is
// AUTHOR or ADMIN (a buyer account gets FORBIDDEN saying so). An author changes only
// their own items: anyone else's item answers NOT_FOUND, exactly like an unknown id, so
// ids cannot be probed. A REMOVED item (taken down by the marketplace) is FORBIDDEN to
// change.
//
// Choices where the issue is silent:
// - A new item is a DRAFT. Its slug comes from the name (lower-case ASCII words joined
//   by "-", at most 80 characters, "item" when nothing is left) and is unique: -2, -3, …
//   on collision. Two creations racing for one slug are decided by the unique index: the
//   loser takes the next number. The slug never changes afterwards (links and version
//   checks use it), even when the name does.
// - PUBLISHED and UNLISTED both need at least one version: an unlisted item can be bought
//   by whoever has its link, and a purchase must have something to download. publishedAt
//   is set the first time the item is PUBLISHED and kept through later status changes.
// - Partial updates: a field left out keeps its value; null clears the fields that may be
//   empty (sub-category, demo and media URLs) and is BAD_USER_INPUT for the others
//   (send "" or [] instead). Prices, sub-category and media are checked on the item as it
//   will be: extended ≥ regular, the sub-category under the category, and previews that
//   fit the type (an audio preview for audio only, a video preview for video only, no
//   image preview for audio — as the Item.media field documents).
// - Tags are trimmed, lower-cased and deduplicated before the limit of 20 is counted.
// - Versions: strict Semantic Versioning, greater than the current latest version by
//   SemVer precedence (1.0.0+build equals 1.0.0, so it is not greater). A version that
//   exists already is a CONFLICT, a smaller one BAD_USER_INPUT naming `version`.
// - Webhook events (docs/webhooks.md), in the transaction of the change: item.published
//   when an item becomes PUBLISHED, item.updated when a PUBLISHED item's values change
//   (naming them), item.version_published for every release, drafts included.
import { createHash } from 'node:crypto';
import type { FileStore } from '../downloads/file-store';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { ItemStatus, ItemType, Role } from '../generated/prisma/enums';
import { badInput, conflict, forbidden, notFound } from '../graphql/errors';
import { parseAmount } from '../shared/money';
import { recordEvent } from '../webhooks';
import { compareSemVer, parseSemVer } from './versions';

import { AUTHORING_LIMITS } from './authoring-rules';

export { AUTHORING_LIMITS };

export const AUTHOR_ROLES: readonly Role[] = ['AUTHOR', 'ADMIN'];

/** The statuses an author may set; REMOVED is the marketplace's decision. */
export const EDITABLE_STATUSES = ['DRAFT', 'PUBLISHED', 'UNLISTED'] as const satisfies readonly ItemStatus[];
export type EditableStatus = (typeof EDITABLE_STATUSES)[number];

export interface AuthoringDeps {
  prisma: PrismaClient;
  fileStore: FileStore;
  now: () => Date;
}

export interface Author {
  accountId: number;
  role: Role;
}

/** Every field an author sets. undefined: not sent; null: cleared (where allowed). */
export interface ItemFieldsInput {
  name?: string | null;
  description?: string | null;
  type?: ItemType | null;
  category?: string | null;
  subCategory?: string | null;
  regularPrice?: string | null;
  extendedPrice?: string | null;
  options?: readonly string[] | null;
  tags?: readonly string[] | null;
  demoUrl?: string | null;
  thumbnailUrl?: string | null;
  previewImageUrl?: string | null;
  previewVideoUrl?: string | null;
  previewAudioUrl?: string | null;
  screenshots?: readonly string[] | null;
  supportMonths?: number | null;
}

export interface CreateItemInput extends ItemFieldsInput {
  name: string;
  type: ItemType;
  category: string;
  regularPrice: string;
  extendedPrice: string;
}

export interface UpdateItemInput extends ItemFieldsInput {
  status?: EditableStatus | null;
}

export interface PublishVersionInput {
  itemId: number;
  version: string;
  changelog: string;
  file: { name: string; contentBase64: string };
}

// ─── Checks ──────────────────────────────────────────────────────────────────

export function requireAuthor(author: Author): void {
  if (!AUTHOR_ROLES.includes(author.role)) {
    throw forbidden('Only author accounts can create items and publish versions; this is a buyer account', {
      requiredRoles: [...AUTHOR_ROLES],
    });
  }
}

/** Lower-case ASCII words joined by "-", e.g. "Café – Dark Theme!" → "cafe-dark-theme". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, AUTHORING_LIMITS.slug)
    .replace(/^-+|-+$/g, '');
  return slug || 'item';
}

const MEDIA_FIELDS = ['demoUrl', 'thumbnailUrl', 'previewImageUrl', 'previewVideoUrl', 'previewAudioUrl'] as const;
type MediaField = (typeof MEDIA_FIELDS)[number];

/** The item's columns as the input sets them: checked one by one (not yet against each other). */
interface Changes {
  name?: string;
  description?: string;
  type?: ItemType;
  category?: string;
  subCategory?: string | null;
  regularPriceCents?: number;
  extendedPriceCents?: number;
  options?: string[];
  tags?: string[];
  media: Partial<Record<MediaField, string | null>>;
  screenshots?: string[];
  supportMonths?: number;
}

/** The columns the input sets, from values already checked where the input is declared. */
function toChanges(input: ItemFieldsInput): Changes {
  const changes: Changes = { media: {} };
  if (input.name != null) changes.name = input.name;
  if (input.description != null) changes.description = input.description;
  if (input.type != null) changes.type = input.type;
  if (input.category != null) changes.category = input.category;
  if (input.subCategory !== undefined) changes.subCategory = input.subCategory || null;
  if (input.regularPrice != null) changes.regularPriceCents = parseAmount(input.regularPrice)!;
  if (input.extendedPrice != null) changes.extendedPriceCents = parseAmount(input.extendedPrice)!;
  if (input.options != null) changes.options = [...input.options];
  if (input.tags != null) changes.tags = [...input.tags];
  for (const field of MEDIA_FIELDS) if (input[field] !== undefined) changes.media[field] = input[field] ?? null;
  if (input.screenshots != null) changes.screenshots = [...input.screenshots];
  if (input.supportMonths != null) changes.supportMonths = input.supportMonths;
  return changes;
}

interface ItemState {
  type: ItemType;
  regularPriceCents: number;
  extendedPriceCents: number;
  previewImageUrl: string | null;
  previewVideoUrl: string | null;
  previewAudioUrl: string | null;
}

/** Rules between fields, on the item as it will be once `changes` apply. */
function checkTogether(before: ItemState | null, changes: Changes): void {
  const regular = changes.regularPriceCents ?? before!.regularPriceCents;
  const extended = changes.extendedPriceCents ?? before!.extendedPriceCents;
  if (extended < regular) {
    // Name the price that was sent (the extended one when both were).
    if (changes.extendedPriceCents !== undefined) throw badInput('extendedPrice', 'must not be less than the regular price');
    throw badInput('regularPrice', 'must not be more than the extended price');
  }
  const type = changes.type ?? before!.type;
  const media = (field: 'previewImageUrl' | 'previewVideoUrl' | 'previewAudioUrl') =>
    changes.media[field] !== undefined ? changes.media[field] : (before?.[field] ?? null);
  if (type === 'AUDIO' && media('previewImageUrl')) throw badInput('previewImageUrl', 'audio items have no image preview');
  if (type !== 'VIDEO' && media('previewVideoUrl')) throw badInput('previewVideoUrl', 'only video items have a video preview');
  if (type !== 'AUDIO' && media('previewAudioUrl')) throw badInput('previewAudioUrl', 'only audio items have an audio preview');
}

/** The category and sub-category ids for the slugs; the sub-category must belong to the category. */
async function resolveCategories(
  prisma: PrismaClient,
  category: { slug: string; field: string },
  subCategorySlug: string | null,
): Promise<{ categoryId: number; subCategoryId: number | null }> {
  const slugs = subCategorySlug ? [category.slug, subCategorySlug] : [category.slug];
  const rows = await prisma.category.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true, parentId: true } });
  const parent = rows.find((row) => row.slug === category.slug);
  if (!parent || parent.parentId !== null) throw badInput(category.field, `"${category.slug.slice(0, 64)}" is not a top-level category slug`);
  if (!subCategorySlug) return { categoryId: parent.id, subCategoryId: null };
  const sub = rows.find((row) => row.slug === subCategorySlug);
  if (!sub || sub.parentId === null) throw badInput('subCategory', `"${subCategorySlug.slice(0, 64)}" is not a sub-category slug`);
  if (sub.parentId !== parent.id) throw badInput('subCategory', `"${sub.slug}" is not a sub-category of "${parent.slug}"`);
  return { categoryId: parent.id, subCategoryId: sub.id };
}

function columns(changes: Changes) {
  return {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.description !== undefined && { description: changes.description }),
    ...(changes.type !== undefined && { type: changes.type }),
    ...(changes.regularPriceCents !== undefined && { regularPriceCents: changes.regularPriceCents }),
    ...(changes.extendedPriceCents !== undefined && { extendedPriceCents: changes.extendedPriceCents }),
    ...(changes.options !== undefined && { options: changes.options }),
    ...(changes.tags !== undefined && { tags: changes.tags }),
    ...(changes.screenshots !== undefined && { screenshots: changes.screenshots }),
    ...(changes.supportMonths !== undefined && { supportMonths: changes.supportMonths }),
    ...changes.media,
  };
}

const removed = () => forbidden('This item was removed from the marketplace and can no longer be changed');

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

// ─── Create ──────────────────────────────────────────────────────────────────

const SLUG_ATTEMPTS = 20;

/** Creates a DRAFT item for the author; returns its id. */
export async function createItem(deps: AuthoringDeps, author: Author, input: CreateItemInput): Promise<number> {
  requireAuthor(author);
  const changes = toChanges(input);
  checkTogether(null, changes);
  const { categoryId, subCategoryId } = await resolveCategories(
    deps.prisma,
    { slug: changes.category!, field: 'category' },
    changes.subCategory ?? null,
  );

  const base = slugify(changes.name!);
  const suffixed = new RegExp(`^${base}-(\\d+)$`);
  const existing = await deps.prisma.item.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } });
  const taken = new Set(existing.map((row) => row.slug).filter((slug) => slug === base || suffixed.test(slug)));
  let n = 1;
  const candidate = () => (n === 1 ? base : `${base}-${n}`);
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
    while (taken.has(candidate())) n++;
    const slug = candidate();
    try {
      const item = await deps.prisma.item.create({
        data: {
          ...columns(changes),
          name: changes.name!,
          type: changes.type!,
          regularPriceCents: changes.regularPriceCents!,
          extendedPriceCents: changes.extendedPriceCents!,
          slug,
          status: 'DRAFT',
          createdAt: deps.now(),
          author: { connect: { id: author.accountId } },
          category: { connect: { id: categoryId } },
          ...(subCategoryId !== null && { subCategory: { connect: { id: subCategoryId } } }),
        },
        select: { id: true },
      });
      return item.id;
    } catch (error) {
      // Another item took this slug since we looked (the unique index is the judge): next number.
      if (!isUniqueViolation(error)) throw error;
      taken.add(slug);
    }
  }
  throw conflict('Could not find a free slug for this name; try again or choose another name');
}

// ─── Update ──────────────────────────────────────────────────────────────────

/** The author's own item, or NOT_FOUND (for unknown ids and other people's items alike). */
async function ownItem(prisma: PrismaClient, author: Author, itemId: number) {
  const item = await prisma.item.findFirst({
    where: { id: itemId, authorId: author.accountId },
    select: {
      id: true,
      slug: true,
      name: true,
      status: true,
      type: true,
      latestVersion: true,
      publishedAt: true,
      regularPriceCents: true,
      extendedPriceCents: true,
      previewImageUrl: true,
      previewVideoUrl: true,
      previewAudioUrl: true,
      category: { select: { slug: true } },
      subCategory: { select: { slug: true } },
    },
  });
  if (!item) throw notFound('Item');
  if (item.status === 'REMOVED') throw removed();
  return item;
}

/** Updates the author's own item; returns its id. */
export async function updateItem(deps: AuthoringDeps, author: Author, itemId: number, input: UpdateItemInput): Promise<number> {
  requireAuthor(author);
  const changes = toChanges(input);
  const status = input.status ?? undefined;
  const item = await ownItem(deps.prisma, author, itemId);
  checkTogether(item, changes);

  const data: Prisma.ItemUncheckedUpdateManyInput = columns(changes);
  if (changes.category !== undefined || changes.subCategory !== undefined) {
    const categorySlug = changes.category ?? item.category.slug;
    // A new category without a sub-category keeps the old one only when it still fits (checked below).
    const subCategorySlug = changes.subCategory !== undefined ? changes.subCategory : (item.subCategory?.slug ?? null);
    const ids = await resolveCategories(deps.prisma, { slug: categorySlug, field: 'category' }, subCategorySlug);
    data.categoryId = ids.categoryId;
    data.subCategoryId = ids.subCategoryId;
  }
  const now = deps.now();
  if (status !== undefined) {
    if (status !== 'DRAFT' && item.latestVersion === null) {
      throw badInput('status', `publish a version (publishItemVersion) before the item can be ${status}`);
    }
    data.status = status;
    if (status === 'PUBLISHED' && item.publishedAt === null) data.publishedAt = now;
  }
  if (Object.keys(data).length === 0) return item.id;
  await deps.prisma.$transaction(async (tx) => {
    // The row as it is now, locked: what the change is compared with (the webhook events).
    await tx.$queryRaw`SELECT id FROM items WHERE id = ${item.id} FOR NO KEY UPDATE`;
    const before = await tx.item.findUnique({ where: { id: item.id }, select: EVENT_COLUMNS });
    // Conditional on the status: an item removed by the marketplace meanwhile stays removed.
    const { count } = await tx.item.updateMany({
      where: { id: item.id, authorId: author.accountId, status: { not: 'REMOVED' } },
      data,
    });
    if (count === 0 || !before) throw removed();
    await recordItemEvents(tx, author.accountId, before, data, now);
  }, TRANSACTION_OPTIONS);
  return item.id;
}

// ─── Webhook events of authoring (recorded in the change's transaction) ─────────────

/** The columns an item.updated reports, by the name the event gives them. */
const EVENT_FIELDS = {
  name: 'name',
  description: 'description',
  type: 'type',
  categoryId: 'category',
  subCategoryId: 'sub_category',
  regularPriceCents: 'regular_price',
  extendedPriceCents: 'extended_price',
  options: 'options',
  tags: 'tags',
  demoUrl: 'demo_url',
  thumbnailUrl: 'thumbnail_url',
  previewImageUrl: 'preview_image_url',
  previewVideoUrl: 'preview_video_url',
  previewAudioUrl: 'preview_audio_url',
  screenshots: 'screenshots',
  supportMonths: 'support_months',
  status: 'status',
} as const;

const EVENT_COLUMNS = {
  id: true,
  slug: true,
  latestVersion: true,
  ...Object.fromEntries(Object.keys(EVENT_FIELDS).map((column) => [column, true])),
} as { [K in keyof typeof EVENT_FIELDS | 'id' | 'slug' | 'latestVersion']: true };

type EventRow = Prisma.ItemGetPayload<{ select: typeof EVENT_COLUMNS }>;

/**
 * item.published when the item becomes PUBLISHED (visible in the catalog); item.updated
 * when an item that was PUBLISHED changes, naming the fields whose values changed (a
 * status among them when it leaves the catalog). Nothing for drafts and unlisted items.
 */
async function recordItemEvents(
  tx: Prisma.TransactionClient,
  authorId: number,
  before: EventRow,
  data: Prisma.ItemUncheckedUpdateManyInput,
  now: Date,
): Promise<void> {
  const after = { ...before, ...data } as EventRow;
  const item = { id: before.id, slug: before.slug, name: after.name };
  const wasPublished = before.status === 'PUBLISHED';
  if (!wasPublished && after.status === 'PUBLISHED') {
    await recordEvent(tx, {
      accountId: authorId,
      type: 'item.published',
      occurredAt: now,
      data: { item: { ...item, type: after.type.toLowerCase(), version: before.latestVersion }, published_at: now.toISOString() },
    });
    return;
  }
  if (!wasPublished) return;
  const changed = (Object.keys(EVENT_FIELDS) as (keyof typeof EVENT_FIELDS)[])
    .filter((column) => column in data && JSON.stringify(before[column]) !== JSON.stringify(after[column]))
    .map((column) => EVENT_FIELDS[column]);
  if (changed.length === 0) return;
  await recordEvent(tx, { accountId: authorId, type: 'item.updated', occurredAt: now, data: { item, changed, updated_at: now.toISOString() } });
}

// ─── Publish a version ───────────────────────────────────────────────────────

/** CONFLICT for a version that exists; BAD_USER_INPUT unless it is greater than the latest. */
async function checkNewVersion(
  prisma: Prisma.TransactionClient,
  item: { id: number; latestVersion: string | null },
  version: string,
  parsed: NonNullable<ReturnType<typeof parseSemVer>>,
): Promise<void> {
  const existing = await prisma.itemVersion.findUnique({
    where: { itemId_version: { itemId: item.id, version } },
    select: { id: true },
  });
  if (existing) throw conflict(`Version ${version} of this item exists already`);
  const latest = item.latestVersion === null ? null : parseSemVer(item.latestVersion);
  // A latest version that is not SemVer (older data) cannot be compared: any new SemVer version follows it.
  if (latest && compareSemVer(parsed, latest) <= 0) {
    throw badInput('version', `must be greater than the latest version ${item.latestVersion}`);
  }
}

/** PGlite runs one transaction at a time; a large file may keep the item locked briefly. */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/** Publishes a new version of the author's own item; returns the version's id. */
export async function publishItemVersion(deps: AuthoringDeps, author: Author, input: PublishVersionInput): Promise<number> {
  requireAuthor(author);
  // Formats were checked where the input is declared (src/catalog/authoring-rules.ts).
  const parsed = parseSemVer(input.version)!;
  const { changelog } = input;
  const fileName = input.file.name;
  const bytes = Buffer.from(input.file.contentBase64.replace(/\s+/g, ''), 'base64');
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const item = await ownItem(deps.prisma, author, input.itemId);
  // Checked before the transaction too, so a refused version costs no file write.
  await checkNewVersion(deps.prisma, item, input.version, parsed);

  const fileKey = `items/${item.slug}/${input.version}/${fileName}`;
  try {
    return await deps.prisma.$transaction(async (tx) => {
      // Publishing versions of one item one at a time: two racing requests see each other's version.
      const [locked] = await tx.$queryRaw<{ latest_version: string | null; status: ItemStatus }[]>`
        SELECT latest_version, status FROM items WHERE id = ${item.id} FOR NO KEY UPDATE`;
      if (!locked) throw notFound('Item');
      if (locked.status === 'REMOVED') throw removed();
      await checkNewVersion(tx, { id: item.id, latestVersion: locked.latest_version }, input.version, parsed);

      // The file is written first, then the rows that point at it, so a committed version
      // never lacks its file. If the transaction fails after this, the file is an orphan no
      // row references: harmless, and overwritten by the next publish of that version. It
      // is written under the item's lock so that two racing publishes of one version cannot
      // leave the loser's bytes under the winner's row (same key, different file).
      await deps.fileStore.put(fileKey, bytes);
      const releasedAt = deps.now();
      const created = await tx.itemVersion.create({
        data: {
          itemId: item.id,
          version: input.version,
          changelog,
          releasedAt,
          fileKey,
          fileName,
          fileSize: bytes.length,
          fileSha256: sha256,
        },
        select: { id: true },
      });
      await tx.item.update({ where: { id: item.id }, data: { latestVersion: input.version }, select: { id: true } });
      // The author's webhooks hear of the release in its transaction, whatever the item's status.
      await recordEvent(tx, {
        accountId: author.accountId,
        type: 'item.version_published',
        occurredAt: releasedAt,
        data: {
          item: { id: item.id, slug: item.slug, name: item.name },
          version: input.version,
          changelog,
          released_at: releasedAt.toISOString(),
        },
      });
      return created.id;
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    // Not expected under the lock; the unique (item, version) index is the last line of defence.
    if (isUniqueViolation(error)) throw conflict(`Version ${input.version} of this item exists already`);
    throw error;
  }
}
