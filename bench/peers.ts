// The peers: other servers answering request 1 and request 3 on the same database and
// tables, timed beside the floor and the gateway so the gateway can be placed between
// them (../shared/notes/performance.md): PostGraphile v5 with the amber preset
// (bench/servers/postgraphile.ts), and plain graphql-yoga + graphql-js + dataloader over
// pg, interpreted and with graphql-jit (bench/servers/yoga-dataloader.ts). Dev-only.
//
// The yoga peer serves the gateway's own documents (bench/sql.ts), so its answers equal
// the floor's as they are. PostGraphile's schema is derived from the tables: its documents
// use aliases to take the floor's shape, and normalize() turns the price in cents into
// the gateway's `price { regular { amount } }`. PostGraphile is given the buyer's id (it
// has no token check) and the category's id (the amber preset makes `…BySlug` lookups
// only from unique constraints, and Prisma's @unique is a unique index).
import type pg from 'pg';
import type { Family, ServerRole, Target, TargetContext } from './targets';
import { edgesKeys, get, graphql } from './targets';
import type { PeerTargetName, TargetName } from './options';
import type { TimedRun } from './report';
import { amount, GRAPHQL_CATALOG, GRAPHQL_PURCHASES } from './sql';

export const PEER_ROLES = ['postgraphile', 'yoga', 'yoga-jit'] as const satisfies readonly ServerRole[];
export type PeerRole = (typeof PEER_ROLES)[number];

/** The child script and extra environment of each peer's server. */
export const PEER_SERVERS: Record<PeerRole, { script: string; env: Record<string, string> }> = {
  postgraphile: { script: 'postgraphile.ts', env: {} },
  yoga: { script: 'yoga-dataloader.ts', env: { JIT: '0' } },
  'yoga-jit': { script: 'yoga-dataloader.ts', env: { JIT: '1' } },
};

export const isPeerRole = (role: ServerRole): role is PeerRole => (PEER_ROLES as readonly string[]).includes(role);

/** The target every row's "vs PostGraphile" ratio is taken against, per request. */
export const POSTGRAPHILE_OF: Record<Family, TargetName> = { purchases: 'postgraphile', catalog: 'catalog-postgraphile' };

/** Request 1 on PostGraphile: accountByRowId stands for the viewer. */
export const POSTGRAPHILE_PURCHASES = `query PeerPurchases($buyer: Int!, $first: Int!) {
  viewer: accountByRowId(rowId: $buyer) {
    purchases: purchasesByBuyerId(first: $first, orderBy: [PURCHASED_AT_DESC, ROW_ID_DESC]) {
      edges { node { code item: itemByItemId { name regularPriceCents author: accountByAuthorId { username } category: categoryByCategoryId { name } } } }
    }
  }
}`;

/** Request 3 on PostGraphile: listed items of one category, newest first. */
export const POSTGRAPHILE_CATALOG = `query PeerCatalog($category: Int!, $first: Int!) {
  items: allItems(first: $first, condition: { categoryId: $category, status: PUBLISHED }, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]) {
    edges { node { databaseId: rowId name regularPriceCents author: accountByAuthorId { username } category: categoryByCategoryId { name } } }
  }
}`;

/** An item of PostGraphile's answer in the floor's shape: `regularPriceCents: 1999` becomes `price: { regular: { amount: "19.99" } }`. */
function withPrice(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  const { regularPriceCents, ...rest } = item as Record<string, unknown>;
  return { ...rest, price: { regular: { amount: amount(Number(regularPriceCents)) } } };
}

/** A copy of the answer with each edge's node passed through `map`. */
function mapNodes(body: unknown, root: string[], map: (node: Record<string, unknown>) => unknown): unknown {
  const copy = structuredClone(body);
  const edges = get(copy, ...root, 'edges');
  if (Array.isArray(edges))
    for (const edge of edges as Array<{ node: Record<string, unknown> }>) edge.node = map(edge.node) as Record<string, unknown>;
  return copy;
}

function required(value: number | undefined, what: string): number {
  if (value === undefined) throw new Error(`the PostGraphile targets need the bench ${what}'s id`);
  return value;
}

export function buildPeerTargets(context: TargetContext): Record<PeerTargetName, Target> {
  const bearer = { authorization: `Bearer ${context.token}` };
  const purchaseCodes = (body: unknown) => edgesKeys(body, ['data', 'viewer', 'purchases'], 'code');
  const itemIds = (body: unknown) => edgesKeys(body, ['data', 'items'], 'databaseId');
  const yoga = (role: 'yoga' | 'yoga-jit', label: string) =>
    ({
      purchases: {
        family: 'purchases',
        server: role,
        label: `${label} (req 1)`,
        floor: 'floor',
        request: (first: number) => graphql(GRAPHQL_PURCHASES, { first }, bearer),
        keys: purchaseCodes,
      },
      catalog: {
        family: 'catalog',
        server: role,
        label: `${label} (req 3)`,
        floor: 'catalog-floor',
        request: (first: number) => graphql(GRAPHQL_CATALOG, { category: context.category, first }, {}),
        keys: itemIds,
      },
    }) as const;
  const plain = yoga('yoga', 'peer: yoga + dataloader');
  const jit = yoga('yoga-jit', 'peer: yoga + dataloader + graphql-jit');
  return {
    postgraphile: {
      name: 'postgraphile',
      family: 'purchases',
      server: 'postgraphile',
      label: 'peer: PostGraphile 5 amber, buyer id (req 1)',
      floor: 'floor',
      request: (first) => graphql(POSTGRAPHILE_PURCHASES, { buyer: required(context.buyerId, 'buyer'), first }, {}),
      keys: purchaseCodes,
      normalize: (body) => mapNodes(body, ['data', 'viewer', 'purchases'], (node) => ({ ...node, item: withPrice(node.item) })),
    },
    yoga: { name: 'yoga', ...plain.purchases },
    'yoga-jit': { name: 'yoga-jit', ...jit.purchases },
    'catalog-postgraphile': {
      name: 'catalog-postgraphile',
      family: 'catalog',
      server: 'postgraphile',
      label: 'peer: PostGraphile 5 amber, category id (req 3)',
      floor: 'catalog-floor',
      request: (first) => graphql(POSTGRAPHILE_CATALOG, { category: required(context.categoryId, 'category'), first }, {}),
      keys: itemIds,
      normalize: (body) => mapNodes(body, ['data', 'items'], withPrice),
    },
    'catalog-yoga': { name: 'catalog-yoga', ...plain.catalog },
    'catalog-yoga-jit': { name: 'catalog-yoga-jit', ...jit.catalog },
  };
}

/** Sets every row's throughput relative to PostGraphile's for its request, timed at the same connection count in the same run. */
export function ratiosToPostgraphile(runs: TimedRun[], all: Record<TargetName, Target>, run: number, connections: number): void {
  const rows = runs.filter((row) => row.run === run && row.connections === connections);
  for (const row of rows) {
    const reference = rows.find((other) => other.target === POSTGRAPHILE_OF[all[row.target].family]);
    row.vsPostgraphile = reference && reference.rps > 0 ? row.rps / reference.rps : undefined;
  }
}

/** The ids PostGraphile's documents take, looked up once on the bench database. */
export async function peerIds(client: pg.Client, buyer: string, category: string): Promise<{ buyerId?: number; categoryId?: number }> {
  const [account] = (await client.query<{ id: number }>('SELECT id FROM accounts WHERE username = $1', [buyer])).rows;
  const [row] = (await client.query<{ id: number }>('SELECT id FROM categories WHERE slug = $1', [category])).rows;
  return { buyerId: account?.id, categoryId: row?.id };
}
