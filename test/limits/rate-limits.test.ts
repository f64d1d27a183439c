// Rate limits: each budget is refused exactly past its number and recovers after its
// window; refusals carry retryAfter (GraphQL) or Retry-After and the documented body (REST).
// The gateway's clock is moved to the next window instead of waiting for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({
    RATE_LIMIT_WINDOW_SECONDS: '60',
    RATE_LIMIT_ANONYMOUS: '5',
    RATE_LIMIT_FREE: '4',
    RATE_LIMIT_PRO: '8',
    RATE_LIMIT_DOWNLOADS: '2',
    RATE_LIMIT_DOWNLOADS_WINDOW_SECONDS: '3600',
    RATE_LIMIT_VERSION_CHECKS: '3',
    RATE_LIMIT_VERIFICATION: '2',
  });
});
afterAll(() => t.close());

let clock = Date.now();
/** Moves the gateway's clock to the start of the next window of `seconds` (an hour spans the minutes too). */
function nextWindow(seconds = 3600) {
  clock = (Math.floor(clock / (seconds * 1000)) + 1) * seconds * 1000;
  t.setNow(new Date(clock));
}

async function statuses(send: () => Promise<{ status: number }>, count: number) {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await send()).status);
  return out;
}

describe('account-wide budgets', () => {
  it('anonymous callers: by address, refused exactly past the limit, back after the window', async () => {
    const from = (address: string) => () =>
      t.request('/graphql', {
        method: 'POST',
        clientAddress: address,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ categories { slug } }' }),
      });
    expect(await statuses(from('10.0.0.1'), 6)).toEqual([200, 200, 200, 200, 200, 429]);
    // Another address has its own budget.
    expect((await from('10.0.0.2')()).status).toBe(200);
    nextWindow();
    expect((await from('10.0.0.1')()).status).toBe(200);
  });

  it('follows the plan: free 4, pro 8 (test budgets), shared by all tokens of an account', async () => {
    const johnA = await tokenFor(t, 'johndoe', ['items:read']); // FREE
    const johnB = await tokenFor(t, 'johndoe', ['items:read']);
    const pixel = await tokenFor(t, 'pixelforge', ['items:read']); // PRO
    nextWindow();
    const ask = (token: string) => () => t.graphql('{ rateLimit { limit remaining } }', undefined, { token });
    expect(await statuses(ask(johnA), 2)).toEqual([200, 200]);
    expect(await statuses(ask(johnB), 3)).toEqual([200, 200, 429]);
    expect(await statuses(ask(pixel), 9)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
  });

  it('answers GraphQL callers RATE_LIMITED with retryAfter, and tells where they stand', async () => {
    nextWindow();
    const token = await tokenFor(t, 'codecraft', ['items:read']);
    const plan = (await t.db.prisma.account.findUniqueOrThrow({ where: { username: 'codecraft' } })).plan;
    const limit = plan === 'PRO' ? 8 : plan === 'ENTERPRISE' ? 1_000_000 : 4;
    const first = await t.graphql<{ rateLimit: { limit: number; remaining: number; resetAt: string } }>(
      '{ rateLimit { limit remaining resetAt } }',
      undefined,
      { token },
    );
    expect(first.data!.rateLimit).toMatchObject({ limit, remaining: limit - 1 });
    expect(Date.parse(first.data!.rateLimit.resetAt)).toBe(clock + 60_000);
    expect(first.headers.get('x-ratelimit-limit')).toBe(String(limit));
    expect(first.headers.get('x-ratelimit-remaining')).toBe(String(limit - 1));
    for (let i = 1; i < limit; i++) await t.graphql('{ rateLimit { remaining } }', undefined, { token });
    const refused = await t.graphql('{ rateLimit { remaining } }', undefined, { token });
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('answers REST callers 429 with Retry-After, the documented body and the X-RateLimit headers', async () => {
    nextWindow();
    const token = await tokenFor(t, 'johndoe', ['user:account']);
    const send = () => t.request('/api/v1/account/details', { token });
    const ok = await send();
    expect(ok.headers.get('x-ratelimit-limit')).toBe('4');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('3');
    expect(Number(ok.headers.get('x-ratelimit-reset'))).toBe((clock + 60_000) / 1000);
    for (let i = 0; i < 3; i++) await send();
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({
      status: 'error',
      code: 429,
      msg: expect.stringContaining('Rate limit'),
      correlation_id: refused.headers.get('x-correlation-id'),
    });
  });
});

describe('per-class budgets', () => {
  it('version checks: refused past their own number while the account budget still has room', async () => {
    nextWindow();
    const check = () => t.graphql('{ latestVersion(slug: "none") { version } }', undefined, { headers: {} });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await check());
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(results[3]!.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    // Other fields are still allowed: the account-wide budget is not exhausted.
    expect((await t.graphql('{ categories { slug } }')).status).toBe(200);
  });

  it('downloads: refused past their number, back after their window', async () => {
    nextWindow();
    const token = await tokenFor(t, 'johndoe', ['download:purchase']);
    const purchase = await t.db.prisma.purchase.findFirstOrThrow({
      where: { buyer: { username: 'johndoe' }, refundState: 'NONE' },
    });
    const download = () => t.graphql(`mutation { requestDownload(purchaseCode: "${purchase.code}") { link { url } } }`, undefined, { token });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await download()).errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual(['OK', 'OK', 'RATE_LIMITED']);
    nextWindow();
    expect((await download()).errors).toBeUndefined();
  });

  it('purchase verification: refused past its number, back after the window', async () => {
    nextWindow();
    const token = await tokenFor(t, 'pixelforge', ['purchase:verify']);
    const verify = () => t.graphql('{ verifyPurchase(code: "00000000-0000-4000-8000-000000000000") { code } }', undefined, { token });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await verify()).errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual(['OK', 'OK', 'RATE_LIMITED']);
    nextWindow();
    expect((await verify()).errors).toBeUndefined();
  });
});
