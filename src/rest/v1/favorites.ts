// Favorites (000_…): GET /api/v1/favorites (user:collections), POST /api/v1/favorites
// (user:favourite_collection_add) and DELETE /api/v1/favorites/{item_id} (user:collections).
// Both writes are idempotent, as the GraphQL mutations are.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { graphql } from '../../generated/gql';
import type { RestItemFragment } from '../../generated/gql/graphql';
import { restError, v1Data, v1List } from '../envelopes';
import { v1List as listBody, parseListQuery, type FetchPage, type ListSpec } from '../lists';
import { idParameter } from '../params';
import { Id, named } from '../registry';
import { RestFailure, type Route } from '../router';
import { Favorite, favorite } from '../shapes';

const FavoritesQuery = graphql(`
  query RestFavorites($first: Int, $after: String, $last: Int, $before: String, $withNodes: Boolean!) {
    viewer {
      favorites(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges @include(if: $withNodes) { favoritedAt node { ...RestItem } }
      }
    }
  }
`);

const AddFavorite = graphql(`
  mutation RestAddFavorite($itemId: ID!) {
    addFavorite(itemId: $itemId) { favorited favoritedAt item { ...RestItem } }
  }
`);

const RemoveFavorite = graphql(`
  mutation RestRemoveFavorite($itemId: ID!) {
    removeFavorite(itemId: $itemId) { favorited }
  }
`);

type FavoriteEdge = { favoritedAt: string; node: RestItemFragment };

const favoritesList: ListSpec = { sorts: [{ key: '-favorited_at' }, { key: 'favorited_at', backward: true }] };

const FavoriteBody = named('FavoriteBody', z.object({ item_id: Id.describe('The numeric id of the item to add') }));

export const favoriteRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/favorites',
    profile: 'v1',
    summary: 'Your favorites',
    scopes: ['user:collections'],
    list: favoritesList,
    docs: {
      description: 'Most recently added first by default. Favorites of items you can no longer see are left out.',
      response: { description: 'A page of favorites', schema: v1List('FavoriteList', Favorite) },
      errors: { 400: 'A bad page, per_page, sort or cursor', 401: 'No credential, or a bad one', 403: 'The token lacks user:collections' },
    },
    async handle({ url, run }) {
      const fetch: FetchPage<FavoriteEdge> = async (args) => {
        const { favorites } = (await run(FavoritesQuery, args)).viewer;
        return { totalCount: favorites.totalCount, pageInfo: favorites.pageInfo, nodes: favorites.edges ?? [] };
      };
      return { body: await listBody(parseListQuery(url, favoritesList), fetch, favorite) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/favorites',
    profile: 'v1',
    summary: 'Add an item to your favorites',
    scopes: ['user:favourite_collection_add'],
    docs: {
      description: 'Idempotent: adding a favorite again answers 200 with the date it was first added.',
      body: { description: 'The item to add', schema: FavoriteBody, required: true, form: true },
      response: { description: 'The favorite', schema: v1Data('FavoriteResponse', Favorite) },
      errors: {
        400: 'item_id missing or not an id',
        401: 'No credential, or a bad one',
        403: 'The token lacks user:favourite_collection_add',
        404: 'No item with this id that you can see',
      },
    },
    async handle({ body, run }) {
      const itemId = idParameter('item_id', body.item_id);
      const { addFavorite } = await run(AddFavorite, { itemId: encodeGlobalID('Item', itemId) });
      if (!addFavorite.item || !addFavorite.favoritedAt) throw new RestFailure(restError('NOT_FOUND', 'Item not found'));
      return { body: { status: 'success', data: favorite({ favoritedAt: addFavorite.favoritedAt, node: addFavorite.item }) } };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/favorites/:item_id',
    profile: 'v1',
    summary: 'Remove an item from your favorites',
    scopes: ['user:collections'],
    docs: {
      description: 'Idempotent: removing an item that is not a favorite also answers 204.',
      parameters: [{ name: 'item_id', in: 'path', required: true, description: 'The numeric item id', schema: Id }],
      response: { status: 204, description: 'Removed (or was not a favorite)' },
      errors: {
        400: 'item_id is not an id',
        401: 'No credential, or a bad one',
        403: 'The token lacks user:collections',
        404: 'No item with this id that you can see',
      },
    },
    async handle({ params, run }) {
      await run(RemoveFavorite, { itemId: encodeGlobalID('Item', idParameter('item_id', params.item_id)) });
      return { status: 204 };
    },
  },
];
