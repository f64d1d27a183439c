// A peer, not a floor: plain graphql-yoga + graphql-js resolvers + one DataLoader per
// relation, over `pg` — the textbook way to serve the gateway's request 1 and request 3,
// with the gateway's own documents (bench/sql.ts) so its answers equal the floor's field
// for field. Per request 1: the token row by its hash, the page of purchases, then items,
// accounts and categories each batched by a per-request DataLoader (5 statements); per
// request 3: the page of items, then accounts and categories (3 statements).
// JIT=1 runs the same schema through @envelop/graphql-jit (compiled execution): a
// separate target and process. Started by bench/run.ts as a child process; tells its port
// over IPC like the floor.
//
// Env: DATABASE_URL, DATABASE_POOL_SIZE, JIT=1.
import { createServer } from 'node:http';
import { useGraphQlJit } from '@envelop/graphql-jit';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import pg from 'pg';
import { hashSecret, isWellFormedSecret, TOKEN_PREFIX } from '../../src/accounts/secrets';
import { amount } from '../sql';
import { handleBenchRequest, reportReady, stopOn } from './control';
import { StatementLog } from './statement-log';

const jit = process.env.JIT === '1';
const statements = new StatementLog();
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });

// Named statements, prepared once per connection, as the floor and the gateway do: a
// careful hand-written server would not re-plan the same five statements on every request.
const names = new Map<string, string>();
async function query<Row>(sql: string, values: unknown[]): Promise<Row[]> {
  statements.record(sql);
  const name = names.get(sql) ?? names.set(sql, `yoga_${names.size}`).get(sql)!;
  return (await pool.query({ name, text: sql, values })).rows as Row[];
}

interface AccountRow {
  id: number;
  username: string;
}
interface ViewerRow extends AccountRow {
  scopes: string[];
  revoked_at: Date | null;
  expires_at: Date | null;
}
interface PurchaseRow {
  id: number;
  code: string;
  item_id: number;
}
interface ItemRow {
  id: number;
  name: string;
  regular_price_cents: number;
  author_id: number;
  category_id: number;
}
interface CategoryRow {
  id: number;
  name: string;
}

// The token check of src/accounts/authenticate.ts: checksum first (no read for a made-up
// token), then one SELECT of the token row (with its account) by the SHA-256 of the token.
const TOKEN_SQL = `SELECT a.id, a.username, t.scopes, t.revoked_at, t.expires_at
  FROM personal_access_tokens t JOIN accounts a ON a.id = t.account_id
 WHERE t.token_hash = $1`;
const PURCHASES_SQL = `SELECT id, code, item_id FROM purchases
 WHERE buyer_id = $1 ORDER BY purchased_at DESC, id DESC LIMIT $2`;
const CATALOG_SQL = `SELECT i.id, i.name, i.regular_price_cents, i.author_id, i.category_id
  FROM items i JOIN categories c ON c.id = i.category_id
 WHERE c.slug = $1 AND i.status = 'PUBLISHED'
 ORDER BY i.published_at DESC, i.id DESC LIMIT $2`;
const CATALOG_ALL_SQL = `SELECT id, name, regular_price_cents, author_id, category_id FROM items
 WHERE status = 'PUBLISHED' ORDER BY published_at DESC, id DESC LIMIT $1`;
const ITEMS_SQL = 'SELECT id, name, regular_price_cents, author_id, category_id FROM items WHERE id = ANY($1::int[])';
const ACCOUNTS_SQL = 'SELECT id, username FROM accounts WHERE id = ANY($1::int[])';
const CATEGORIES_SQL = 'SELECT id, name FROM categories WHERE id = ANY($1::int[])';

/** A DataLoader over `SELECT … WHERE id = ANY($1)`: answers in key order, as DataLoader requires. */
function byId<Row extends { id: number }>(sql: string): DataLoader<number, Row> {
  return new DataLoader(async (ids: readonly number[]) => {
    const rows = new Map((await query<Row>(sql, [ids])).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? new Error(`no row ${id}`));
  });
}

interface Context {
  authorization: string | null;
  viewer?: Promise<ViewerRow>;
  items: DataLoader<number, ItemRow>;
  accounts: DataLoader<number, AccountRow>;
  categories: DataLoader<number, CategoryRow>;
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });

