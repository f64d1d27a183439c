// Several instances, one Redis: a budget spans all of them. When Redis stops answering
// (stopped, or frozen so that commands hang) the gateway keeps serving with per-instance
// counters: the breaker opens on the first failure, so a frozen Redis costs at most one
// short timeout per breaker period, and state is shared again soon after Redis returns.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../support/accounts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { REDIS_URL, startInstance, type Instance } from '../support/instances';

let t: TestGateway;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await t.close();
});

async function instance(redisUrl: string, prefix: string, env: Record<string, string> = {}): Promise<Instance> {
  const started = await startInstance({
    db: t.db,
    redisUrl,
    // Budgets are fixed windows on the real clock here: an hour-long one, so that a window
    // turning over in the middle of a test (a fresh count) is not mistaken for a lost one.
    env: {
      RATE_LIMIT_FREE: '6',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      REDIS_KEY_PREFIX: prefix,
      REDIS_TIMEOUT_MS: '200',
      REDIS_BREAKER_RESET_MS: '1000',
      ...env,
    },
  });
  cleanups.push(() => started.close());
  return started;
}

async function proxyToRedis(): Promise<FaultProxy> {
  const upstream = new URL(REDIS_URL);
  const proxy = await startFaultProxy({ host: upstream.hostname, port: Number(upstream.port || 6379) });
  cleanups.push(() => proxy.close());
  return proxy;
}

const ask = async (url: string, token: string) => {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ rateLimit { remaining } }' }),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
};

const freshPrefix = () => `mpg-test-${randomBytes(4).toString('hex')}:`;

async function freeToken(username: string) {
  await t.db.prisma.account.update({ where: { username }, data: { plan: 'FREE' } });
  return tokenFor(t, username, ['items:read']);
}

describe('two instances on one Redis', () => {
  it('spend one budget: the seventh request is refused, whichever instance gets it', async () => {
    const prefix = freshPrefix();
    const a = await instance(REDIS_URL, prefix);
    const b = await instance(REDIS_URL, prefix);
    const token = await freeToken('johndoe');
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await ask(i % 2 === 0 ? a.url : b.url, token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});

describe('when Redis goes away', () => {
  it('keeps serving with per-instance counters, logs it, and shares the budget again when Redis returns', async () => {
    const proxy = await proxyToRedis();
    const one = await instance(proxy.url(REDIS_URL), freshPrefix());
    const token = await freeToken('pixelforge');

    expect((await ask(one.url, token)).status).toBe(200);
    await proxy.refuse();
    // Redis is unreachable: requests are still served, and still limited, locally.
    const during = [];
    for (let i = 0; i < 7; i++) during.push((await ask(one.url, token)).status);
    expect(during).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(one.logs.some((line) => line.includes('redis unreachable'))).toBe(true);

    await proxy.pass();
    // One breaker period later the next request tries Redis again, and counts are shared
    // again: the budget there saw only the one request made before the outage.
    await expect.poll(() => one.redis!.status, { timeout: 30_000 }).toBe('ready');
    await expect.poll(() => one.gateway.services.redisBreaker!.state, { timeout: 30_000 }).toBe('halfOpen');
    const after = [];
    for (let i = 0; i < 6; i++) after.push((await ask(one.url, token)).status);
    expect(after).toEqual([200, 200, 200, 200, 200, 429]);
    expect(one.gateway.services.redisBreaker!.state).toBe('closed');
    expect(one.logs.some((line) => line.includes('redis reachable again'))).toBe(true);
  });

  it('a frozen Redis costs at most one short timeout per breaker period, not one per request', async () => {
    const proxy = await proxyToRedis();
    // A long timeout, so that waiting on Redis and not waiting cannot be mistaken for each other.
    const timeoutMs = 2000;
    const one = await instance(proxy.url(REDIS_URL), freshPrefix(), {
      RATE_LIMIT_FREE: '1000',
      REDIS_TIMEOUT_MS: String(timeoutMs),
      REDIS_BREAKER_RESET_MS: '600000',
    });
    const token = await freeToken('codecraft');
    expect((await ask(one.url, token)).status).toBe(200);

    await proxy.stall();
    const first = await ask(one.url, token);
    expect(first.status).toBe(200);
    // The one request that met the frozen Redis waited for the breaker's timeout.
    expect(first.ms).toBeGreaterThanOrEqual(timeoutMs * 0.9);
    expect(one.gateway.services.redisBreaker!.state).toBe('open');
    // Every later one goes straight to the local counters while the breaker is open.
    const later = await Promise.all(Array.from({ length: 20 }, () => ask(one.url, token)));
    expect(later.every((answer) => answer.status === 200)).toBe(true);
    expect(later.filter((answer) => answer.ms >= timeoutMs * 0.9)).toEqual([]);
    expect(one.logs.filter((line) => line.includes('redis unreachable')).length).toBe(1);
  });
});
