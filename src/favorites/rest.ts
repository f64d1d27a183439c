// Favorites over REST (000_… v1): GET /api/v1/favorites (a v1 list), POST /api/v1/favorites
// and DELETE /api/v1/favorites/{item_id}. Both writes are idempotent, as the mutations are.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { RestItemFragment } from '../generated/gql/graphql';
import { v1Data, v1List } from '../rest/envelopes';
import { notFound } from '../rest/errors';
import { restDate } from '../rest/format';
import { listReply, type ListSpec } from '../rest/lists';
import { idParameter } from '../rest/params';
import { Id, named } from '../rest/registry';
import { route } from '../rest/route';
import { DateTimeText, ITEM_EXAMPLE, V1Item, v1Item } from '../rest/shapes';

const FavoritesQuery = graphql(`
  query RestFavorites($first: Int, $after: String, $last: Int, $before: String, $offset: Int) {
    viewer {
      favorites(first: $first, after: $after, last: $last, before: $before, offset: $offset) {
        totalCount
        pageInfo { ...RestPageInfo }
        edges { favoritedAt node { ...RestItem } }
      }
    }
  }
`);

const AddFavorite = graphql(`
  mutation RestAddFavorite($itemId: ID!) {
    addFavorite(itemId: $itemId) { favoritedAt item { ...RestItem } }
  }
`);

const RemoveFavorite = graphql(`
  mutation RestRemoveFavorite($itemId: ID!) {
    removeFavorite(itemId: $itemId) { favorited }
  }
`);

const Favorite = named('Favorite', z.strictObject({ item_id: Id, favorited_at: DateTimeText, item: V1Item }), 'An item among your favorites.', {
  item_id: 1,
  favorited_at: '2024-04-27T12:00:00Z',
  item: { ...ITEM_EXAMPLE, slug: 'sample-item', type: 'theme', status: 'published' },
});

const favorite = (edge: { favoritedAt: string; node: RestItemFragment }): z.infer<typeof Favorite> => ({
  item_id: edge.node.databaseId,
  favorited_at: restDate(edge.favoritedAt)!,
  item: v1Item(edge.node),
});

const favoritesList: ListSpec = { sorts: [{ key: '-favorited_at' }, { key: 'favorited_at', backward: true }] };
const itemGlobalId = (value: unknown) => ({ itemId: encodeGlobalID('Item', idParameter('item_id', value)) });

export const favoriteRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/favorites',
    profile: 'v1',
    summary: 'Your favorites',
    list: favoritesList,
    operation: FavoritesQuery,
    variables: ({ list }) => list.window,
    reply: (data, { list }) => listReply(list, data.viewer!.favorites, favorite),
    docs: {
      description: 'Most recently added first by default. Favorites of items you can no longer see are left out.',
      response: { description: 'A page of favorites', schema: v1List('FavoriteList', Favorite) },
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/favorites',
    profile: 'v1',
    summary: 'Add an item to your favorites',
    operation: AddFavorite,
    variables: ({ body }) => itemGlobalId(body.item_id),
    reply: ({ addFavorite: added }) => {
      if (!added.item || !added.favoritedAt) throw notFound('Item not found');
      return { body: { status: 'success', data: favorite({ favoritedAt: added.favoritedAt, node: added.item }) } };
    },
    docs: {
      description: 'Idempotent: adding a favorite again answers 200 with the date it was first added.',
      body: {
        description: 'The item to add',
        schema: named('FavoriteBody', z.object({ item_id: Id.describe('The numeric id of the item to add') })),
        required: true,
        form: true,
      },
      response: { description: 'The favorite', schema: v1Data('FavoriteResponse', Favorite) },
      errors: { 400: 'item_id missing or not an id', 404: 'No item with this id that you can see' },
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/favorites/:item_id',
    profile: 'v1',
    summary: 'Remove an item from your favorites',
    operation: RemoveFavorite,
    variables: ({ params }) => itemGlobalId(params.item_id),
    reply: () => ({ status: 204 }),
    docs: {
      description: 'Idempotent: removing an item that is not a favorite also answers 204.',
      parameters: [{ name: 'item_id', in: 'path', required: true, description: 'The numeric item id', schema: Id }],
      response: { status: 204, description: 'Removed (or was not a favorite)' },
      errors: { 400: 'item_id is not an id', 404: 'No item with this id that you can see' },
    },
  }),
];
