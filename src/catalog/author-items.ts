// An author's own items in GraphQL: `Account.items` (every status, drafts included) and
// `Account.item(databaseId)`, for the viewer's own account with the `items:read` scope.
// They back GET /api/v1/items, /api/v1/items/{item_id}, /api/items/all and /api/items/item.
import type { ItemStatus, ItemType } from '../generated/prisma/enums';
import type { Prisma } from '../generated/prisma/client';
import { ownedWith } from '../graphql/authorization';
import { builder } from '../graphql/builder';
import type { Context } from '../graphql/context';
import { Account } from '../accounts/schema';
import { offsetArgument, withTotalCount } from '../graphql/connection-fields';
import { loadPage } from '../graphql/pages';
import { Item, ItemStatusEnum, ItemTypeEnum } from './schema';

/** Your own account, with items:read; anybody else's account is refused. */
const ownItems = ownedWith('items:read');

const AuthorItemFilter = builder.inputType('AuthorItemFilter', {
  description: 'Narrows the list of your own items. All given filters must match.',
  fields: (t) => ({
    status: t.field({ type: ItemStatusEnum, required: false, description: 'Items in this status only.' }),
    type: t.field({ type: ItemTypeEnum, required: false, description: 'Items of this kind only.' }),
  }),
});

/** Newest first by creation (drafts have no publication date); the id keeps pages stable. */
const NEWEST_CREATED_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

function authorItemsWhere(
  context: Context,
  filter: { status?: ItemStatus | null; type?: ItemType | null } | null | undefined,
): Prisma.ItemWhereInput {
  return {
    // Part of the query itself: rows are loaded for the viewer's own account only.
    authorId: context.viewer?.accountId ?? -1,
    ...(filter?.status ? { status: filter.status } : {}),
    ...(filter?.type ? { type: filter.type } : {}),
  };
}

builder.objectFields(Account, (t) => ({
  items: t.connection(
    {
      type: Item,
      description:
        'Your own items in every status (drafts, unlisted and removed ones included), newest created first ' +
        '(scope items:read; your own account only).',
      authScopes: ownItems,
      args: { filter: t.arg({ type: AuthorItemFilter, required: false, description: 'Omit for all your items.' }), ...offsetArgument() },
      resolve: (_account, args, context) => {
        const where = authorItemsWhere(context, args.filter);
        const items = context.services.db.prisma.item;
        return loadPage(
          args,
          (page) => items.findMany({ ...page, where, orderBy: NEWEST_CREATED_FIRST }),
          () => items.count({ where }),
        );
      },
    },
    { ...withTotalCount, description: 'A page of your own items.' },
    { description: 'One of your items in the list.' },
  ),
  item: t.field({
    type: Item,
    nullable: true,
    description: 'One of your own items by its numeric id, whatever its status; null when you have none with that id (scope items:read).',
    authScopes: ownItems,
    args: { databaseId: t.arg.int({ required: true, description: 'The numeric id of the item (Item.databaseId).' }) },
    resolve: (account, args, context) =>
      context.services.db.prisma.item.findFirst({
        where: { id: args.databaseId, authorId: account.id === context.viewer?.accountId ? account.id : -1 },
      }),
  }),
}));
