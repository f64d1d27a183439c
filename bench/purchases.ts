// The write path: purchases per second with many buyers buying at once through two gateway
// instances (two processes, two pools, one PostgreSQL database), and how long a purchase
// waits while another transaction holds the platform account's row for 3 s (before fees
// were settled apart, every purchase locked that row, so the whole fleet waited).
// Runs on a copy of the bench database (CREATE DATABASE … TEMPLATE), dropped afterwards,
// so the read benchmarks' dataset never changes. Afterwards the money is checked:
// balances + pending fees are what they were plus nothing (a purchase moves money, it
// never makes or loses any), and once settled every purchase's fee is credited once.
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { createPersonalAccessToken } from '../src/accounts/tokens';
import { openDatabase } from '../src/db/client';
import { PLATFORM_USERNAME } from '../src/ledger/ledger';
import { settlePlatformFees } from '../src/ledger/platform-fees';
import { type ChildServer, sampleRss, startChild } from './child';
import { type DatasetInfo, onMaintenance, withDatabase } from './dataset';
import type { BenchOptions } from './options';
import { gatewayEnv } from './roles';

export interface PurchaseBenchResult {
  buyers: number;
  instances: number;
  seconds: number;
  purchases: number;
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
  /** One purchase sent while the platform row was held for `holdMs`: how long it took. */
  holdMs: number;
  duringHoldMs: number;
  peakRss: number;
  /** Money conserved and every fee credited exactly once after settling. */
  moneyExact: boolean;
}

const HOLD_MS = 3000;

const MUTATION = `mutation BenchBuy($input: PurchaseItemInput!) { purchaseItem(input: $input) { purchase { code } } }`;

interface Buyer {
  id: number;
  token: string;
}

/** What money there is: every balance, plus the fees purchases left pending (when that table exists). */
async function moneyOf(client: pg.Client): Promise<bigint> {
  const { rows } = await client.query<{ total: string }>(
    `SELECT ((SELECT coalesce(sum(balance_cents), 0) FROM accounts)
           + (SELECT coalesce(sum(amount_cents), 0) FROM pending_platform_fees))::text AS total`,
  );
  return BigInt(rows[0]!.total);
}

/** Buyers with room to spend, and their tokens. */
async function prepareCopy(url: string, count: number): Promise<{ buyers: Buyer[]; items: number[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: buyerRows } = await client.query<{ id: number }>(
      `UPDATE accounts SET balance_cents = 1000000000000 WHERE id IN (SELECT id FROM accounts WHERE role = 'BUYER' ORDER BY id OFFSET 1 LIMIT $1) RETURNING id`,
      [count],
    );
    const { rows: itemRows } = await client.query<{ id: number }>(
      `SELECT i.id FROM items i WHERE i.status = 'PUBLISHED' AND i.regular_price_cents > 0 AND i.currency = 'USD' ORDER BY i.id LIMIT 500`,
    );
    const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
    try {
      const buyers = await Promise.all(
        buyerRows.map(async ({ id }) => {
          const { token } = await createPersonalAccessToken(
            db.prisma,
            id,
            { name: 'bench purchases', scopes: ['purchase:create'] },
            { now: new Date() },
          );
          return { id, token };
        }),
      );
      return { buyers, items: itemRows.map((row) => row.id) };
    } finally {
      await db.close();
    }
  } finally {
    await client.end();
  }
}

