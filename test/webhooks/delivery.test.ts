// The delivery engine end to end, on this run's database (PGlite, or PostgreSQL with
// TEST_DATABASE=postgres) and real HTTP receivers on loopback ports: events recorded in
// their transaction, signed deliveries, retries, timeouts, the give-up, redirects, the
// address rules at sending time, leases and shutdown, secrets at rest, test sends.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma/client';
import {
  checkWebhookInput,
  createWebhook,
  decryptSecret,
  recordAttempt,
  recordEvent,
  sendTest,
  startWebhookWorker,
  type Resolver,
  type WebhookWorker,
  type WebhookWorkerOptions,
} from '../../src/webhooks';
import { openTestDatabase, type TestDatabase } from '../support/databases';
import { answerWith, startReceiver, type Receiver } from './receiver';
import { APP_SECRET, authorsWithoutWebhooks, deliveryOf, eventually, hook, QUICK, recordSale, sale, signedBy, type LogEntry } from './support';

let t: TestDatabase;
let prisma: PrismaClient;
let author: number;
let otherAuthor: number;
let receiver: Receiver;
const workers: WebhookWorker[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
  prisma = t.db.prisma;
  [author, otherAuthor] = await authorsWithoutWebhooks(prisma);
  receiver = await startReceiver();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop({ abandonInFlight: true })));
  // Each test's webhooks go, and their deliveries with them (the demo seed's stay).
  await prisma.webhook.deleteMany({ where: { secretCiphertext: { not: null } } });
  receiver.receipts.length = 0;
  receiver.answer = answerWith(204);
});

afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

function worker(options: Partial<WebhookWorkerOptions> = {}): WebhookWorker {
  const started = startWebhookWorker({ ...QUICK, ...options, prisma, appSecret: APP_SECRET });
  workers.push(started);
  return started;
}

const url = (path = '/hook') => `${receiver.origin}${path}`;
const log = (row: { attemptLog: unknown }) => row.attemptLog as LogEntry[];

describe('recording events', () => {
  it('writes one delivery per active subscribed webhook of the account, in the transaction of the event', async () => {
    const subscribed = await hook(prisma, author, url(), ['purchase.created', 'purchase.refunded']);
    const elsewhere = await hook(prisma, author, url(), ['item.published']);
    const disabled = await hook(prisma, author, url());
    await prisma.webhook.update({ where: { id: disabled.id }, data: { active: false } });
    const otherAccount = await hook(prisma, otherAuthor, url());

    let rolledBack = '';
    await expect(
      prisma.$transaction(async (tx) => {
        rolledBack = (await recordEvent(tx, { accountId: author, type: 'purchase.created', data: sale('lost') })).eventId;
        throw new Error('the purchase failed');
      }),
    ).rejects.toThrow('the purchase failed');
    expect(await prisma.webhookDelivery.count({ where: { eventId: rolledBack } })).toBe(0);

    const recorded = await prisma.$transaction((tx) => recordEvent(tx, { accountId: author, type: 'purchase.created', data: sale('kept') }));
    expect(recorded.deliveries).toBe(1);
    const rows = await prisma.webhookDelivery.findMany({ where: { eventId: recorded.eventId } });
    expect(rows.map((row) => row.webhookId)).toEqual([subscribed.id]);
    expect(rows[0]).toMatchObject({ status: 'PENDING', attempt: 0, event: 'purchase.created', lockToken: null });
    expect(rows[0]!.payload).toMatchObject({ id: recorded.eventId, type: 'purchase.created', data: { purchase_code: 'kept' } });
    for (const id of [elsewhere.id, disabled.id, otherAccount.id]) {
      expect(await prisma.webhookDelivery.count({ where: { webhookId: id } })).toBe(0);
    }
  });
});