async function authenticate(authorization: string | null): Promise<ViewerRow> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthenticated('Sign in first');
  if (!token.startsWith(TOKEN_PREFIX) || !isWellFormedSecret(token, TOKEN_PREFIX)) throw unauthenticated('Invalid token');
  const [row] = await query<ViewerRow>(TOKEN_SQL, [hashSecret(token)]);
  if (!row || row.revoked_at) throw unauthenticated('Invalid or revoked token');
  if (row.expires_at && row.expires_at <= new Date()) throw unauthenticated('Token expired');
  return row;
}

function pageSize(first: number | null | undefined): number {
  if (first == null) return 20;
  if (!Number.isInteger(first) || first < 1 || first > 100)
    throw new GraphQLError('first must be 1..100', { extensions: { code: 'BAD_USER_INPUT' } });
  return first;
}

const edges = <Row>(rows: Row[]) => ({ edges: rows.map((node) => ({ node })) });

const typeDefs = /* GraphQL */ `
  type Query {
    viewer: Account!
    items(first: Int, filter: CatalogFilter, sort: CatalogSort = NEWEST): ItemConnection!
  }
  input CatalogFilter {
    category: String
  }
  enum CatalogSort {
    NEWEST
  }
  type Account {
    databaseId: Int!
    username: String!
    purchases(first: Int): PurchaseConnection!
  }
  type PurchaseConnection {
    edges: [PurchaseEdge!]!
  }
  type PurchaseEdge {
    node: Purchase!
  }
  type Purchase {
    code: String!
    item: Item!
  }
  type ItemConnection {
    edges: [ItemEdge!]!
  }
  type ItemEdge {
    node: Item!
  }
  type Item {
    databaseId: Int!
    name: String!
    price: ItemPrice!
    author: Account!
    category: Category!
  }
  type ItemPrice {
    regular: Money!
  }
  type Money {
    amount: String!
  }
  type Category {
    name: String!
  }
`;

const resolvers = {
  Query: {
    viewer: (_: unknown, __: unknown, context: Context) => (context.viewer ??= authenticate(context.authorization)),
    items: async (_: unknown, args: { first?: number | null; filter?: { category?: string | null } | null }) => {
      const first = pageSize(args.first);
      const category = args.filter?.category;
      return edges(category ? await query<ItemRow>(CATALOG_SQL, [category, first]) : await query<ItemRow>(CATALOG_ALL_SQL, [first]));
    },
  },
  Account: {
    databaseId: (account: AccountRow) => account.id,
    purchases: async (account: AccountRow, args: { first?: number | null }, context: Context) => {
      // Only the viewer's own purchases, and only with the scope the gateway asks for.
      const viewer = await context.viewer;
      if (!viewer || viewer.id !== account.id) throw new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } });
      if (!viewer.scopes.includes('purchase:list')) throw new GraphQLError('Missing scope purchase:list', { extensions: { code: 'FORBIDDEN' } });
      return edges(await query<PurchaseRow>(PURCHASES_SQL, [account.id, pageSize(args.first)]));
    },
  },
  Purchase: {
    item: (purchase: PurchaseRow, _: unknown, context: Context) => context.items.load(purchase.item_id),
  },
  Item: {
    databaseId: (item: ItemRow) => item.id,
    price: (item: ItemRow) => ({ regular: { amount: amount(item.regular_price_cents) } }),
    author: (item: ItemRow, _: unknown, context: Context) => context.accounts.load(item.author_id),
    category: (item: ItemRow, _: unknown, context: Context) => context.categories.load(item.category_id),
  },
};

const yoga = createYoga({
  schema: createSchema<Context>({ typeDefs, resolvers }),
  context: ({ request }): Context => ({
    authorization: request.headers.get('authorization'),
    items: byId<ItemRow>(ITEMS_SQL),
    accounts: byId<AccountRow>(ACCOUNTS_SQL),
    categories: byId<CategoryRow>(CATEGORIES_SQL),
  }),
  plugins: jit ? [useGraphQlJit()] : [],
  graphiql: false,
  landingPage: false,
  logging: 'warn',
});

const server = createServer((req, res) => {
  if (req.url?.startsWith('/__bench/')) {
    void handleBenchRequest(new URL(req.url, 'http://yoga'), res, { statements: () => statements.drain() });
    return;
  }
  void yoga(req, res);
});
server.keepAliveTimeout = 65_000; // as the gateway

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
stopOn(server, () => pool.end());
reportReady(server);
