// The pure parts of webhooks: signatures (and the receivers' example in docs/webhooks.md,
// run as written), the secret box, the event list and the retry schedule.
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkCallerSecret,
  checkEventList,
  decryptSecret,
  encryptSecret,
  generateWebhookSecret,
  needsReencryption,
  retryDelayMs,
  retryWindowMs,
  signatureHeader,
  signPayload,
  verifySignature,
  WEBHOOK_EVENT_TYPES,
} from '../../src/webhooks';

const SECRET = 'whsec_test_secret_for_signing';
const APP_SECRET = `${'a'.repeat(32)}-app-secret-of-the-tests`;
const BODY = '{"id": "0b7c5d1e-2f43-4c8a-9e61-7d2f3a9b8c10", "data": {"x": 1}, "type": "purchase.created"}';
const now = () => Math.floor(Date.now() / 1000);

type Verifier = (header: string | undefined, body: string, secret: string, toleranceSeconds?: number) => boolean;
let docsExample: Verifier;
let docs: string;
let workDir: string;

beforeAll(async () => {
  docs = await readFile(path.join(import.meta.dirname, '../../docs/webhooks.md'), 'utf8');
  const code = /<!-- verification example -->\s*```js\n([\s\S]*?)```/.exec(docs)?.[1];
  expect(code, 'docs/webhooks.md has its verification example').toBeTruthy();
  workDir = await mkdtemp(path.join(tmpdir(), 'mg-webhook-docs-'));
  const file = path.join(workDir, 'verify.mjs');
  await writeFile(file, code!);
  docsExample = ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { verifyMarketplaceSignature: Verifier }).verifyMarketplaceSignature;
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('signatures', () => {
  it('are HMAC-SHA256 of "<t>.<body>" in hex, in a t=…,v1=… header', () => {
    const t = 1_764_590_400;
    const expected = createHmac('sha256', SECRET).update(`${t}.${BODY}`).digest('hex');
    expect(signPayload(BODY, SECRET, t)).toBe(expected);
    expect(signatureHeader(BODY, SECRET, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('verify with the gateway helper and with the docs example alike', () => {
    const header = signatureHeader(BODY, SECRET, now());
    for (const verify of [verifySignature, docsExample]) {
      expect(verify(header, BODY, SECRET, 300)).toBe(true);
      expect(verify(header, `${BODY} `, SECRET, 300)).toBe(false); // another body
      expect(verify(header, BODY, `${SECRET}x`, 300)).toBe(false); // another secret
      expect(verify(undefined, BODY, SECRET, 300)).toBe(false);
      expect(verify('t=abc,v1=zz', BODY, SECRET, 300)).toBe(false);
      expect(verify(`t=${now()}`, BODY, SECRET, 300)).toBe(false);
    }
  });

  it('refuse an old timestamp (a replay) and accept one inside the tolerance', () => {
    const old = signatureHeader(BODY, SECRET, now() - 600);
    const recent = signatureHeader(BODY, SECRET, now() - 60);
    for (const verify of [verifySignature, docsExample]) {
      expect(verify(old, BODY, SECRET, 300)).toBe(false);
      expect(verify(old, BODY, SECRET, 900)).toBe(true);
      expect(verify(recent, BODY, SECRET, 300)).toBe(true);
    }
  });

  it('sign the example request of the docs as it shows', () => {
    const [, header, body] = /```http\n[\s\S]*?Marketplace-Signature: (\S+)[\s\S]*?\n\n(\{.*\})\n```/.exec(docs) ?? [];
    const t = Number(/t=(\d+)/.exec(header ?? '')?.[1]);
    expect(header).toBe(signatureHeader(body!, 'whsec_example', t));
    expect(verifySignature(header, body!, 'whsec_example', 300, t + 10)).toBe(true);
    expect(JSON.parse(body!)).toMatchObject({ type: 'purchase.created', data: { purchase_code: expect.any(String) } });
  });

  it('accept any one of several v1 signatures and ignore unknown schemes', () => {
    const t = now();
    const good = signPayload(BODY, SECRET, t);
    const header = `t=${t},v0=abc,v1=${'0'.repeat(64)},v1=${good}`;
    expect(verifySignature(header, BODY, SECRET)).toBe(true);
    expect(docsExample(header, BODY, SECRET)).toBe(true);
  });
});

describe('the secret box', () => {
  it('encrypts with a version and key id, never holding the secret in clear', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const sealed = encryptSecret(secret, APP_SECRET);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain(secret.slice(6, 20));
    expect(encryptSecret(secret, APP_SECRET)).not.toBe(sealed); // a fresh IV each time
    expect(decryptSecret(sealed, APP_SECRET)).toBe(secret);
  });

  it('refuses another APP_SECRET, altered text and text that is not sealed', () => {
    const sealed = encryptSecret('whsec_abc', APP_SECRET);
    expect(() => decryptSecret(sealed, 'b'.repeat(40))).toThrow(/another APP_SECRET/);
    const [v, id, iv, data] = sealed.split(':') as [string, string, string, string];
    const flipped = Buffer.from(data, 'base64url');
    flipped[0]! ^= 1;
    expect(() => decryptSecret([v, id, iv, flipped.toString('base64url')].join(':'), APP_SECRET)).toThrow(/altered/);
    expect(() => decryptSecret('whsec_in_clear', APP_SECRET)).toThrow(/not a sealed/);
  });

  it('opens secrets sealed under a retiring APP_SECRET while it rotates', () => {
    const next = 'n'.repeat(40);
    const sealed = encryptSecret('whsec_old', APP_SECRET);
    expect(decryptSecret(sealed, [next, APP_SECRET])).toBe('whsec_old');
    expect(needsReencryption(sealed, next)).toBe(true);
    expect(needsReencryption(encryptSecret('whsec_old', next), next)).toBe(false);
  });

  it('checks secrets chosen by the caller', () => {
    expect(checkCallerSecret('short')).toMatch(/16 to 128/);
    expect(checkCallerSecret('has a space in it, no')).toMatch(/printable ASCII/);
    expect(checkCallerSecret('your_secret_is_long_enough')).toBeNull();
  });
});

describe('events and retries', () => {
  it('are one list; subscriptions name known events once', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual([
      'purchase.created',
      'purchase.refunded',
      'item.published',
      'item.updated',
      'item.version_published',
      'download.issued',
    ]);
    expect(checkEventList([])).toMatch(/at least one/);
    expect(checkEventList(['purchase.created', 'resource.created'])).toMatch(/unknown event "resource.created"/);
    expect(checkEventList(['item.updated', 'item.updated'])).toMatch(/twice/);
    expect(checkEventList(['purchase.created', 'download.issued'])).toBeNull();
  });

  it('back off exponentially with full jitter, capped', () => {
    const schedule = { baseMs: 60_000, capMs: 6 * 3_600_000 };
    expect([1, 2, 3, 9, 10, 11, 50].map((n) => retryWindowMs(n, schedule))).toEqual([
      60_000,
      120_000,
      240_000,
      256 * 60_000,
      6 * 3_600_000,
      6 * 3_600_000,
      6 * 3_600_000,
    ]);
    expect(retryDelayMs(3, schedule, () => 0)).toBe(0);
    expect(retryDelayMs(3, schedule, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(3, schedule, () => 0.999_999)).toBeLessThan(240_000);
  });
});
