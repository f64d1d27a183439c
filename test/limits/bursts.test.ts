// Every budget and the login lockout, hit by parallel bursts of at least twice the budget,
// fired all at once from two gateway instances that share Redis, through both surfaces
// (GraphQL and REST). The number admitted must be exactly the budget: never more (lost
// counts), never fewer (a count lost the other way). Everything past it is a 429 with
// Retry-After and the refusing budget's X-RateLimit-* in the surface's own error shape.
// The limits under test are the production defaults; each case starts on fresh counters.
// The same bursts run on one instance without Redis (the in-memory counters). The
// instances' clock stands still during a burst, so that no burst straddles two windows
// (across a window's end a client may spend two budgets: docs/limits.md).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { REDIS_URL, startInstance, type Instance } from '../support/instances';

const DEFAULTS = testConfig();
const BURST_TIMEOUT = 180_000;

let t: TestGateway;
const opened: Instance[] = [];
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  for (const instance of opened) await instance.close();
  await t.close();
});

// The instances' clocks are frozen when they start (after this), so every window ends after it.
const FILE_STARTED = Date.now();

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

type Send = (url: string) => Promise<Answer>;

async function answer(response: Response): Promise<Answer> {
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const graphql =
  (query: string, variables: Record<string, unknown> = {}, token?: string): Send =>
  async (url) =>
    answer(
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query, variables }),
      }),
    );

