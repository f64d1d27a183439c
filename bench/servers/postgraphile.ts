// A peer, not a floor: PostGraphile v5 (amber preset) over the gateway's own tables, as a
// reference for what a schema-from-the-database server reaches on the same requests.
// Dev-only (postgraphile is a devDependency). It has no token check: the bench gives it
// the buyer's id in the query (accountByRowId). Started by bench/run.ts as a child
// process; tells its port over IPC like the floor.
//
//   POST /graphql   the documents of bench/peers.ts (POSTGRAPHILE_PURCHASES, POSTGRAPHILE_CATALOG)
//
// Env: DATABASE_URL, DATABASE_POOL_SIZE.
import './promise-with-resolvers'; // before postgraphile: Node 20 lacks Promise.withResolvers
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Pool, PoolClient } from 'pg';
import { handleBenchRequest, reportReady, stopOn } from './control';
import { StatementLog } from './statement-log';

// PostGraphile is loaded by a specifier TypeScript does not follow, through the few
// signatures below: its types (grafast's) augment graphql-js's ExecutionResult for the
// whole program (`hasNext?: never`), which breaks the type check of src/ once any file
// of the project imports them.
interface PgService {
  adaptorSettings?: { pool?: Pool };
  release?(): Promise<void>;
}
interface NodeServ {
  createHandler(): (req: IncomingMessage, res: ServerResponse) => void;
}
interface PostGraphile {
  createServ(grafserv: unknown): NodeServ;
  getSchema(): Promise<unknown>;
  release(): Promise<void>;
}
const load = (specifier: string): Promise<Record<string, unknown>> => import(specifier);
const { postgraphile } = (await load('postgraphile')) as { postgraphile: (preset: object) => PostGraphile };
const { makePgService } = (await load('postgraphile/adaptors/pg')) as { makePgService: (options: object) => PgService };
const { grafserv } = await load('postgraphile/grafserv/node');
const { PostGraphileAmberPreset } = await load('postgraphile/presets/amber');

const statements = new StatementLog();
const pgService = makePgService({
  connectionString: process.env.DATABASE_URL,
  poolConfig: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
  schemas: ['public'],
  pubsub: false,
});
// Count what PostGraphile sends (for the statements-per-request column) by wrapping each
// new connection's query method: one counter increment per statement, nothing else.
pgService.adaptorSettings?.pool?.on('connect', (client: PoolClient) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0] as string | { text?: string } | undefined;
    statements.record(typeof first === 'string' ? first : (first?.text ?? '?'));
    return query(...args);
  };
});

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [pgService],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
// Build the schema (introspection, plan set-up) before taking requests.
await pgl.getSchema();
const graphql = serv.createHandler();

const server = createServer((req, res) => {
  if (req.url?.startsWith('/__bench/')) {
    void handleBenchRequest(new URL(req.url, 'http://postgraphile'), res, { statements: () => statements.drain() });
    return;
  }
  graphql(req, res);
});
server.keepAliveTimeout = 65_000; // as the gateway

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
// Releasing the instance releases its grafserv too (releasing both is an error); the pool
// is the service's.
stopOn(server, async () => {
  await pgl.release();
  await pgService.release?.();
});
reportReady(server);
