// Command-line options of `npm run bench`. Every option has a default, so a bare
// `npm run bench` runs the reference benchmark (100k purchases, 16 and 64 connections,
// 10 s per target, the local PostgreSQL server).
import { parseArgs } from 'node:util';

/**
 * Every target, in the order they are timed: per request, its floor first (the others'
 * ratio is to it), then the peers (bench/peers.ts: other servers on the same tables),
 * then the gateway.
 */
export const TARGET_NAMES = [
  'floor',
  'postgraphile',
  'yoga',
  'yoga-jit',
  'graphql',
  'rest',
  'catalog-floor',
  'catalog-postgraphile',
  'catalog-yoga',
  'catalog-yoga-jit',
  'catalog',
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];
/** The peers' targets; `--targets peers` selects them all. */
export const PEER_TARGET_NAMES = [
  'postgraphile',
  'yoga',
  'yoga-jit',
  'catalog-postgraphile',
  'catalog-yoga',
  'catalog-yoga-jit',
] as const satisfies readonly TargetName[];
export type PeerTargetName = (typeof PEER_TARGET_NAMES)[number];
export type DatabaseKind = 'postgres' | 'pglite';

export interface DatasetSize {
  purchases: number;
  items: number;
  /** Accounts in all: a tenth are authors, the rest buyers. */
  users: number;
  /** Categories in all: a fifth are top-level, the rest their sub-categories. */
  categories: number;
}

export interface BenchOptions {
  size: DatasetSize;
  connections: number[];
  /** Seconds each target is timed at each connection count. */
  duration: number;
  /** Untimed seconds before each timed run (JIT, pools, caches). */
  warmup: number;
  databases: DatabaseKind[];
  targets: TargetName[];
  /** Consecutive runs with the same processes (memory growth shows across them). */
  runs: number;
  /** Rows per page (first / per_page). */
  pageSize: number;
  /** A smaller page whose statement count must equal the full page's. */
  smallPageSize: number;
  /** Connections in each server's pool (the gateway's DATABASE_POOL_SIZE, the floor's and the peers' pg pools). */
  poolSize: number;
  /** The gateway's RATE_LIMIT_WINDOW_SECONDS (see gatewayEnv in run.ts). */
  rateWindow: number;
  /** The PostgreSQL floor's statement: prepared once per connection (named), or parsed and planned per request. */
  floorStatement: 'named' | 'unnamed';
  /** CPU-profile the gateway (node --cpu-prof); its numbers are then not comparable. */
  profile: boolean;
  /** Rebuild the dataset even when a matching one exists. */
  rebuild: boolean;
  /** Maintenance database of the PostgreSQL server; the bench database sits beside it. */
  postgresUrl: string;
  /** A timed run in which other processes used more than this share of the machine is disturbed... */
  disturbedAbove: number;
  /** ...and is repeated up to this many times; the least disturbed attempt is kept. */
  retryDisturbed: number;
  /** Node flags for the timed gateway (and the write path's instances), e.g. a heap cap. */
  gatewayNodeOptions: string[];
  /** Buyers buying at once through two gateway instances in the write-path run (PostgreSQL); 0 skips it. */
  purchaseBuyers: number;
  /** Only build the dataset(s), then stop. */
  prepareOnly: boolean;
  /** Write the results (JSON) here besides printing them. */
  out?: string;
}

const USAGE = `npm run bench -- [options]

  --purchases N        purchases in the dataset (default 100000; "1m", "100k" accepted)
  --items N            catalog items (default 5000)
  --users N            accounts, a tenth of them authors (default 1000)
  --categories N       categories, a fifth top-level (default 50)
  --connections A,B    concurrent connections, one timed run each (default 16,64)
  --duration S         seconds per timed run (default 10)
  --warmup S           untimed seconds before each timed run (default 2)
  --database D         postgres | pglite | both (default postgres)
  --targets T,...      any of (default: all)
                         request 1: floor, postgraphile, yoga, yoga-jit, graphql, rest (request 2)
                         request 3: catalog-floor, catalog-postgraphile, catalog-yoga, catalog-yoga-jit, catalog
                       "peers" stands for the six peer targets: PostGraphile v5 (amber preset, given the
                       buyer's id: no token check), plain graphql-yoga + graphql-js + dataloader over pg,
                       and the same with @envelop/graphql-jit. Peers need a PostgreSQL server: on the
                       PGlite run they are skipped with a note.
  --runs N             consecutive runs on the same server processes (default 1)
  --page-size N        rows per page (default 50)
  --pool-size N        database connections per server process, peers included (default 10, the gateway's default)
  --disturbed-above P  a timed run in which other processes used more than P% of the machine's CPU is
                       "disturbed" (default 10)
  --retry-disturbed N  repeat a disturbed timed run up to N times, keeping the least disturbed (default 2)
  --rate-window S      the gateway's rate-limit window, RATE_LIMIT_WINDOW_SECONDS (default 60; limits are 1e9)
  --floor-statement K  named (default): the floor prepares its statement once per connection, as the
                       gateway does; unnamed: parsed and planned per request, the floor of issue 8's table
  --purchase-buyers N  the write path (PostgreSQL): N buyers buying at once through two gateway
                       instances, on a copy of the bench database (default 32; 0 skips it)
  --gateway-node-options="F …"  node flags for the timed gateway processes, e.g. --gateway-node-options=--max-old-space-size=192
  --profile            CPU-profile the gateway under load (node --cpu-prof) and summarise it
  --rebuild            regenerate the dataset even if a matching one exists
  --prepare-only       build or check the dataset(s), then exit
  --postgres-url URL   maintenance database (default $BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --out FILE           also write the results as JSON to FILE
`;

