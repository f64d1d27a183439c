// Real faults between the gateway and PostgreSQL: a TCP proxy in the test stalls, refuses
// or resets the connections (src: test/support/fault-proxy.ts). For each: what the client
// gets (503 with Retry-After in its surface's shape, never 400 or 500, no internals), how
// long it takes (bounded by the configured timeouts, not by the fault), that the process
// lives on, and that every balance still equals its ledger. Redis faults are in
// test/limits/shared-budget.test.ts; SIGTERM during a stall and under load at the end.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { createPersonalAccessToken } from '../../src/accounts/tokens';
import { checkLedgerInvariants, itemGlobalId, setBalance } from '../purchases/support';
import { openServerTestDatabase, type TestDatabase } from '../support/databases';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { freePort } from '../support/http';
import { startInstance, type Instance } from '../support/instances';

const TIMEOUTS = { connectMs: 1000, statementMs: 1000, idleInTransactionMs: 2000 };
/** The longest a request may wait on a broken database: connect, then a statement, then slack. */
const BOUND_MS = TIMEOUTS.connectMs + TIMEOUTS.statementMs + 1000 + 8000;

let server: TestDatabase & { url: string };
let proxy: FaultProxy;
let viaProxy: Database;
let gateway: Instance;
let token: string;
const connectionErrors: Error[] = [];

beforeAll(async () => {
  server = await openServerTestDatabase();
  const target = new URL(server.url);
  proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
  viaProxy = await openDatabase({
    databaseUrl: proxy.url(server.url),
    poolSize: 4,
    timeouts: TIMEOUTS,
    onConnectionError: (error) => connectionErrors.push(error),
  });
  gateway = await startInstance({ db: viaProxy, env: { RATE_LIMIT_FREE: '100000', RATE_LIMIT_ANONYMOUS: '100000' } });
  const account = await server.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
  ({ token } = await createPersonalAccessToken(
    server.db.prisma,
    account.id,
    { name: 'faults', scopes: ['user:account', 'purchase:list', 'purchase:create'] },
    { now: new Date() },
  ));
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await proxy?.close();
  await viaProxy?.close();
  await server?.close();
});

async function timed(send: () => Promise<Response>) {
  const started = performance.now();
  const response = await send();
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: safeJson(text), ms: performance.now() - started };
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const asks = {
  graphql: () =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { username purchases(first: 2) { totalCount } } }' }),
    }),
  graphqlAnonymous: () =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ items(first: 2) { totalCount } }' }),
    }),
  v1: () => fetch(`${gateway.url}/api/v1/account/details`, { headers: { authorization: `Bearer ${token}` } }),
  products: () => fetch(`${gateway.url}/api/products?limit=2`),
  legacy: () => fetch(`${gateway.url}/api/items/all`, { headers: { authorization: `Bearer ${token}` } }),
};