describe('delivering', () => {
  it('POSTs the body with a signature a receiver can check, and records the delivery', async () => {
    const { id, secret } = await hook(prisma, author, url());
    const eventId = await recordSale(prisma, author, 'signed');
    worker();
    const row = await eventually(async () => {
      const row = await deliveryOf(prisma, id, eventId);
      expect(row.status).toBe('DELIVERED');
      return row;
    });
    expect(receiver.receipts).toHaveLength(1);
    const [receipt] = receiver.receipts as [(typeof receiver.receipts)[number]];
    expect(signedBy(receipt, secret)).toBe(true);
    expect(signedBy(receipt, 'whsec_someone_else')).toBe(false);
    expect(receipt.headers).toMatchObject({
      'content-type': 'application/json',
      'marketplace-event-id': eventId,
      'marketplace-event-type': 'purchase.created',
      'marketplace-delivery-attempt': '1',
    });
    expect(JSON.parse(receipt.body)).toEqual({
      id: eventId,
      type: 'purchase.created',
      created_at: expect.any(String),
      data: { ...sale('signed'), purchased_at: expect.any(String) },
    });
    expect(row).toMatchObject({
      attempt: 1,
      responseStatus: 204,
      success: true,
      error: null,
      nextAttemptAt: null,
      lockToken: null,
      lockedUntil: null,
    });
    expect(row.deliveredAt).toBeInstanceOf(Date);
    expect(log(row)).toEqual([{ attempt: 1, at: expect.any(String), response_status: 204, error: null, duration_ms: expect.any(Number) }]);
  });

  it('retries a failing receiver with backoff until it answers, the same bytes each time', async () => {
    receiver.answer = (receipt, response) => response.writeHead(receipt.index < 2 ? 500 : 200).end(receipt.index < 2 ? 'not now' : 'ok');
    const { id, secret } = await hook(prisma, author, url());
    const eventId = await recordSale(prisma, author, 'retried');
    worker();
    const row = await eventually(async () => {
      const row = await deliveryOf(prisma, id, eventId);
      expect(row.status).toBe('DELIVERED');
      return row;
    });
    expect(row.attempt).toBe(3);
    expect(log(row).map((entry) => [entry.attempt, entry.response_status, entry.error])).toEqual([
      [1, 500, 'HTTP 500: not now'],
      [2, 500, 'HTTP 500: not now'],
      [3, 200, null],
    ]);
    expect(receiver.receipts.map((r) => r.headers['marketplace-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(receiver.receipts.map((r) => r.headers['marketplace-event-id']))).toEqual(new Set([eventId]));
    expect(new Set(receiver.receipts.map((r) => r.body)).size).toBe(1);
    expect(receiver.receipts.every((r) => signedBy(r, secret))).toBe(true);
  });

  it('gives up after the last attempt and marks the delivery failed', async () => {
    receiver.answer = answerWith(503, 'busy');
    const { id } = await hook(prisma, author, url());
    const eventId = await recordSale(prisma, author, 'refused');
    worker({ maxAttempts: 3 });
    const row = await eventually(async () => {
      const row = await deliveryOf(prisma, id, eventId);
      expect(row.status).toBe('FAILED');
      return row;
    });
    expect(row).toMatchObject({ attempt: 3, responseStatus: 503, error: 'HTTP 503: busy', success: false, nextAttemptAt: null, deliveredAt: null });
    expect(log(row)).toHaveLength(3);
    expect(receiver.receipts).toHaveLength(3);
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    receiver.answer = (receipt, response) =>
      receipt.path === '/hook' ? response.writeHead(302, { location: '/elsewhere' }).end() : response.writeHead(200).end();
    const { id } = await hook(prisma, author, url('/hook'));
    const eventId = await recordSale(prisma, author, 'redirected');
    worker({ maxAttempts: 1 });
    const row = await eventually(async () => {
      const row = await deliveryOf(prisma, id, eventId);
      expect(row.status).toBe('FAILED');
      return row;
    });
    expect(row).toMatchObject({ responseStatus: 302, error: 'redirect not followed: HTTP 302 to /elsewhere' });
    expect(receiver.receipts.map((r) => r.path)).toEqual(['/hook']);
  });
});

describe('bounds', () => {
  it('a receiver that hangs holds the worker no longer than its timeout; the next attempt is scheduled', async () => {
    receiver.answer = (receipt, response) => {
      // /silent never answers; /trickle sends its head, then a byte now and then, forever.
      if (receipt.path === '/trickle') {
        response.writeHead(503);
        const timer = setInterval(() => response.write('.'), 200);
        response.on('close', () => clearInterval(timer));
      }
    };
    const silent = await hook(prisma, author, url('/silent'));
    const trickle = await hook(prisma, author, url('/trickle'));
    const started = Date.now();
    const eventId = await recordSale(prisma, author, 'hanging');
    worker({ timeoutMs: 1500, leaseMs: 10_000, retry: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.5 });
    const rows = await eventually(async () => {
      const rows = await Promise.all([silent.id, trickle.id].map((id) => deliveryOf(prisma, id, eventId)));
      for (const row of rows) expect(row.attempt === 1 && row.lockToken === null).toBe(true);
      return rows;
    });
    const recordedAt = Date.now();
    // Generous: the point is "about the timeout", not "until the receiver lets go" (never).
    expect(recordedAt - started).toBeLessThan(1500 + 8000);
    const [silentRow, trickleRow] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect(silentRow).toMatchObject({ status: 'PENDING', responseStatus: null, error: 'timed out after 1500 ms' });
    expect(trickleRow).toMatchObject({ status: 'PENDING', responseStatus: 503 });
    for (const row of rows) {
      expect(row.durationMs).toBeGreaterThanOrEqual(1400);
      expect(row.durationMs).toBeLessThan(1500 + 3000);
      // random() = 0.5 of a 60 s window: due in 30 s.
      const dueIn = row.nextAttemptAt!.getTime() - recordedAt;
      expect(dueIn).toBeGreaterThan(20_000);
      expect(dueIn).toBeLessThan(31_000);
    }
  });

  it('stop() lets an attempt in flight finish and records it', async () => {
    receiver.answer = (_receipt, response) => void setTimeout(() => response.writeHead(200).end(), 1000);
    const { id } = await hook(prisma, author, url());
    const eventId = await recordSale(prisma, author, 'in-flight');
    const running = worker();
    await eventually(async () => expect(receiver.receipts).toHaveLength(1));
    await running.stop();
    expect(await deliveryOf(prisma, id, eventId)).toMatchObject({ status: 'DELIVERED', attempt: 1 });
  });

  it('an abandoned attempt is taken over when its lease ends, and the old claim can no longer record', async () => {
    receiver.answer = (receipt, response) => {
      if (receipt.index > 0) response.writeHead(200).end();
    };
    const { id } = await hook(prisma, author, url());
    const eventId = await recordSale(prisma, author, 'abandoned');
    const first = worker({ timeoutMs: 20_000, leaseMs: 30_000 });
    await eventually(async () => expect(receiver.receipts).toHaveLength(1));
    const stopping = Date.now();
    await first.stop({ abandonInFlight: true });
    expect(Date.now() - stopping).toBeLessThan(5000);
    const held = await deliveryOf(prisma, id, eventId);
    expect(held).toMatchObject({ status: 'PENDING', attempt: 1 });
    expect(held.lockToken).not.toBeNull();

    // Nobody takes it while the lease runs; a worker whose clock is past the lease does.
    worker({ clock: () => new Date(Date.now() + 31_000) });
    const row = await eventually(async () => {
      const row = await deliveryOf(prisma, id, eventId);
      expect(row.status).toBe('DELIVERED');
      return row;
    });
    expect(row.attempt).toBe(2);
    expect(log(row).map((entry) => [entry.attempt, entry.response_status])).toEqual([
      [1, null],
      [2, 200],
    ]);
    expect(log(row)[0]!.error).toMatch(/^abandoned: the lease expired/);
    const late = await recordAttempt(
      prisma,
      { id, lockToken: held.lockToken!, attempt: 1 },
      {
        outcome: 'failed',
        responseStatus: null,
        error: 'too late',
        durationMs: 1,
        startedAt: new Date(),
      },
    );
    expect(late).toBe(false);
    expect(await deliveryOf(prisma, id, eventId)).toMatchObject({ status: 'DELIVERED', error: null });
  });
});

describe('addresses at sending time', () => {
  it('refuses a private target unless allowPrivateTargets is set, and sends nothing', async () => {
    const { id } = await hook(prisma, author, url());
    const eventId = await recordSale(prisma, author, 'private');
    worker({ allowPrivateTargets: false, maxAttempts: 1 });
    const row = await eventually(async () => {
      const row = await deliveryOf(prisma, id, eventId);
      expect(row.status).toBe('FAILED');
      return row;
    });
    expect(row.error).toBe('refused: its host is a loopback address; webhooks are only sent to public addresses');
    expect(receiver.receipts).toHaveLength(0);
  });

  it('checks the name again (DNS rebinding) and connects to the address it checked', async () => {
    let lookups = 0;
    // Public when the webhook is saved, loopback afterwards.
    const rebinding: Resolver = async () => [{ address: lookups++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    const created = await createWebhook(
      prisma,
      author,
      { url: `http://rebind.example.test:${receiver.port}/hook`, events: ['purchase.created'] },
      { appSecret: APP_SECRET, resolve: rebinding },
    );
    expect(created.ok).toBe(true);
    const eventId = await recordSale(prisma, author, 'rebinding');
    const refusing = worker({ allowPrivateTargets: false, maxAttempts: 1, resolve: rebinding });
    const webhookId = (created as { webhookId: number }).webhookId;
    await eventually(async () => expect((await deliveryOf(prisma, webhookId, eventId)).status).toBe('FAILED'));
    expect((await deliveryOf(prisma, webhookId, eventId)).error).toMatch(/^refused: its host resolves to a loopback address/);
    expect(receiver.receipts).toHaveLength(0);
    await refusing.stop();
    await prisma.webhook.delete({ where: { id: webhookId } });

    // A name only our resolver knows (.test never resolves): reaching the receiver proves
    // the connection went to the checked address, with the name kept in Host.
    const toReceiver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const pinned = await hook(prisma, author, `http://receiver.test:${receiver.port}/hook`, ['purchase.created'], toReceiver);
    const second = await recordSale(prisma, author, 'pinned');
    worker({ resolve: toReceiver });
    await eventually(async () => expect((await deliveryOf(prisma, pinned.id, second)).status).toBe('DELIVERED'));
    expect(receiver.receipts.map((r) => r.headers.host)).toEqual([`receiver.test:${receiver.port}`]);
  });
});

describe('webhooks and their secrets', () => {
  it("fails at once the deliveries of a webhook that has no usable secret (the demo seed's)", async () => {
    const seeded = await prisma.webhook.findFirstOrThrow({ where: { secretCiphertext: null } });
    const { eventId } = await prisma.$transaction((tx) =>
      recordEvent(tx, { accountId: seeded.accountId, type: 'purchase.created', data: sale('seeded') }),
    );
    worker();
    const row = await eventually(async () => {
      const row = await deliveryOf(prisma, seeded.id, eventId);
      expect(row.status).toBe('FAILED');
      return row;
    });
    expect(row).toMatchObject({ attempt: 1, error: 'not sent: the webhook has no usable secret (set a new one)' });
    await prisma.webhookDelivery.delete({ where: { id: row.id } });
  });

  it('stores the secret only encrypted, and returns it once', async () => {
    for (const secret of [undefined, 'my_own_secret_of_20_chars']) {
      const created = await createWebhook(
        prisma,
        author,
        { url: url(), events: ['item.published'], secret },
        { appSecret: APP_SECRET, allowPrivateTargets: true },
      );
      if (!created.ok) throw new Error('not created');
      if (secret) expect(created.secret).toBe(secret);
      const [row] = await t.db.query<Record<string, unknown>>('SELECT * FROM webhooks WHERE id = $1', [created.webhookId]);
      expect(JSON.stringify(row)).not.toContain(created.secret);
      expect(row!.secret).toBeNull();
      expect(String(row!.secret_ciphertext)).toMatch(/^v1:/);
      expect(decryptSecret(String(row!.secret_ciphertext), APP_SECRET)).toBe(created.secret);
    }
  });

  it('names every bad field at once', async () => {
    const problems = await checkWebhookInput({ url: 'http://169.254.169.254/', events: ['resource.created'], secret: 'short', description: 'a\nb' });
    expect(problems.map((p) => p.field)).toEqual(['url', 'events', 'secret', 'description']);
    expect(problems[0]!.reason).toMatch(/cloud metadata/);
    const refused = await createWebhook(prisma, author, { url: 'http://[::1]/', events: ['item.updated'] }, { appSecret: APP_SECRET });
    expect(refused).toEqual({ ok: false, problems: [{ field: 'url', reason: expect.stringMatching(/loopback/) }] });
  });

  it('sends a signed test event at once and logs it', async () => {
    const { id, secret } = await hook(prisma, author, url());
    const webhook = await prisma.webhook.findUniqueOrThrow({ where: { id } });
    const ok = await sendTest(prisma, webhook, { appSecret: APP_SECRET, allowPrivateTargets: true });
    expect(ok).toMatchObject({ delivered: true, responseStatus: 204, error: null });
    expect(signedBy(receiver.receipts[0]!, secret)).toBe(true);
    expect(receiver.receipts[0]!.headers['marketplace-event-type']).toBe('webhook.test');
    receiver.answer = answerWith(500);
    const failed = await sendTest(prisma, webhook, { appSecret: APP_SECRET, allowPrivateTargets: true });
    expect(failed).toMatchObject({ delivered: false, responseStatus: 500, error: 'HTTP 500' });
    const logged = await prisma.webhookDelivery.findMany({ where: { webhookId: id }, orderBy: { id: 'asc' } });
    expect(logged.map((row) => [row.event, row.status, row.nextAttemptAt])).toEqual([
      ['webhook.test', 'DELIVERED', null],
      ['webhook.test', 'FAILED', null],
    ]);
    // Refused by default, like any delivery.
    expect(await sendTest(prisma, webhook, { appSecret: APP_SECRET })).toMatchObject({ delivered: false, error: expect.stringMatching(/^refused/) });
  });
});