function count(text: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`--${name}: expected a number, got ${JSON.stringify(text)}`);
  const factor = { '': 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as '' | 'k' | 'm'];
  const value = Math.round(Number(match[1]) * factor);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name}: must be a positive integer`);
  return value;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      purchases: { type: 'string', default: '100000' },
      items: { type: 'string', default: '5000' },
      users: { type: 'string', default: '1000' },
      categories: { type: 'string', default: '50' },
      connections: { type: 'string', default: '16,64' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      database: { type: 'string', default: 'postgres' },
      targets: { type: 'string', default: TARGET_NAMES.join(',') },
      runs: { type: 'string', default: '1' },
      'page-size': { type: 'string', default: '50' },
      'pool-size': { type: 'string', default: '10' },
      'rate-window': { type: 'string', default: '60' },
      'floor-statement': { type: 'string', default: 'named' },
      'disturbed-above': { type: 'string', default: '10' },
      'retry-disturbed': { type: 'string', default: '2' },
      'purchase-buyers': { type: 'string', default: '32' },
      'gateway-node-options': { type: 'string', default: '' },
      profile: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      'prepare-only': { type: 'boolean', default: false },
      'postgres-url': { type: 'string', default: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const databases: DatabaseKind[] =
    values.database === 'both' ? ['postgres', 'pglite'] : values.database === 'postgres' || values.database === 'pglite' ? [values.database] : [];
  if (!databases.length) throw new Error(`--database: postgres, pglite or both (got ${values.database})`);
  const targets = values.targets
    .split(',')
    .map((name) => name.trim())
    .flatMap((name): string[] => (name === 'peers' ? [...PEER_TARGET_NAMES] : name ? [name] : []));
  const unknown = targets.filter((name) => !(TARGET_NAMES as readonly string[]).includes(name));
  if (unknown.length || !targets.length) throw new Error(`--targets: choose among ${TARGET_NAMES.join(', ')}, peers (got ${values.targets})`);
  const size: DatasetSize = {
    purchases: count(values.purchases, 'purchases'),
    items: count(values.items, 'items'),
    users: count(values.users, 'users'),
    categories: count(values.categories, 'categories'),
  };
  if (size.users < 10) throw new Error('--users: at least 10 (a tenth are authors)');
  if (size.categories < 5) throw new Error('--categories: at least 5 (a fifth are top-level)');
  const pageSize = count(values['page-size'], 'page-size');
  const disturbed = Number(values['disturbed-above']);
  if (!(disturbed > 0 && disturbed <= 100)) throw new Error('--disturbed-above: a percentage in (0, 100]');
  if (pageSize > 100) throw new Error('--page-size: at most 100 (the API refuses larger pages)');
  return {
    size,
    connections: values.connections.split(',').map((text) => count(text, 'connections')),
    duration: count(values.duration, 'duration'),
    warmup: values.warmup === '0' ? 0 : count(values.warmup, 'warmup'),
    databases,
    // Keep the canonical order whatever order they were given in: floors first.
    targets: TARGET_NAMES.filter((name) => targets.includes(name)),
    runs: count(values.runs, 'runs'),
    pageSize,
    smallPageSize: Math.min(5, pageSize),
    poolSize: count(values['pool-size'], 'pool-size'),
    rateWindow: count(values['rate-window'], 'rate-window'),
    floorStatement: floorStatement(values['floor-statement']),
    disturbedAbove: Number(values['disturbed-above']) / 100,
    retryDisturbed: values['retry-disturbed'] === '0' ? 0 : count(values['retry-disturbed'], 'retry-disturbed'),
    gatewayNodeOptions: values['gateway-node-options'].split(/\s+/).filter(Boolean),
    purchaseBuyers: values['purchase-buyers'] === '0' ? 0 : count(values['purchase-buyers'], 'purchase-buyers'),
    profile: values.profile,
    rebuild: values.rebuild,
    prepareOnly: values['prepare-only'],
    postgresUrl: values['postgres-url'],
    out: values.out,
  };
}

function floorStatement(value: string): 'named' | 'unnamed' {
  if (value === 'named' || value === 'unnamed') return value;
  throw new Error(`--floor-statement must be named or unnamed (got ${value})`);
}

/** "100k", "1m", "250000": the dataset's name part. */
export function sizeLabel(purchases: number): string {
  if (purchases % 1_000_000 === 0) return `${purchases / 1_000_000}m`;
  if (purchases % 1_000 === 0) return `${purchases / 1_000}k`;
  return String(purchases);
}