/** Every surface answers the outage in its own shape, in time, without internals. */
async function expectOutageAnswers() {
  for (const [surface, send] of Object.entries(asks)) {
    const answer = await timed(send);
    expect(answer.status, surface).toBe(503);
    expect(answer.headers.get('retry-after'), surface).toMatch(/^[1-9]\d*$/);
    expect(answer.ms, `${surface} answered in ${Math.round(answer.ms)} ms`).toBeLessThan(BOUND_MS);
    expect(answer.text, surface).not.toMatch(/prisma|postgres|127\.0\.0\.1|invocation|\bat \//i);
    if (surface.startsWith('graphql')) {
      const [error] = (answer.body!.errors as Array<{ extensions: Record<string, unknown> }>) ?? [];
      expect(error!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: expect.any(Number) });
    } else if (surface === 'products') {
      expect(answer.body).toMatchObject({ success: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    } else if (surface === 'v1') {
      expect(answer.body).toMatchObject({ status: 'error', code: 503, correlation_id: answer.headers.get('x-correlation-id') });
    } else {
      expect(answer.body).toMatchObject({ status: 'error' });
    }
  }
}

async function expectHealthyAgain() {
  await expect.poll(async () => (await asks.graphql()).status, { timeout: 30_000 }).toBe(200);
  expect((await timed(asks.v1)).status).toBe(200);
  expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
  await checkLedgerInvariants(server);
}

describe('a stalled database', () => {
  it('answers 503 with Retry-After on every surface within the timeouts, and readiness says so; liveness stays', async () => {
    expect((await timed(asks.graphql)).status).toBe(200);
    await proxy.stall();
    try {
      await expectOutageAnswers();
      const ready = await timed(() => fetch(`${gateway.url}/readyz`));
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(BOUND_MS);
      expect((await timed(() => fetch(`${gateway.url}/healthz`))).status).toBe(200);
    } finally {
      await proxy.pass();
    }
    await expectHealthyAgain();
    // Logged once per request, with its id; never as a bug.
    const outages = gateway.logs.filter((line) => line.includes('database unavailable'));
    expect(outages.length).toBeGreaterThan(0);
    expect(outages.every((line) => /"requestId":"[^"]+"/.test(line))).toBe(true);
    expect(gateway.logs.some((line) => line.includes('"unexpected error"'))).toBe(false);
  }, 120_000);
});

describe('a database that refuses connections', () => {
  it('answers 503 at once on every surface and recovers when it is back', async () => {
    await proxy.refuse();
    try {
      await expectOutageAnswers();
    } finally {
      await proxy.pass();
    }
    await expectHealthyAgain();
  }, 120_000);
});

describe('connections cut', () => {
  it('an idle pooled connection that drops does not crash the process; the next request is served', async () => {
    await viaProxy.query('select 1'); // a connection now idles in the pool
    const before = connectionErrors.length;
    proxy.reset();
    await expect.poll(() => connectionErrors.length, { timeout: 10_000 }).toBeGreaterThan(before);
    expect((await timed(asks.graphql)).status).toBe(200);
  }, 60_000);

  it('purchases cut mid-transaction are rolled back whole: every balance still equals its ledger', async () => {
    const buyer = await server.db.prisma.account.findUniqueOrThrow({ where: { username: 'johndoe' } });
    await setBalance({ db: server.db } as never, buyer.id, 5_000_000);
    const items = await server.db.prisma.item.findMany({
      where: { status: 'PUBLISHED', authorId: { not: buyer.id } },
      take: 20,
      orderBy: { id: 'asc' },
    });
    const before = await server.db.prisma.purchase.count({ where: { buyerId: buyer.id } });
    const lastId = (await server.db.prisma.purchase.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const buy = (itemId: number) =>
      fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: PurchaseItemInput!) { purchaseItem(input: $input) { purchase { code } } }',
          variables: { input: { itemId: itemGlobalId(itemId), license: 'REGULAR' } },
        }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: unknown } }));
    const burst = Promise.all(items.map((item) => buy(item.id)));
    // Cut every connection while the purchases are in flight, a few times.
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 15));
      proxy.reset();
    }
    const answers = await burst;
    for (const answer of answers) expect([200, 503]).toContain(answer.status);
    const succeeded = answers.filter((answer) => answer.status === 200).length;
    console.log(`purchases during cuts: ${succeeded} answered 200, ${answers.length - succeeded} answered 503`);
    const after = await server.db.prisma.purchase.count({ where: { buyerId: buyer.id } });
    // A purchase that answered 503 may still have committed just before its answer was lost;
    // never one that was not whole.
    expect(after - before).toBeGreaterThanOrEqual(succeeded);
    // Whole: the buyer's and the author's lines, and the platform's fee owed (pending until settled).
    const orphans = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM purchases p
        WHERE p.id > $1
          AND (SELECT count(*) FROM ledger_entries l WHERE l.purchase_id = p.id)
            + (SELECT count(*) FROM pending_platform_fees f WHERE f.purchase_id = p.id) <> 3`,
      [lastId],
    );
    expect(orphans[0]!.n).toBe(0);
    await checkLedgerInvariants(server);
  }, 120_000);
});

describe('the process under a stalled database', () => {
  const root = path.resolve(import.meta.dirname, '../..');

  function startProcess(env: Record<string, string>) {
    // The server's source, tsx as a loader in one process (test/server/process.test.ts runs
    // the bundle `npm start` runs; building it here too would race that file).
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        APP_SECRET: 'test-secret-test-secret-test-secret!',
        DATABASE_URL: proxy.url(server.url),
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
        DATABASE_STATEMENT_TIMEOUT_MS: '1000',
        FILES_DIR: inject('filesDir'),
        SHUTDOWN_DRAIN_MS: '200',
        SHUTDOWN_GRACE_MS: '3000',
        RATE_LIMIT_ANONYMOUS: '100000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  async function listening(process: ReturnType<typeof startProcess>) {
    const deadline = Date.now() + 120_000;
    while (!process.output().includes('listening')) {
      if (Date.now() > deadline) throw new Error(`did not start:\n${process.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('SIGTERM during a stall: the request in flight is answered, and the process exits at its grace', async () => {
    const port = await freePort();
    const child = startProcess({ PORT: port });
    try {
      await listening(child);
      const query = () =>
        fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ items(first: 1) { totalCount } }' }),
        }).then(
          (response) => response.status,
          (error: Error) => error.message,
        );
      expect(await query()).toBe(200);
      await proxy.stall();
      const inFlight = query();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const signalled = performance.now();
      child.child.kill('SIGTERM');
      expect(await inFlight).toBe(503);
      expect(await child.exited).toBe(0);
      // Drain 0.2 s + grace 3 s + 2 s to close what is left, and slack for a busy machine.
      expect(performance.now() - signalled).toBeLessThan(15_000);
    } finally {
      child.child.kill('SIGKILL');
      await proxy.pass();
    }
    await checkLedgerInvariants(server);
  }, 180_000);

  it('SIGTERM under load: every request gets a whole answer, each closing its connection once draining', async () => {
    const port = await freePort();
    const child = startProcess({ PORT: port, SHUTDOWN_DRAIN_MS: '500' });
    try {
      await listening(child);
      const outcomes: string[] = [];
      let closing = 0;
      // Clients behave as a load balancer does: once the instance says it is draining
      // (readiness 503, `Connection: close` on its answers) they send it nothing new.
      const loop = async () => {
        for (;;) {
          const outcome = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ items(first: 3) { edges { node { name } } } }' }),
          }).then(
            async (response) => {
              const whole = (await response.text()).length > 0;
              if (response.headers.get('connection') === 'close') closing++;
              return { text: `${response.status}:${whole}`, draining: response.headers.get('connection') === 'close' };
            },
            (error: Error & { cause?: { code?: string } }) => ({ text: error.cause?.code ?? error.message, draining: true }),
          );
          outcomes.push(outcome.text);
          if (outcome.draining) return;
        }
      };
      const loops = Array.from({ length: 8 }, loop);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const signalled = performance.now();
      child.child.kill('SIGTERM');
      await Promise.all(loops);
      expect(await child.exited).toBe(0);
      expect(performance.now() - signalled).toBeLessThan(15_000);
      // Every request in flight or sent before the drain was seen got its whole answer.
      expect(outcomes.length).toBeGreaterThan(8);
      expect(outcomes.filter((outcome) => outcome !== '200:true')).toEqual([]);
      expect(closing).toBe(8);
    } finally {
      child.child.kill('SIGKILL');
    }
  }, 180_000);
});
