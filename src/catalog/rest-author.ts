// An author's own items over REST, drafts included (scope items:read): GET /api/v1/items
// and /api/v1/items/{item_id} (000_… v1), and their deprecated twins /api/items/all and
// /api/items/item (001_… legacy, api_key).
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { ItemStatus, ItemType } from '../generated/gql/graphql';
import { v1Data, v1List } from '../rest/envelopes';
import { notFound } from '../rest/errors';
import { enumFilter, listReply, ofNode, type ListSpec } from '../rest/lists';
import { idParameter } from '../rest/params';
import { Id, named } from '../rest/registry';
import { route } from '../rest/route';
import { ITEM_TYPES, LegacyItem, V1Item, legacyItem, v1Item } from '../rest/shapes';

const AuthorItemsQuery = graphql(`
  query RestAuthorItems($first: Int, $after: String, $last: Int, $before: String, $offset: Int, $filter: AuthorItemFilter) {
    viewer {
      items(first: $first, after: $after, last: $last, before: $before, offset: $offset, filter: $filter) {
        totalCount
        pageInfo { ...RestPageInfo }
        edges { node { ...RestItem } }
      }
    }
  }
`);

const AuthorItemQuery = graphql(`
  query RestAuthorItem($id: Int!) {
    viewer { item(databaseId: $id) { ...RestItem } }
  }
`);

const ITEM_STATUSES = ['DRAFT', 'PUBLISHED', 'UNLISTED', 'REMOVED'] as const;

const authorItemsList: ListSpec = {
  sorts: [{ key: '-created_at' }, { key: 'created_at', backward: true }],
  filters: [enumFilter('status', 'Only items in this status.', ITEM_STATUSES), enumFilter('type', 'Only items of this type.', ITEM_TYPES)],
};

const itemIdParameter = { name: 'item_id', required: true, description: 'The numeric item id', schema: Id };
const legacy = { profile: 'legacy', deprecated: true, etag: true } as const;

export const authorItemRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/items',
    profile: 'v1',
    summary: 'Your own items, drafts included',
    etag: true,
    list: authorItemsList,
    operation: AuthorItemsQuery,
    variables: ({ list }) => ({ ...list.window, filter: list.filters as { status?: ItemStatus; type?: ItemType } }),
    reply: (data, { list }) => listReply(list, data.viewer!.items, ofNode(v1Item)),
    docs: {
      description: 'Every item you authored, whatever its status, newest created first.',
      response: { description: 'A page of your items', schema: v1List('V1ItemList', V1Item) },
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/items/:item_id',
    profile: 'v1',
    summary: 'One of your own items',
    etag: true,
    operation: AuthorItemQuery,
    variables: ({ params }) => ({ id: idParameter('item_id', params.item_id) }),
    reply: (data) => {
      const item = data.viewer!.item;
      if (!item) throw notFound('Item not found');
      return { body: { status: 'success', data: v1Item(item) } };
    },
    docs: {
      parameters: [{ ...itemIdParameter, in: 'path' }],
      response: { description: 'The item', schema: v1Data('V1ItemResponse', V1Item) },
      errors: { 400: 'item_id is not a positive integer', 404: 'You have no item with this id' },
    },
  }),
  route({
    method: 'GET',
    path: '/api/items/all',
    ...legacy,
    summary: 'All items of the api key’s account',
    operation: AuthorItemsQuery,
    variables: () => ({ filter: null }),
    everyRecord: (data) => data.viewer!.items,
    reply: (data) => {
      const items = data.viewer!.items;
      if (items.edges.length === 0) throw notFound('No items found');
      return { body: { status: 'success', items: items.edges.map(({ node }) => legacyItem(node)) } };
    },
    docs: {
      description: 'Every item the account authored, drafts included, newest created first. None at all answers 404 "No items found".',
      response: {
        description: 'The items',
        schema: named('LegacyItemList', z.strictObject({ status: z.literal('success'), items: z.array(LegacyItem) })),
      },
      errors: { 404: 'No items found' },
    },
  }),
  route({
    method: 'GET',
    path: '/api/items/item',
    ...legacy,
    summary: 'One item of the api key’s account',
    operation: AuthorItemQuery,
    variables: ({ url }) => ({ id: idParameter('item_id', url.searchParams.get('item_id')) }),
    reply: (data) => {
      const item = data.viewer!.item;
      if (!item) throw notFound('Item Not Found');
      return { body: { status: 'success', item: legacyItem(item) } };
    },
    docs: {
      parameters: [{ ...itemIdParameter, in: 'query', description: 'The ID of the item to retrieve' }],
      response: { description: 'The item', schema: named('LegacyItemResponse', z.strictObject({ status: z.literal('success'), item: LegacyItem })) },
      errors: { 400: 'item_id missing or not an id', 404: 'Item Not Found' },
    },
  }),
];
