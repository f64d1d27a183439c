// Favorites (the documents' "collections"): an account's bookmarked items.
//
// Semantics, chosen where the documents are silent:
// - Adding is idempotent: adding a favorite twice leaves one row and keeps its first date.
// - Only items the caller can see (published, unlisted, or their own drafts with items:read)
//   can be added; anything else is NOT_FOUND, the same as an unknown id.
// - Removing is idempotent too: removing an item that is not a favorite succeeds with
//   `favorited: false` (like DELETE on a gone resource in many APIs, and like GitHub's
//   removeStar). It is NOT_FOUND only when there is no favorite AND the item is unknown or
//   invisible, so a caller learns nothing about hidden items. A favorite of an item that was
//   hidden since can still be removed.
// - Lists skip favorites of items the caller can no longer see.
import type { PrismaClient } from '../generated/prisma/client';
import { visibleItemWhere } from '../catalog/visibility';
import type { Viewer } from '../graphql/context';
import { notFound } from '../graphql/errors';

export interface FavoriteResult {
  itemId: number;
  favorited: boolean;
  /** When the item became a favorite; null once removed. */
  favoritedAt: Date | null;
}

export async function addFavorite(prisma: PrismaClient, viewer: Viewer, itemId: number, now: Date): Promise<FavoriteResult> {
  const item = await prisma.item.findFirst({ where: { AND: [{ id: itemId }, visibleItemWhere(viewer)] }, select: { id: true } });
  if (!item) throw notFound('Item');
  // One statement (INSERT … ON CONFLICT DO NOTHING), so two concurrent adds cannot collide.
  await prisma.favorite.createMany({ data: [{ accountId: viewer.accountId, itemId, createdAt: now }], skipDuplicates: true });
  const favorite = await prisma.favorite.findUniqueOrThrow({
    where: { accountId_itemId: { accountId: viewer.accountId, itemId } },
    select: { createdAt: true },
  });
  return { itemId, favorited: true, favoritedAt: favorite.createdAt };
}

export async function removeFavorite(prisma: PrismaClient, viewer: Viewer, itemId: number): Promise<FavoriteResult> {
  const removed = await prisma.favorite.deleteMany({ where: { accountId: viewer.accountId, itemId } });
  if (removed.count === 0) {
    const item = await prisma.item.findFirst({ where: { AND: [{ id: itemId }, visibleItemWhere(viewer)] }, select: { id: true } });
    if (!item) throw notFound('Item');
  }
  return { itemId, favorited: false, favoritedAt: null };
}