async function buy(url: string, buyer: Buyer, itemId: number): Promise<boolean> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}` },
    body: JSON.stringify({ query: MUTATION, variables: { input: { itemId: encodeGlobalID('Item', itemId), license: 'REGULAR' } } }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  return response.status === 200 && !body.errors;
}

/** Each buyer buys one item after another (never the same twice in a row) until `until`. */
async function load(servers: ChildServer[], buyers: Buyer[], items: number[], until: number) {
  const latencies: number[] = [];
  let failures = 0;
  await Promise.all(
    buyers.map(async (buyer, index) => {
      const url = servers[index % servers.length]!.url;
      for (let n = 0; performance.now() < until; n++) {
        const started = performance.now();
        const ok = await buy(url, buyer, items[(index * 37 + n) % items.length]!);
        if (ok) latencies.push(performance.now() - started);
        else failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (share: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0);
  return { purchases: latencies.length, failures, p50: at(0.5), p99: at(0.99) };
}

/** One purchase while another connection holds the platform row for HOLD_MS. */
async function purchaseDuringHold(url: string, server: ChildServer, buyer: Buyer, itemId: number): Promise<number> {
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM accounts WHERE username = $1 FOR UPDATE', [PLATFORM_USERNAME]);
    const started = performance.now();
    const release = sleep(HOLD_MS).then(() => holder.query('ROLLBACK'));
    await buy(server.url, buyer, itemId);
    const took = performance.now() - started;
    await release;
    return took;
  } finally {
    await holder.end();
  }
}

export async function benchPurchases(
  info: DatasetInfo,
  options: BenchOptions,
  log: (line: string) => void,
  /** The gateway's bench server: its bundle (buildGateway), or another checkout's script, to compare. */
  script: string,
): Promise<PurchaseBenchResult> {
  const source = new URL(info.databaseUrl!).pathname.slice(1);
  const copy = `${source}_writes`;
  await onMaintenance(options.postgresUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${copy} TEMPLATE ${source}`);
  });
  const url = withDatabase(options.postgresUrl, copy);
  const servers: ChildServer[] = [];
  const money = new pg.Client({ connectionString: url });
  try {
    const { buyers, items } = await prepareCopy(url, options.purchaseBuyers + 1);
    const [prober, ...buying] = buyers;
    await money.connect();
    const before = await moneyOf(money);
    const env = { ...gatewayEnv({ ...info, databaseUrl: url }, options, undefined), BENCH_SETTLE_FEES: '1' };
    for (const name of ['gateway-a', 'gateway-b'])
      servers.push(await startChild(`purchases ${name}`, script, { env, nodeOptions: options.gatewayNodeOptions }));
    log(`postgres: purchases: ${buying.length} buyers over ${servers.length} gateway instances, warming up`);
    await load(servers, buying, items, performance.now() + options.warmup * 1000);
    const rss = sampleRss(servers[0]!);
    const started = performance.now();
    const timed = await load(servers, buying, items, started + options.duration * 1000);
    const seconds = (performance.now() - started) / 1000;
    const peakRss = rss.stop();
    const duringHoldMs = await purchaseDuringHold(url, servers[1]!, prober!, items[0]!);
    for (const server of servers.splice(0)) await server.stop();

    const conserved = (await moneyOf(money)) === before;
    const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
    try {
      await settlePlatformFees(db.prisma);
    } finally {
      await db.close();
    }
    const { rows } = await money.query<{ wrong: number }>(
      // The bench dataset has no ledger: the purchases with ledger lines are this run's.
      `SELECT count(*)::int AS wrong FROM purchases p
        WHERE EXISTS (SELECT 1 FROM ledger_entries l WHERE l.purchase_id = p.id AND l.kind = 'PURCHASE')
          AND (SELECT count(*) FROM ledger_entries l WHERE l.purchase_id = p.id AND l.kind = 'PLATFORM_FEE') <> 1`,
    );
    const result: PurchaseBenchResult = {
      buyers: buying.length,
      instances: 2,
      seconds,
      purchases: timed.purchases,
      perSecond: timed.purchases / seconds,
      p50: timed.p50,
      p99: timed.p99,
      failures: timed.failures,
      holdMs: HOLD_MS,
      duringHoldMs,
      peakRss,
      moneyExact: conserved && (await moneyOf(money)) === before && rows[0]!.wrong === 0,
    };
    log(
      `postgres: purchases: ${result.perSecond.toFixed(0)}/s (p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.failures} failed); ` +
        `one purchase during a ${HOLD_MS} ms platform-row hold took ${duringHoldMs.toFixed(0)} ms; money exact: ${result.moneyExact}`,
    );
    return result;
  } finally {
    for (const server of servers) await server.stop();
    await money.end().catch(() => undefined);
    await onMaintenance(options.postgresUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`));
  }
}

export function formatPurchases(result: PurchaseBenchResult): string {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  return [
    `### The write path (PostgreSQL): ${result.buyers} buyers buying at once through ${result.instances} gateway instances`,
    '',
    '| purchases/s | p50 | p99 | failed | one purchase while the platform row is held ' +
      `${result.holdMs} ms | peak RSS (one instance) | money exact after settling |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    `| ${result.perSecond.toFixed(0)} | ${result.p50} ms | ${result.p99} ms | ${result.failures} | ${result.duringHoldMs.toFixed(0)} ms | ${mb(result.peakRss)} | ${result.moneyExact ? 'yes' : '**NO**'} |`,
  ].join('\n');
}
