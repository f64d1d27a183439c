// Favorites in GraphQL: `Account.favorites` (the viewer's own, newest first, Item nodes
// with `favoritedAt` on the edges, like GitHub's starredRepositories) and the
// addFavorite/removeFavorite mutations. Semantics: src/favorites/service.ts.
import { Account } from '../accounts/schema';
import { visibleItemWhere } from '../catalog/visibility';
import { Item } from '../catalog/schema';
import type { Prisma } from '../generated/prisma/client';
import { ownedWith } from '../graphql/authorization';
import { builder } from '../graphql/builder';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import { loadPage } from '../graphql/pages';
import type { Context } from '../graphql/context';
import { addFavorite, removeFavorite, type FavoriteResult } from './service';

/**
 * Which favorites a request may load. It is part of the query itself, so selecting
 * `favorites` under somebody else's account (an item's author) loads no rows even before
 * the field's authorization refuses it.
 */
function favoritesWhere(context: Context): Prisma.FavoriteWhereInput {
  return { accountId: context.viewer?.accountId ?? -1, item: visibleItemWhere(context.viewer) };
}

/** Newest first, a unique key last so favorites added in the same instant still page stably. */
const FAVORITES_ORDER = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

builder.objectFields(Account, (t) => ({
  favorites: t.connection(
    {
      type: Item,
      description: 'Your favorite items, most recently added first (scope user:collections; your own account only).',
      authScopes: ownedWith('user:collections'),
      args: offsetArgument(),
      resolve: (_account, args, context) => {
        const where = favoritesWhere(context);
        const favorites = context.services.db.prisma.favorite;
        return loadPage(
          args,
          (page) => favorites.findMany({ ...page, where, orderBy: FAVORITES_ORDER }),
          () => favorites.count({ where }),
          // The item is loaded with the others of the page; the edge keeps when it was added.
          (favorite) => ({ node: favorite.itemId, favoritedAt: favorite.createdAt }),
        );
      },
    },
    { ...withTotalCount, description: 'A page of your favorite items.' },
    {
      description: 'One of your favorite items, with when you added it.',
      fields: (edge) => ({
        favoritedAt: edge.field({
          type: 'DateTime',
          description: 'When the item was added to the favorites.',
          authScopes: { public: true },
          resolve: (favorite) => (favorite as unknown as { favoritedAt: Date }).favoritedAt,
        }),
      }),
    },
  ),
}));

/** addFavorite and removeFavorite answer the same fields, each in a payload named after it. */
const favoritePayload = (name: string, description: string) =>
  builder.objectRef<FavoriteResult>(name).implement({
    description,
    fields: (t) => ({
      favorited: t.exposeBoolean('favorited', {
        description: 'Whether the item is now among your favorites.',
        authScopes: { public: true },
      }),
      favoritedAt: t.expose('favoritedAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When it was first added; null after a removal.',
        authScopes: { public: true },
      }),
      item: t.field({
        type: Item,
        nullable: true,
        description: 'The item; null when you can no longer see it (a favorite of a since-hidden item was removed).',
        authScopes: { public: true },
        // The item loader loads only items the caller may see.
        resolve: (payload) => payload.itemId,
      }),
    }),
  });

const AddFavoritePayload = favoritePayload('AddFavoritePayload', 'The item, now among your favorites.');
const RemoveFavoritePayload = favoritePayload('RemoveFavoritePayload', 'The item, no longer among your favorites.');

builder.mutationFields((t) => ({
  addFavorite: t.field({
    type: AddFavoritePayload,
    description:
      'Adds an item to your favorites. Idempotent: adding it again is not an error and keeps one favorite. ' +
      'Unknown or hidden items answer NOT_FOUND.',
    authScopes: { 'user:favourite_collection_add': true },
    args: { itemId: t.arg.globalID({ for: [Item], required: true, description: 'The global id of the item (Item.id).' }) },
    resolve: (_root, args, context) => addFavorite(context.services.db.prisma, context.viewer!, Number(args.itemId.id), context.services.now()),
  }),
  removeFavorite: t.field({
    type: RemoveFavoritePayload,
    description:
      'Removes an item from your favorites. Idempotent: removing an item that is not a favorite answers ' +
      'favorited: false; NOT_FOUND only when the item is also unknown or hidden from you.',
    authScopes: { 'user:collections': true },
    args: { itemId: t.arg.globalID({ for: [Item], required: true, description: 'The global id of the item (Item.id).' }) },
    resolve: (_root, args, context) => removeFavorite(context.services.db.prisma, context.viewer!, Number(args.itemId.id)),
  }),
}));
