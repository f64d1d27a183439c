// Favorites over GraphQL: the viewer's list (newest first, paged, Item nodes with
// favoritedAt on edges), idempotent add/remove, visibility, ownership and scopes.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway, nothingStands } from '../support/gateway';

let t: TestGateway;
let johndoe: string;
let johndoeId: number;
beforeAll(async () => {
  t = await startTestGateway();
  johndoe = await tokenFor(t, 'johndoe', ['user:collections', 'user:favourite_collection_add']);
  johndoeId = await accountId(t, 'johndoe');
});
afterAll(() => t.close());
afterEach(() => t.setNow(null));

const Favorites = graphql(`
  query Favorites($first: Int, $after: String, $last: Int, $before: String) {
    viewer {
      favorites(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
        edges { cursor favoritedAt node { id databaseId slug author { username } } }
      }
    }
  }
`);

const AddFavorite = graphql(`
  mutation AddFavorite($itemId: ID!) {
    addFavorite(itemId: $itemId) { favorited favoritedAt item { id slug } }
  }
`);

const RemoveFavorite = graphql(`
  mutation RemoveFavorite($itemId: ID!) {
    removeFavorite(itemId: $itemId) { favorited favoritedAt item { id slug } }
  }
`);

const AccountFavorites = graphql(`
  query AccountFavorites($id: ID!) {
    node(id: $id) { ... on Account { username favorites(first: 5) { totalCount } } }
  }
`);

const itemGid = (id: number) => encodeGlobalID('Item', id);

