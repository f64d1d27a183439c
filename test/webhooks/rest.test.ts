// Webhooks over REST (004_…): list, create (the secret shown once), update, test-send,
// delivery log and delete, in the v1 shapes, against a real receiver. Another account's
// webhook looks nonexistent (404); webhooks:manage is needed; bad input names the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/webhooks';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { contractClient, routesOf } from '../rest/support';
import { startReceiver, type Receiver } from './receiver';

let t: TestGateway;
let receiver: Receiver;
const { call, uncovered } = contractClient(() => t);
let john: string;
let other: string;
let unscoped: string;

beforeAll(async () => {
  t = await startTestGateway({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' });
  receiver = await startReceiver();
  john = await tokenFor(t, 'johndoe', ['webhooks:manage']);
  other = await tokenFor(t, 'pixelforge', ['webhooks:manage']);
  unscoped = await tokenFor(t, 'johndoe', ['user:account', 'items:read', 'tokens:manage']);
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe('webhooks over REST', () => {
  let id: number;
  let secret: string;

  it('POST creates one: 201 with the secret, which no later answer holds', async () => {
    const created = await call('POST /api/v1/webhooks', '/api/v1/webhooks', {
      token: john,
      json: { url: `${receiver.origin}/rest`, events: ['download.issued', 'item.updated'], description: 'rest' },
    });
    expect(created.status).toBe(201);
    ({ id, secret } = created.body.data);
    expect(secret).toMatch(/^whsec_/);
    expect(created.body.data).toMatchObject({
      url: `${receiver.origin}/rest`,
      events: ['download.issued', 'item.updated'],
      description: 'rest',
      active: true,
    });

    const listed = await call('GET /api/v1/webhooks', '/api/v1/webhooks', { token: john });
    expect(listed.status).toBe(200);
    const { secret: _shownOnce, ...shown } = created.body.data;
    expect(listed.body.data).toEqual([shown]);
    expect(listed.body.meta).toEqual({ page: 1, per_page: 20, total: 1, total_pages: 1 });
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const row = await t.db.prisma.webhook.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('keeps a secret the caller chose, and signs with it', async () => {
    const mine = 'my-own-signing-secret-0123456789abcdef';
    const created = await call('POST /api/v1/webhooks', '/api/v1/webhooks', {
      token: john,
      json: { url: `${receiver.origin}/own`, events: ['purchase.created'], secret: mine },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.secret).toBe(mine);
    const sent = await call('POST /api/v1/webhooks/:id/test', `/api/v1/webhooks/${created.body.data.id}/test`, { token: john });
    expect(sent.body.data).toMatchObject({ delivered: true, response_code: 204, error: null });
    const receipt = receiver.receipts.at(-1)!;
    expect(verifySignature(receipt.headers['marketplace-signature'] as string, receipt.body, mine)).toBe(true);
    expect((await call('DELETE /api/v1/webhooks/:id', `/api/v1/webhooks/${created.body.data.id}`, { token: john })).status).toBe(204);
  });

  it('POST /{id}/test sends a signed webhook.test now; the delivery log shows it', async () => {
    const sent = await call('POST /api/v1/webhooks/:id/test', `/api/v1/webhooks/${id}/test`, { token: john });
    expect(sent.status).toBe(200);
    expect(sent.body.data).toMatchObject({ delivered: true, response_code: 204, error: null });
    const receipt = receiver.receipts.at(-1)!;
    expect(receipt.path).toBe('/rest');
    expect(JSON.parse(receipt.body).type).toBe('webhook.test');
    expect(verifySignature(receipt.headers['marketplace-signature'] as string, receipt.body, secret)).toBe(true);

    receiver.answer = (_receipt, response) => response.writeHead(503).end();
    const failed = await call('POST /api/v1/webhooks/:id/test', `/api/v1/webhooks/${id}/test`, { token: john });
    expect(failed.body.data).toMatchObject({ delivered: false, response_code: 503 });
    receiver.answer = (_receipt, response) => response.writeHead(204).end();

    const log = await call('GET /api/v1/webhooks/:id/deliveries', `/api/v1/webhooks/${id}/deliveries`, { token: john });
    expect(log.status).toBe(200);
    expect(log.body.meta.total).toBe(2);
    expect(
      log.body.data.map(({ event, status, attempts, last_response_code, next_attempt_at }: Record<string, unknown>) => ({
        event,
        status,
        attempts,
        last_response_code,
        next_attempt_at,
      })),
    ).toEqual([
      { event: 'webhook.test', status: 'failed', attempts: 1, last_response_code: 503, next_attempt_at: null },
      { event: 'webhook.test', status: 'delivered', attempts: 1, last_response_code: 204, next_attempt_at: null },
    ]);
    const paged = await call('GET /api/v1/webhooks/:id/deliveries', `/api/v1/webhooks/${id}/deliveries?cursor=&per_page=1`, { token: john });
    expect(paged.body.pagination).toMatchObject({ hasMore: true, total: 2 });
    const next = await call(
      'GET /api/v1/webhooks/:id/deliveries',
      `/api/v1/webhooks/${id}/deliveries?cursor=${paged.body.pagination.nextCursor}&per_page=1`,
      {
        token: john,
      },
    );
    expect(next.body.data[0].status).toBe('delivered');
  });

  it('PATCH changes only the fields sent', async () => {
    const updated = await call('PATCH /api/v1/webhooks/:id', `/api/v1/webhooks/${id}`, {
      token: john,
      json: { events: ['item.published'], active: false, description: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ id, url: `${receiver.origin}/rest`, events: ['item.published'], active: false, description: null });
    expect(JSON.stringify(updated.body)).not.toContain(secret);
  });

  it('400 in the v1 shape naming the field, on create and update; nothing is written', async () => {
    const count = await t.db.prisma.webhook.count();
    const bad: Array<[unknown, string]> = [
      [{ url: `${receiver.origin}/x`, events: ['resource.created'] }, 'events'],
      [{ url: 'ftp://example.com/hook', events: ['purchase.created'] }, 'url'],
      [{ events: ['purchase.created'] }, 'url'],
      [{ url: `${receiver.origin}/x`, events: 'purchase.created' }, 'events'],
      [{ url: `${receiver.origin}/x`, events: [] }, 'events'],
      [{ url: `${receiver.origin}/x`, events: ['purchase.created'], secret: 'short' }, 'secret'],
    ];
    for (const [json, field] of bad) {
      const refused = await call('POST /api/v1/webhooks', '/api/v1/webhooks', { token: john, json });
      expect(refused.status, JSON.stringify(json)).toBe(400);
      expect(refused.body.details.field, JSON.stringify(json)).toBe(field);
    }
    expect(await t.db.prisma.webhook.count()).toBe(count);

    for (const [json, field] of [
      [{ active: 'yes' }, 'active'],
      [{ events: ['nope'] }, 'events'],
      [{}, 'body'],
    ] as const) {
      const refused = await call('PATCH /api/v1/webhooks/:id', `/api/v1/webhooks/${id}`, { token: john, json });
      expect(refused.status, JSON.stringify(json)).toBe(400);
      expect(refused.body.details.field).toBe(field);
    }
    const badId = await call('PATCH /api/v1/webhooks/:id', '/api/v1/webhooks/abc', { token: john, json: { active: true } });
    expect(badId.body.details.field).toBe('id');
    for (const path of [`/api/v1/webhooks/0/test`, '/api/v1/webhooks/x/deliveries']) {
      const key = path.endsWith('test') ? 'POST /api/v1/webhooks/:id/test' : 'GET /api/v1/webhooks/:id/deliveries';
      expect((await call(key, path, { token: john })).status).toBe(400);
    }
    expect((await call('DELETE /api/v1/webhooks/:id', '/api/v1/webhooks/-1', { token: john })).status).toBe(400);
    expect((await call('GET /api/v1/webhooks', '/api/v1/webhooks?per_page=500', { token: john })).status).toBe(400);

    // The same refusal in GraphQL names the field too.
    const graphql = (await t.graphql(
      'mutation WebhooksRestBadCreate($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }',
      { input: { url: `${receiver.origin}/x`, events: ['resource.created'] } } as never,
      { token: john },
    )) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
    expect(graphql.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
  });

  it("another account's webhook looks nonexistent: 404 on every path, absent from its list", async () => {
    for (const [key, path, json] of [
      ['PATCH /api/v1/webhooks/:id', `/api/v1/webhooks/${id}`, { active: true }],
      ['POST /api/v1/webhooks/:id/test', `/api/v1/webhooks/${id}/test`, undefined],
      ['GET /api/v1/webhooks/:id/deliveries', `/api/v1/webhooks/${id}/deliveries`, undefined],
      ['DELETE /api/v1/webhooks/:id', `/api/v1/webhooks/${id}`, undefined],
    ] as const) {
      const refused = await call(key, path, { token: other, json });
      expect(refused.status, key).toBe(404);
      // An unknown id answers exactly the same.
      const unknown = await call(key, path.replace(String(id), '999999'), { token: john, json });
      expect(unknown.status, key).toBe(404);
      expect(unknown.body.msg).toBe(refused.body.msg);
    }
    const listed = await call('GET /api/v1/webhooks', '/api/v1/webhooks', { token: other });
    expect(listed.body.data.map((webhook: { id: number }) => webhook.id)).not.toContain(id);
    expect((await t.db.prisma.webhook.findUniqueOrThrow({ where: { id } })).active).toBe(false);
  });

  it('needs webhooks:manage (403) and a credential (401)', async () => {
    for (const [key, path, json] of [
      ['GET /api/v1/webhooks', '/api/v1/webhooks', undefined],
      ['POST /api/v1/webhooks', '/api/v1/webhooks', { url: `${receiver.origin}/x`, events: ['purchase.created'] }],
      ['PATCH /api/v1/webhooks/:id', `/api/v1/webhooks/${id}`, { active: true }],
      ['POST /api/v1/webhooks/:id/test', `/api/v1/webhooks/${id}/test`, undefined],
      ['GET /api/v1/webhooks/:id/deliveries', `/api/v1/webhooks/${id}/deliveries`, undefined],
      ['DELETE /api/v1/webhooks/:id', `/api/v1/webhooks/${id}`, undefined],
    ] as const) {
      const refused = await call(key, path, { token: unscoped, json });
      expect(refused.status, key).toBe(403);
      expect(refused.body.msg, key).toContain('webhooks:manage');
      expect((await call(key, path, { json })).status, key).toBe(401);
    }
  });

  it('pages the list (page and cursor forms, both orders)', async () => {
    const made: number[] = [];
    for (const n of [1, 2, 3]) {
      const created = await call('POST /api/v1/webhooks', '/api/v1/webhooks', {
        token: other,
        json: { url: `${receiver.origin}/page${n}`, events: ['purchase.created'] },
      });
      made.push(created.body.data.id);
    }
    const all = (await call('GET /api/v1/webhooks', '/api/v1/webhooks?per_page=100', { token: other })).body.data.map((w: { id: number }) => w.id);
    const page2 = await call('GET /api/v1/webhooks', '/api/v1/webhooks?per_page=2&page=2', { token: other });
    expect(page2.body.data.map((w: { id: number }) => w.id)).toEqual(all.slice(2, 4));
    expect(page2.body.meta).toEqual({ page: 2, per_page: 2, total: all.length, total_pages: Math.ceil(all.length / 2) });

    const newest = await call('GET /api/v1/webhooks', '/api/v1/webhooks?sort=-created_at&cursor=&per_page=2', { token: other });
    expect(newest.body.data.map((w: { id: number }) => w.id)).toEqual([made[2], made[1]]);
    const rest = await call('GET /api/v1/webhooks', `/api/v1/webhooks?sort=-created_at&cursor=${newest.body.pagination.nextCursor}&per_page=2`, {
      token: other,
    });
    expect(rest.body.data[0].id).toBe(made[0]);
  });

  it('POST is 409 once the account keeps the most webhooks it may (WEBHOOKS_PER_ACCOUNT), in the v1 shape', async () => {
    // test/webhooks/per-account.test.ts races twice the limit over two instances; this is the documented answer.
    const admin = await tokenFor(t, 'admin', ['webhooks:manage']);
    const create = () =>
      call('POST /api/v1/webhooks', '/api/v1/webhooks', { token: admin, json: { url: `${receiver.origin}/full`, events: ['item.updated'] } });
    const statuses: number[] = [];
    for (let n = 0; n < t.gateway.services.config.WEBHOOKS_PER_ACCOUNT; n++) statuses.push((await create()).status);
    expect(new Set(statuses)).toEqual(new Set([201]));
    const refused = await create();
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ status: 'error', code: 409, error: 'invalid_request', msg: expect.stringContaining('delete one first') });
  });

  it('DELETE answers 204 and the webhook is gone with its log', async () => {
    const deleted = await call('DELETE /api/v1/webhooks/:id', `/api/v1/webhooks/${id}`, { token: john });
    expect(deleted.status).toBe(204);
    expect(await t.db.prisma.webhookDelivery.count({ where: { webhookId: id } })).toBe(0);
    expect((await call('GET /api/v1/webhooks/:id/deliveries', `/api/v1/webhooks/${id}/deliveries`, { token: john })).status).toBe(404);
    expect((await call('GET /api/v1/webhooks', '/api/v1/webhooks', { token: john })).body.data).toEqual([]);
  });

  it('covers every documented answer of the webhook routes', () => {
    expect(uncovered(routesOf((route) => route.path.startsWith('/api/v1/webhooks')))).toEqual([]);
  });
});
