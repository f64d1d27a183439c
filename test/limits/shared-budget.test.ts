// Several instances, one Redis: a budget spans all of them. And when Redis goes away the
// gateway keeps serving with a per-instance limiter, then shares again once it is back.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config';
import { LocalFileStore } from '../../src/downloads/file-store';
import { createGateway, type Gateway } from '../../src/server/app';
import { connectRedis } from '../../src/shared/redis';
import { inject } from 'vitest';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { listen, type Listening } from '../support/http';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestGateway;
const cleanups: Array<() => Promise<unknown> | unknown> = [];
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await t.close();
});

/** An instance of the gateway on its own port and Redis connection, sharing the test database. */
async function instance(redisUrl: string, prefix: string, logs: string[] = []) {
  const config = testConfig({
    FILES_DIR: inject('filesDir'),
    APP_SECRET: 'test-secret-test-secret-test-secret!',
    RATE_LIMIT_FREE: '6',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    REDIS_KEY_PREFIX: prefix,
  });
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
  const redis = connectRedis(redisUrl, logger);
  const gateway: Gateway = createGateway({ config, db: t.db, logger, redis, fileStore: new LocalFileStore(config.FILES_DIR) });
  const http: Listening = await listen(gateway);
  cleanups.push(() => http.close(), () => redis.disconnect());
  await new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));
  return { gateway, http, redis, logs };
}

const ask = (url: string, token: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ rateLimit { remaining } }' }),
  }).then((response) => response.status);

describe('two instances on one Redis', () => {
  it('spend one budget: the seventh request is refused, whichever instance gets it', async () => {
    const prefix = `mpg-test-${randomBytes(4).toString('hex')}:`;
    const a = await instance(REDIS_URL, prefix);
    const b = await instance(REDIS_URL, prefix);
    const token = await tokenFor(t, 'johndoe', ['items:read']);
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push(await ask(i % 2 === 0 ? a.http.url : b.http.url, token));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    // Each instance alone would still have had room: the budget really is shared.
    const keys = await a.redis.keys(`${prefix}rl:*`);
    expect(keys.length).toBeGreaterThan(0);
  });
});

/** A TCP relay to Redis that the test can cut and restore: a Redis outage, seen from the gateway. */
async function relay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const start = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server!.address() as AddressInfo).port;
  };
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
  };
  await start();
  cleanups.push(() => server?.listening && stop());
  return { url: () => `redis://127.0.0.1:${port}`, start, stop };
}

describe('when Redis goes away', () => {
  it('keeps serving with a per-instance limiter, logs it, and shares the budget again when Redis returns', async () => {
    const upstream = new URL(REDIS_URL);
    const cut = await relay({ host: upstream.hostname, port: Number(upstream.port || 6379) });
    const prefix = `mpg-test-${randomBytes(4).toString('hex')}:`;
    const logs: string[] = [];
    const one = await instance(cut.url(), prefix, logs);
    const token = await tokenFor(t, 'pixelforge', ['items:read']);
    await t.db.prisma.account.update({ where: { username: 'pixelforge' }, data: { plan: 'FREE' } });

    expect(await ask(one.http.url, token)).toBe(200);
    await cut.stop();
    await sleep(200);
    // Redis is unreachable: requests are still served (and still limited, locally).
    const during = [];
    for (let i = 0; i < 7; i++) during.push(await ask(one.http.url, token));
    expect(during.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(during[6]).toBe(429);
    expect(logs.some((line) => line.includes('redis unreachable'))).toBe(true);

    await cut.start();
    await new Promise<void>((resolve) => (one.redis.status === 'ready' ? resolve() : one.redis.once('ready', () => resolve())));
    // Back on Redis: the budget there saw only the one request made before the outage.
    const after = [];
    for (let i = 0; i < 6; i++) after.push(await ask(one.http.url, token));
    expect(after).toEqual([200, 200, 200, 200, 200, 429]);
    expect(logs.some((line) => line.includes('redis reachable again'))).toBe(true);
    const direct = new Redis(REDIS_URL);
    cleanups.push(() => direct.disconnect());
    expect((await direct.keys(`${prefix}rl:*`)).length).toBeGreaterThan(0);
  });
});