/** johndoe's favorites as the database orders them: newest first, id breaking ties. */
async function expectedFavorites(accountIdToList = johndoeId) {
  return t.db.prisma.favorite.findMany({
    where: { accountId: accountIdToList, item: { status: { in: ['PUBLISHED', 'UNLISTED'] } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: { item: true },
  });
}

/** Published items johndoe has not favorited, oldest first. */
async function otherPublishedItems(count: number) {
  return t.db.prisma.item.findMany({
    where: { status: 'PUBLISHED', favorites: { none: { accountId: johndoeId } } },
    orderBy: { id: 'asc' },
    take: count,
  });
}

async function allPages(pageSize: number, token = johndoe) {
  const slugs: string[] = [];
  let after: string | null | undefined;
  let pages = 0;
  do {
    const { data, errors } = await t.graphql(Favorites, { first: pageSize, after }, { token });
    expect(errors).toBeUndefined();
    const page = data!.viewer!.favorites;
    slugs.push(...page.edges.map((edge) => edge.node.slug));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    pages += 1;
  } while (after && pages < 50);
  return slugs;
}

describe('listing favorites', () => {
  it("lists the viewer's favorites newest first with favoritedAt and totalCount", async () => {
    const expected = await expectedFavorites();
    expect(expected.length).toBeGreaterThanOrEqual(6);
    const { data, errors } = await t.graphql(Favorites, { first: 20 }, { token: johndoe });
    expect(errors).toBeUndefined();
    const favorites = data!.viewer!.favorites;
    expect(favorites.totalCount).toBe(expected.length);
    expect(favorites.pageInfo.hasNextPage).toBe(false);
    expect(favorites.edges.map((edge) => edge.node.slug)).toEqual(expected.map((f) => f.item.slug));
    expect(favorites.edges.map((edge) => edge.favoritedAt)).toEqual(expected.map((f) => f.createdAt.toISOString()));
    expect(favorites.edges[0]!.node.author.username).toBe(
      (await t.db.prisma.account.findUniqueOrThrow({ where: { id: expected[0]!.item.authorId } })).username,
    );
  });

  it('pages forward and backward without repeats or gaps, also across favorites added at the same instant', async () => {
    // Three favorites with one timestamp: only the id orders them.
    const tie = new Date('2030-01-01T00:00:00Z');
    t.setNow(tie);
    for (const item of await otherPublishedItems(3)) {
      expect((await t.graphql(AddFavorite, { itemId: itemGid(item.id) }, { token: johndoe })).errors).toBeUndefined();
    }
    t.setNow(null);
    const expected = (await expectedFavorites()).map((f) => f.item.slug);
    expect(expected.length).toBeGreaterThanOrEqual(9);

    for (const size of [1, 2, 4]) expect(await allPages(size)).toEqual(expected);

    const firstPage = await t.graphql(Favorites, { first: 4 }, { token: johndoe });
    const secondPage = await t.graphql(Favorites, { first: 4, after: firstPage.data!.viewer!.favorites.pageInfo.endCursor }, { token: johndoe });
    expect(secondPage.data!.viewer!.favorites.pageInfo.hasPreviousPage).toBe(true);
    expect(secondPage.data!.viewer!.favorites.edges.map((e) => e.node.slug)).toEqual(expected.slice(4, 8));
    expect(secondPage.data!.viewer!.favorites.totalCount).toBe(expected.length);

    const lastTwo = await t.graphql(Favorites, { last: 2 }, { token: johndoe });
    expect(lastTwo.data!.viewer!.favorites.edges.map((e) => e.node.slug)).toEqual(expected.slice(-2));
    const beforeThose = await t.graphql(Favorites, { last: 3, before: lastTwo.data!.viewer!.favorites.pageInfo.startCursor }, { token: johndoe });
    expect(beforeThose.data!.viewer!.favorites.edges.map((e) => e.node.slug)).toEqual(expected.slice(-5, -2));
  });

  it('answers selections without node fields (only totalCount, only favoritedAt)', async () => {
    const expected = await expectedFavorites();
    const count = await t.graphql<{ viewer: { favorites: { totalCount: number } } }>('{ viewer { favorites(first: 2) { totalCount } } }', undefined, {
      token: johndoe,
    });
    expect(count.errors).toBeUndefined();
    expect(count.data!.viewer!.favorites.totalCount).toBe(expected.length);
    const dates = await t.graphql<{ viewer: { favorites: { edges: { favoritedAt: string }[] } } }>(
      '{ viewer { favorites(first: 2) { edges { favoritedAt } } } }',
      undefined,
      { token: johndoe },
    );
    expect(dates.errors).toBeUndefined();
    expect(dates.data!.viewer!.favorites.edges.map((e) => e.favoritedAt)).toEqual(expected.slice(0, 2).map((f) => f.createdAt.toISOString()));
  });

  it('loads a page in the same number of statements whatever its size', async () => {
    const count = async (first: number) => {
      t.statements.length = 0;
      const { errors } = await t.graphql(Favorites, { first }, { token: johndoe });
      expect(errors).toBeUndefined();
      return t.statements.filter((sql) => /favorites|"items"/.test(sql)).length;
    };
    const small = await count(1);
    const large = await count(8);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(3);
  });
});

describe('adding and removing', () => {
  it('adds a favorite idempotently and lists it first', async () => {
    const [item] = await otherPublishedItems(1);
    // Later than anything another test added.
    t.setNow(new Date('2031-01-01T00:00:00Z'));
    const added = await t.graphql(AddFavorite, { itemId: itemGid(item!.id) }, { token: johndoe });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addFavorite).toMatchObject({ favorited: true, item: { slug: item!.slug } });
    const firstDate = added.data!.addFavorite.favoritedAt;

    const again = await t.graphql(AddFavorite, { itemId: itemGid(item!.id) }, { token: johndoe });
    expect(again.errors).toBeUndefined();
    expect(again.data!.addFavorite).toMatchObject({ favorited: true, favoritedAt: firstDate });
    expect(await t.db.prisma.favorite.count({ where: { accountId: johndoeId, itemId: item!.id } })).toBe(1);

    const { data } = await t.graphql(Favorites, { first: 1 }, { token: johndoe });
    expect(data!.viewer!.favorites.edges[0]!.node.slug).toBe(item!.slug);
    expect(data!.viewer!.favorites.edges[0]!.favoritedAt).toBe(firstDate);
  });

  it('removes a favorite; removing it again answers favorited: false', async () => {
    const [favorite] = await expectedFavorites();
    const removed = await t.graphql(RemoveFavorite, { itemId: itemGid(favorite!.itemId) }, { token: johndoe });
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.removeFavorite).toEqual({
      favorited: false,
      favoritedAt: null,
      item: { id: itemGid(favorite!.itemId), slug: favorite!.item.slug },
    });
    expect(await t.db.prisma.favorite.count({ where: { accountId: johndoeId, itemId: favorite!.itemId } })).toBe(0);

    const again = await t.graphql(RemoveFavorite, { itemId: itemGid(favorite!.itemId) }, { token: johndoe });
    expect(again.errors).toBeUndefined();
    expect(again.data!.removeFavorite.favorited).toBe(false);
  });

  it('answers NOT_FOUND for unknown items and for drafts the caller cannot see', async () => {
    const draft = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'DRAFT' } });
    for (const id of [999_999, draft.id]) {
      const add = await t.graphql(AddFavorite, { itemId: itemGid(id) }, { token: johndoe });
      expect(add.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const remove = await t.graphql(RemoveFavorite, { itemId: itemGid(id) }, { token: johndoe });
      expect(remove.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await t.db.prisma.favorite.count({ where: { accountId: johndoeId, itemId: draft.id } })).toBe(0);
  });

  it('refuses an id of another type', async () => {
    const add = await t.graphql(AddFavorite, { itemId: encodeGlobalID('Account', johndoeId) }, { token: johndoe });
    expect(nothingStands(add.data)).toBe(true);
    expect(add.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'itemId', reason: 'must be the id of an Item' });
  });

  it('hides favorites of items that were hidden since, and still lets them be removed', async () => {
    const [item] = await otherPublishedItems(1);
    await t.graphql(AddFavorite, { itemId: itemGid(item!.id) }, { token: johndoe });
    await t.db.prisma.item.update({ where: { id: item!.id }, data: { status: 'REMOVED' } });
    try {
      const { data, errors } = await t.graphql(Favorites, { first: 100 }, { token: johndoe });
      expect(errors).toBeUndefined();
      expect(data!.viewer!.favorites.edges.map((e) => e.node.slug)).not.toContain(item!.slug);
      expect(data!.viewer!.favorites.totalCount).toBe((await expectedFavorites()).length);

      const removed = await t.graphql(RemoveFavorite, { itemId: itemGid(item!.id) }, { token: johndoe });
      expect(removed.errors).toBeUndefined();
      expect(removed.data!.removeFavorite).toEqual({ favorited: false, favoritedAt: null, item: null });
      expect(await t.db.prisma.favorite.count({ where: { accountId: johndoeId, itemId: item!.id } })).toBe(0);
    } finally {
      await t.db.prisma.item.update({ where: { id: item!.id }, data: { status: 'PUBLISHED' } });
    }
  });
});