const rest =
  (path: string, init: { method?: string; body?: unknown; token?: string } = {}): Send =>
  async (url) =>
    answer(
      await fetch(`${url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.body !== undefined && { 'content-type': 'application/json' }),
          ...(init.token && { authorization: `Bearer ${init.token}` }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
    );

/** Two instances on one Redis and fresh counters (a new key prefix), or one without Redis. */
async function instances(shared: boolean): Promise<Instance[]> {
  const prefix = `mpg-burst-${randomBytes(4).toString('hex')}:`;
  const frozen = new Date();
  const now = () => frozen;
  const started = shared
    ? await Promise.all([0, 1].map(() => startInstance({ db: t.db, redisUrl: REDIS_URL, now, env: { REDIS_KEY_PREFIX: prefix } })))
    : [await startInstance({ db: t.db, now, env: {} })];
  opened.push(...started);
  return started;
}

/** Fires `count` requests at once, alternating instances and the given senders. */
async function burst(targets: Instance[], count: number, senders: Send[]): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => senders[i % senders.length]!(targets[Math.floor(i / senders.length) % targets.length]!.url)),
  );
}

function expectRefusal(answer: Answer, limit: number) {
  expect(answer.status).toBe(429);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(answer.headers.get('x-ratelimit-limit')).toBe(String(limit));
  expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(FILE_STARTED / 1000);
  const correlation = answer.headers.get('x-correlation-id');
  if ('errors' in answer.body) {
    const [error] = answer.body.errors as Array<{ extensions: Record<string, unknown> }>;
    expect(error!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number), correlationId: correlation });
  } else if ('success' in answer.body) {
    expect(answer.body).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
  } else {
    expect(answer.body).toMatchObject({ status: 'error', code: 429, correlation_id: correlation });
  }
}

/** Exactly `limit` admitted; every other answer a well-formed refusal. */
function expectExactly(answers: Answer[], limit: number) {
  const refused = answers.filter((a) => a.status === 429);
  const admitted = answers.filter((a) => a.status !== 429);
  expect({ admitted: admitted.length, refused: refused.length }).toEqual({ admitted: limit, refused: answers.length - limit });
  for (const refusal of refused) expectRefusal(refusal, limit);
  return admitted;
}

async function userEmail(username: string) {
  return (await t.db.prisma.account.findUniqueOrThrow({ where: { username }, select: { email: true } })).email;
}

for (const shared of [true, false]) {
  describe(shared ? 'two instances sharing Redis' : 'one instance, counters in memory', () => {
    it(
      'the free plan budget: 60 of 120 parallel requests',
      async () => {
        const limit = DEFAULTS.RATE_LIMIT_FREE;
        const token = await tokenFor(t, 'johndoe', ['items:read']);
        const targets = await instances(shared);
        const answers = await burst(targets, limit * 2, [
          graphql('{ rateLimit { remaining } }', {}, token),
          rest('/api/v1/catalog/categories', { token }),
        ]);
        const admitted = expectExactly(answers, limit);
        // Each admitted answer saw its own place in the budget: no two the same.
        const remaining = admitted.map((a) => Number(a.headers.get('x-ratelimit-remaining'))).sort((a, b) => a - b);
        expect(remaining).toEqual(Array.from({ length: limit }, (_, i) => i));
        // Spent: the budget query is refused too.
        expectRefusal(await graphql('{ rateLimit { remaining } }', {}, token)(targets[0]!.url), limit);
      },
      BURST_TIMEOUT,
    );

    it(
      'the pro plan budget: 600 of 1,200 parallel requests',
      async () => {
        const limit = DEFAULTS.RATE_LIMIT_PRO;
        const token = await tokenFor(t, 'pixelforge', ['items:read']);
        expect((await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'pixelforge' } })).plan).toBe('PRO');
        const targets = await instances(shared);
        const answers = await burst(targets, limit * 2, [graphql('{ __typename }', {}, token), rest('/api/v1/catalog/categories', { token })]);
        expectExactly(answers, limit);
      },
      BURST_TIMEOUT,
    );

    it(
      'the anonymous budget, by address: 60 of 120 parallel requests',
      async () => {
        const limit = DEFAULTS.RATE_LIMIT_ANONYMOUS;
        const targets = await instances(shared);
        const answers = await burst(targets, limit * 2, [
          graphql('{ categories { slug } }'),
          rest('/api/products?limit=1'),
          rest('/api/v1/catalog/categories'),
        ]);
        expectExactly(answers, limit);
      },
      BURST_TIMEOUT,
    );

    it(
      'download links: 20 of 40 parallel requests',
      async () => {
        const limit = DEFAULTS.RATE_LIMIT_DOWNLOADS;
        const token = await tokenFor(t, 'johndoe', ['download:purchase']);
        const { code } = await t.db.prisma.purchase.findFirstOrThrow({
          where: { buyer: { username: 'johndoe' }, refundState: 'NONE' },
          select: { code: true },
        });
        const targets = await instances(shared);
        const before = await t.db.prisma.downloadGrant.count();
        const answers = await burst(targets, limit * 2, [
          graphql('mutation($code: String!) { requestDownload(purchaseCode: $code) { link { url } } }', { code }, token),
          rest(`/api/v1/purchases/${code}/download`, { method: 'POST', token }),
        ]);
        const admitted = expectExactly(answers, limit);
        for (const a of admitted) expect(a.status).toBe(200);
        // Exactly as many links were issued as were allowed.
        expect((await t.db.prisma.downloadGrant.count()) - before).toBe(limit);
      },
      BURST_TIMEOUT,
    );

    it(
      'purchase verification: 120 of 240 parallel requests',
      async () => {
        const limit = DEFAULTS.RATE_LIMIT_VERIFICATION;
        const token = await tokenFor(t, 'pixelforge', ['purchase:verify']);
        const code = '00000000-0000-4000-8000-000000000000';
        const targets = await instances(shared);
        const answers = await burst(targets, limit * 2, [
          graphql('query($code: String!) { verifyPurchase(code: $code) { code } }', { code }, token),
          rest('/api/v1/purchases/verify', { method: 'POST', body: { purchase_code: code }, token }),
        ]);
        const admitted = expectExactly(answers, limit);
        // Admitted, they were answered: null on GraphQL, 404 on REST (an unknown code).
        for (const a of admitted) expect([200, 404]).toContain(a.status);
      },
      BURST_TIMEOUT,
    );

    it(
      'version checks: 60 of 120 parallel requests',
      async () => {
        const limit = DEFAULTS.RATE_LIMIT_VERSION_CHECKS;
        const token = await tokenFor(t, 'pixelforge', ['items:read']);
        const targets = await instances(shared);
        const answers = await burst(targets, limit * 2, [
          graphql('{ latestVersion(slug: "nothing-here") { version } }', {}, token),
          rest('/api/version/check', { method: 'POST', body: { products: [{ slug: 'nothing-here', version: '1.0.0' }] }, token }),
        ]);
        expectExactly(answers, limit);
      },
      BURST_TIMEOUT,
    );

    it(
      'the login lockout: 5 of 30 parallel wrong passwords for one email are checked',
      async () => {
        const limit = DEFAULTS.RATE_LIMIT_LOGIN_ATTEMPTS;
        const email = await userEmail('codecraft');
        const targets = await instances(shared);
        const answers = await burst(targets, 30, [
          graphql('mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email, password: 'wrong guess' } }),
          rest('/api/v1/auth/login', { method: 'POST', body: { email, password: 'wrong guess' } }),
        ]);
        const checked = answers.filter((a) => a.status !== 429);
        expect(checked.length).toBe(limit);
        for (const a of checked) expect([200, 401]).toContain(a.status); // GraphQL answers a wrong password with 200 + UNAUTHENTICATED
        for (const a of answers.filter((x) => x.status === 429)) {
          expect(Number(a.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        }
        // Even the right password waits now.
        const right = await rest('/api/v1/auth/login', { method: 'POST', body: { email, password: t.demoPassword } })(targets[0]!.url);
        expect(right.status).toBe(429);
      },
      BURST_TIMEOUT,
    );

    it(
      'password spraying: 30 of 60 parallel wrong logins from one address are checked, over 60 emails',
      async () => {
        const limit = DEFAULTS.RATE_LIMIT_LOGIN_FAILURES_PER_ADDRESS;
        const targets = await instances(shared);
        const attempts = Array.from({ length: limit * 2 }, (_, i) =>
          rest('/api/v1/auth/login', { method: 'POST', body: { email: `sprayed-${i}@example.com`, password: 'Summer2026!' } }),
        );
        const answers = await Promise.all(attempts.map((send, i) => send(targets[i % targets.length]!.url)));
        expect(answers.filter((a) => a.status === 401).length).toBe(limit);
        expect(answers.filter((a) => a.status === 429).length).toBe(limit);
      },
      BURST_TIMEOUT,
    );
  });
}
