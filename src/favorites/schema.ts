// Favorites in GraphQL: `Account.favorites` (the viewer's own, newest first, Item nodes
// with `favoritedAt` on the edges, like GitHub's starredRepositories) and the
// addFavorite/removeFavorite mutations. Semantics: src/favorites/service.ts.
import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import { Account } from '../accounts/schema';
import { visibleItemWhere } from '../catalog/visibility';
import { Item } from '../catalog/schema';
import type { Item as ItemRow, Prisma } from '../generated/prisma/client';
import { builder } from '../graphql/builder';
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

/**
 * Newest first, a unique key last so favorites added in the same instant still page stably.
 * Prisma takes a list here; the helper's type only names the single-object form.
 */
const FAVORITES_ORDER = [{ createdAt: 'desc' }, { id: 'desc' }] satisfies Prisma.FavoriteOrderByWithRelationInput[];

const favoriteConnection = prismaConnectionHelpers(builder, 'Favorite', {
  cursor: 'id',
  query: (_args, context) => ({
    where: favoritesWhere(context),
    orderBy: FAVORITES_ORDER as Prisma.FavoriteOrderByWithRelationInput,
  }),
  // The node is the whole item (its type-level auth reads status and authorId) plus what the
  // query selects under it. When nothing under `node` is asked (only totalCount or favoritedAt)
  // the plan is an empty `select`, which Prisma refuses: select the id alone then.
  select: (nodeSelection) => {
    const item = nodeSelection(true);
    const planned = item as { select?: object } | true;
    const nothingAsked = planned !== true && planned.select !== undefined && Object.keys(planned.select).length === 0;
    return { createdAt: true, item: nothingAsked ? ({ select: { id: true } } as never) : item };
  },
  resolveNode: (favorite) => favorite.item,
});

interface FavoritesSelection {
  favorites: (Prisma.FavoriteGetPayload<{ select: { id: true; createdAt: true } }> & { item: ItemRow })[];
  _count: { favorites: number };
}

/** One map object, so scope-auth's per-request cache recognises it (see BUYER_SCOPES in purchases/schema.ts). */
const USER_COLLECTIONS = { 'user:collections': true } as const;

builder.prismaObjectFields(Account, (t) => ({
  favorites: t.connection(
    {
      type: Item,
      description: 'Your favorite items, most recently added first (scope user:collections; your own account only).',
      authScopes: (account, _args, context) => (context.viewer?.accountId === account.id ? USER_COLLECTIONS : false),
      select: (args, context, nestedSelection) => ({
        favorites: favoriteConnection.getQuery(args, context, nestedSelection),
        _count: { select: { favorites: { where: favoritesWhere(context) } } },
      }),
      resolve: (account, args, context) => {
        // What `select` above loaded onto the account (the types do not carry it through t.connection).
        const loaded = account as typeof account & FavoritesSelection;
        return {
          ...favoriteConnection.resolve(loaded.favorites, args, context),
          totalCount: loaded._count.favorites,
        };
      },
    },
    {
      fields: (connection) => ({
        totalCount: connection.int({ authScopes: { public: true }, resolve: (result) => result.totalCount }),
      }),
    },
    {
      fields: (edge) => ({
        favoritedAt: edge.field({
          type: 'DateTime',
          description: 'When the item was added to the favorites.',
          authScopes: { public: true },
          resolve: (favorite) => favorite.createdAt,
        }),
      }),
    },
  ),
}));

const FavoritePayload = builder.objectRef<FavoriteResult>('FavoritePayload').implement({
  description: 'The outcome of adding or removing a favorite.',
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
    item: t.prismaField({
      type: 'Item',
      nullable: true,
      description: 'The item; null when you can no longer see it (a favorite of a since-hidden item was removed).',
      authScopes: { public: true },
      resolve: (query, payload, _args, context) =>
        context.services.db.prisma.item.findFirst({
          ...query,
          where: { AND: [{ id: payload.itemId }, visibleItemWhere(context.viewer)] },
        }),
    }),
  }),
});

builder.mutationFields((t) => ({
  addFavorite: t.field({
    type: FavoritePayload,
    description:
      'Adds an item to your favorites. Idempotent: adding it again is not an error and keeps one favorite. ' +
      'Unknown or hidden items answer NOT_FOUND.',
    authScopes: { 'user:favourite_collection_add': true },
    args: { itemId: t.arg.globalID({ for: [Item], required: true }) },
    resolve: (_root, args, context) =>
      addFavorite(context.services.db.prisma, context.viewer!, Number(args.itemId.id), context.services.now()),
  }),
  removeFavorite: t.field({
    type: FavoritePayload,
    description:
      'Removes an item from your favorites. Idempotent: removing an item that is not a favorite answers ' +
      'favorited: false; NOT_FOUND only when the item is also unknown or hidden from you.',
    authScopes: { 'user:collections': true },
    args: { itemId: t.arg.globalID({ for: [Item], required: true }) },
    resolve: (_root, args, context) => removeFavorite(context.services.db.prisma, context.viewer!, Number(args.itemId.id)),
  }),
}));