describe('ownership and scopes', () => {
  it("keeps two users' favorites apart", async () => {
    const other = await t.db.prisma.account.findFirstOrThrow({ where: { role: 'BUYER', username: { not: 'johndoe' } }, orderBy: { id: 'asc' } });
    const otherToken = await tokenFor(t, other.username, ['user:collections', 'user:favourite_collection_add']);
    const [item] = await otherPublishedItems(1);

    expect((await t.graphql(AddFavorite, { itemId: itemGid(item!.id) }, { token: otherToken })).errors).toBeUndefined();
    expect(await allPages(100)).toEqual((await expectedFavorites()).map((f) => f.item.slug));
    expect(await allPages(100)).not.toContain(item!.slug);
    expect(await allPages(100, otherToken)).toContain(item!.slug);

    // Removing through johndoe does not touch the other user's favorite.
    await t.graphql(RemoveFavorite, { itemId: itemGid(item!.id) }, { token: johndoe });
    expect(await t.db.prisma.favorite.count({ where: { accountId: other.id, itemId: item!.id } })).toBe(1);

    // Another account's favorites are not readable, whatever the scopes.
    const theirs = await t.graphql(AccountFavorites, { id: encodeGlobalID('Account', other.id) }, { token: johndoe });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(theirs.errors?.[0]?.path).toEqual(['node', 'favorites']);
    const own = await t.graphql(AccountFavorites, { id: encodeGlobalID('Account', johndoeId) }, { token: johndoe });
    expect(own.errors).toBeUndefined();
    const anonymous = await t.graphql(AccountFavorites, { id: encodeGlobalID('Account', johndoeId) });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('needs user:collections to list and remove, user:favourite_collection_add to add', async () => {
    const addOnly = await tokenFor(t, 'johndoe', ['user:favourite_collection_add']);
    const listOnly = await tokenFor(t, 'johndoe', ['user:collections']);
    const [item] = await otherPublishedItems(1);

    const list = await t.graphql(Favorites, { first: 5 }, { token: addOnly });
    expect(list.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['user:collections'] });
    const remove = await t.graphql(RemoveFavorite, { itemId: itemGid(item!.id) }, { token: addOnly });
    expect(remove.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['user:collections'] });
    const add = await t.graphql(AddFavorite, { itemId: itemGid(item!.id) }, { token: listOnly });
    expect(add.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['user:favourite_collection_add'] });
    expect(add.errors?.[0]?.message).toContain('user:favourite_collection_add');

    const added = await t.graphql(AddFavorite, { itemId: itemGid(item!.id) }, { token: addOnly });
    expect(added.errors).toBeUndefined();
    const anonymous = await t.graphql(AddFavorite, { itemId: itemGid(item!.id) });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
