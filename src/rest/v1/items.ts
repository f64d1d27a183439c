// The author's own items (000_…, scope items:read): GET /api/v1/items and
// GET /api/v1/items/{item_id}. Every status is listed (drafts too). The documents' legacy
// twins, /api/items/all and /api/items/item, share the operations (src/rest/legacy/routes.ts).
import { graphql } from '../../generated/gql';
import type { ItemStatus, ItemType, RestItemFragment } from '../../generated/gql/graphql';
import { restError, v1Data, v1List } from '../envelopes';
import { connectionPage, enumFilter, v1List as listBody, parseListQuery, type FetchPage, type ListSpec } from '../lists';
import { idParameter } from '../params';
import { Id } from '../registry';
import { RestFailure, type RestRequest, type Route } from '../router';
import { V1Item, v1Item } from '../shapes';

export const AuthorItemsQuery = graphql(`
  query RestAuthorItems(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $withNodes: Boolean!
    $filter: AuthorItemFilter
  ) {
    viewer {
      items(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges @include(if: $withNodes) { node { ...RestItem } }
      }
    }
  }
`);

export const AuthorItemQuery = graphql(`
  query RestAuthorItem($id: Int!) {
    viewer { item(databaseId: $id) { ...RestItem } }
  }
`);

/** The caller's own items, one connection page at a time. */
export function authorItemsFetcher(
  run: RestRequest['run'],
  filter: { status?: ItemStatus; type?: ItemType } | null = null,
): FetchPage<RestItemFragment> {
  return async (args) => connectionPage((await run(AuthorItemsQuery, { ...args, filter })).viewer.items);
}

/** One of the caller's own items, or null. */
export async function authorItem(run: RestRequest['run'], id: number): Promise<RestItemFragment | null> {
  return (await run(AuthorItemQuery, { id })).viewer.item;
}

const ITEM_STATUSES = ['DRAFT', 'PUBLISHED', 'UNLISTED', 'REMOVED'] as const;
export const ITEM_TYPES = ['THEME', 'PLUGIN', 'SCRIPT', 'AUDIO', 'VIDEO'] as const;

const authorItemsList: ListSpec = {
  sorts: [{ key: '-created_at' }, { key: 'created_at', backward: true }],
  filters: [enumFilter('status', 'Only items in this status.', ITEM_STATUSES), enumFilter('type', 'Only items of this type.', ITEM_TYPES)],
};

const ItemListResponse = v1List('V1ItemList', V1Item);
const ItemResponse = v1Data('V1ItemResponse', V1Item);

export const itemRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/items',
    profile: 'v1',
    summary: 'Your own items, drafts included',
    scopes: ['items:read'],
    etag: true,
    list: authorItemsList,
    docs: {
      description: 'Every item you authored, whatever its status, newest created first.',
      response: { description: 'A page of your items', schema: ItemListResponse },
      errors: { 400: 'A bad page, per_page, sort, filter or cursor', 401: 'No credential, or a bad one', 403: 'The token lacks items:read' },
    },
    async handle({ url, run }) {
      const query = parseListQuery(url, authorItemsList);
      const filter = query.filters as { status?: ItemStatus; type?: ItemType };
      return { body: await listBody(query, authorItemsFetcher(run, filter), v1Item) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/items/:item_id',
    profile: 'v1',
    summary: 'One of your own items',
    scopes: ['items:read'],
    etag: true,
    docs: {
      parameters: [{ name: 'item_id', in: 'path', required: true, description: 'The numeric item id', schema: Id }],
      response: { description: 'The item', schema: ItemResponse },
      errors: {
        400: 'item_id is not a positive integer',
        401: 'No credential, or a bad one',
        403: 'The token lacks items:read',
        404: 'You have no item with this id',
      },
    },
    async handle({ params, run }) {
      const item = await authorItem(run, idParameter('item_id', params.item_id));
      if (!item) throw new RestFailure(restError('NOT_FOUND', 'Item not found'));
      return { body: { status: 'success', data: v1Item(item) } };
    },
  },
];
