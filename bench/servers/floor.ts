// The raw floor: a bare node:http handler that runs ONE hand-written statement per
// request through the same driver the gateway uses (a pg pool of the same size, or
// PGlite directly) and returns the JSON the gateway returns. Started by bench/run.ts as a
// child process; tells its port over IPC.
//
//   GET /purchases?first=50   (Authorization: Bearer <personal access token>)  request 1
//   GET /catalog?category=<slug>&first=50                                      request 3
//
// Env: BENCH_DB=postgres|pglite, DATABASE_URL or DATA_DIR, DATABASE_POOL_SIZE.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { amount, FLOOR_CATALOG_SQL, FLOOR_PURCHASES_SQL } from '../sql';
import { handleBenchRequest, reportReady, stopOn } from './control';

type Query = <Row>(sql: string, params: unknown[]) => Promise<Row[]>;

/** The statements sent since the last /__bench/statements (for the statement counts). */
const sent: string[] = [];

async function connect(): Promise<{ query: Query; close(): Promise<void> }> {
  if (process.env.BENCH_DB === 'pglite') {
    const pglite = await PGlite.create(process.env.DATA_DIR!);
    return {
      query: async <Row>(sql: string, params: unknown[]) => (await pglite.query<Row>(sql, params)).rows,
      close: () => pglite.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // Named by default, so each connection prepares the statement once and reuses its plan:
  // the gateway does the same with Prisma's statements (src/db/statement-names.ts), and a
  // floor must not be slower than a careful hand-written server would be.
  // FLOOR_STATEMENT=unnamed: parsed and planned per request (plain pool.query), the floor
  // the figures of issue 8 were measured against.
  const named = process.env.FLOOR_STATEMENT !== 'unnamed';
  const names = new Map<string, string>();
  const nameOf = (sql: string) => (named ? (names.get(sql) ?? names.set(sql, `floor_${names.size}`).get(sql)!) : undefined);
  return {
    query: async <Row>(sql: string, params: unknown[]) => (await pool.query({ name: nameOf(sql), text: sql, values: params })).rows as Row[],
    close: () => pool.end(),
  };
}

const db = await connect();

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function pageSize(url: URL): number {
  const first = Number(url.searchParams.get('first') ?? 50);
  return Number.isInteger(first) && first >= 1 && first <= 100 ? first : 50;
}

interface PurchaseRow {
  code: string | null;
  item_name: string;
  regular_price_cents: number;
  username: string;
  category_name: string;
}

interface CatalogRow {
  id: number;
  name: string;
  regular_price_cents: number;
  username: string;
  category_name: string;
}

async function purchases(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return send(res, 401, { errors: [{ message: 'Unauthenticated' }] });
  const tokenHash = createHash('sha256').update(match[1]!).digest('hex');
  sent.push(FLOOR_PURCHASES_SQL);
  const rows = await db.query<PurchaseRow>(FLOOR_PURCHASES_SQL, [tokenHash, pageSize(url)]);
  if (!rows.length) return send(res, 401, { errors: [{ message: 'Invalid or revoked token' }] });
  const edges = rows
    .filter((row) => row.code !== null)
    .map((row) => ({
      node: {
        code: row.code,
        item: {
          name: row.item_name,
          price: { regular: { amount: amount(row.regular_price_cents) } },
          author: { username: row.username },
          category: { name: row.category_name },
        },
      },
    }));
  send(res, 200, { data: { viewer: { purchases: { edges } } } });
}

async function catalog(res: ServerResponse, url: URL): Promise<void> {
  sent.push(FLOOR_CATALOG_SQL);
  const rows = await db.query<CatalogRow>(FLOOR_CATALOG_SQL, [url.searchParams.get('category') ?? '', pageSize(url)]);
  const edges = rows.map((row) => ({
    node: {
      databaseId: row.id,
      name: row.name,
      price: { regular: { amount: amount(row.regular_price_cents) } },
      author: { username: row.username },
      category: { name: row.category_name },
    },
  }));
  send(res, 200, { data: { items: { edges } } });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://floor');
  const handled =
    url.pathname === '/purchases'
      ? purchases(req, res, url)
      : url.pathname === '/catalog'
        ? catalog(res, url)
        : handleBenchRequest(url, res, {
            statements: () => ({ count: sent.length, statements: sent.splice(0) }),
          });
  handled.catch((error: unknown) => {
    process.stderr.write(`floor: ${String(error)}\n`);
    if (!res.headersSent) send(res, 500, { errors: [{ message: 'Internal Server Error' }] });
  });
});
server.keepAliveTimeout = 65_000;

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
stopOn(server, () => db.close());
reportReady(server);
