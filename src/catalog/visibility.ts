// Which items a caller may see. Published and unlisted items are public (unlisted ones
// only by id or slug, never in search); drafts and removed items only to their author.
import type { Prisma } from '../generated/prisma/client';
import type { Viewer } from '../graphql/context';

export const LISTED_STATUSES = ['PUBLISHED'] as const;
export const PUBLIC_STATUSES = ['PUBLISHED', 'UNLISTED'] as const;

/** Items the caller can open by id or slug. */
export function visibleItemWhere(viewer: Viewer | null): Prisma.ItemWhereInput {
  const isPublic: Prisma.ItemWhereInput = { status: { in: [...PUBLIC_STATUSES] } };
  // An author's own drafts are visible only when their credential may read their items.
  if (viewer?.scopes.has('items:read')) return { OR: [isPublic, { authorId: viewer.accountId }] };
  return isPublic;
}

export function isItemVisible(item: { status: string; authorId: number }, viewer: Viewer | null): boolean {
  if ((PUBLIC_STATUSES as readonly string[]).includes(item.status)) return true;
  return Boolean(viewer?.scopes.has('items:read') && viewer.accountId === item.authorId);
}
