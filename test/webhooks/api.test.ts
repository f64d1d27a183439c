// Webhooks through GraphQL, end to end on real HTTP: an account creates a webhook (its
// secret shown once, stored encrypted), test-sends it, and a download link it is issued
// reaches its receiver signed by a worker; the delivery log says so. Another account sees
// none of it; bad input names every bad field; the scope is needed.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookWorker, verifySignature, type WebhookWorker } from '../../src/webhooks';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { startReceiver, type Receiver } from './receiver';

let t: TestGateway;
let receiver: Receiver;
let worker: WebhookWorker | undefined;
let john: string;
let other: string;
let readOnly: string;

beforeAll(async () => {
  t = await startTestGateway({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' });
  receiver = await startReceiver();
  john = await tokenFor(t, 'johndoe', ['webhooks:manage', 'download:purchase']);
  other = await tokenFor(t, 'pixelforge', ['webhooks:manage']);
  readOnly = await tokenFor(t, 'johndoe', ['items:read']);
});
afterAll(async () => {
  await worker?.stop({ abandonInFlight: true });
  await receiver?.close();
  await t?.close();
});

type Errors = Array<{ path?: (string | number)[]; extensions?: Record<string, unknown> }>;
const send = async <Data = Record<string, any>>(query: string, variables: Record<string, unknown>, token: string) =>
  (await t.graphql(query, variables as never, { token })) as { status: number; data?: Data | null; errors?: Errors };

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url events active } } }`;

describe('webhooks in GraphQL', () => {
  let webhookId: string;
  let secret: string;

  it('creates one: the secret is shown once and stored only encrypted', async () => {
    const created = await send(CREATE, { input: { url: `${receiver.origin}/hook`, events: ['download.issued'], description: 'mine' } }, john);
    expect(created.errors).toBeUndefined();
    ({ secret } = created.data!.createWebhook);
    webhookId = created.data!.createWebhook.webhook.id;
    expect(created.data!.createWebhook.webhook).toMatchObject({ url: `${receiver.origin}/hook`, events: ['download.issued'], active: true });
    const row = await t.db.prisma.webhook.findFirstOrThrow({ where: { description: 'mine' } });
    expect(row.secretCiphertext).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain(secret);

    const listed = await send('{ viewer { webhooks { id url } } }', {}, john);
    expect(listed.data!.viewer.webhooks).toEqual([{ id: webhookId, url: `${receiver.origin}/hook` }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('test-sends it now, signed with that secret', async () => {
    const sent = await send('mutation($id: ID!) { testWebhook(id: $id) { delivered responseStatus } }', { id: webhookId }, john);
    expect(sent.data!.testWebhook).toEqual({ delivered: true, responseStatus: 204 });
    const receipt = receiver.receipts.at(-1)!;
    expect(JSON.parse(receipt.body).type).toBe('webhook.test');
    expect(verifySignature(receipt.headers['marketplace-signature'] as string, receipt.body, secret)).toBe(true);
  });

  it('records download.issued with the link, and the worker delivers it signed; the log says DELIVERED', async () => {
    const buyerId = await accountId(t, 'johndoe');
    const purchase = await t.db.prisma.purchase.findFirstOrThrow({ where: { buyerId, refundState: 'NONE' }, orderBy: { id: 'asc' } });
    const link = await send('mutation($code: String!) { requestDownload(purchaseCode: $code) { link { version } } }', { code: purchase.code }, john);
    expect(link.errors).toBeUndefined();

    const LOG = `query($id: ID!) { node(id: $id) { ... on Webhook { deliveries(first: 5) { totalCount edges { node { event status attempts responseStatus } } } } } }`;
    const pending = await send(LOG, { id: webhookId }, john);
    // Newest first: the event, then the test send (recorded too).
    expect(pending.data!.node.deliveries.edges).toEqual([
      { node: { event: 'download.issued', status: 'PENDING', attempts: 0, responseStatus: null } },
      { node: { event: 'webhook.test', status: 'DELIVERED', attempts: 1, responseStatus: 204 } },
    ]);

    const before = receiver.receipts.length;
    worker = startWebhookWorker({
      prisma: t.db.prisma,
      appSecret: 'test-secret-test-secret-test-secret!',
      allowPrivateTargets: true,
      pollIntervalMs: 50,
    });
    await expect.poll(() => receiver.receipts.length, { timeout: 30_000 }).toBe(before + 1);
    const receipt = receiver.receipts.at(-1)!;
    const body = JSON.parse(receipt.body);
    expect(body).toMatchObject({ type: 'download.issued', data: { purchase_code: purchase.code, version: link.data!.requestDownload.link.version } });
    expect(verifySignature(receipt.headers['marketplace-signature'] as string, receipt.body, secret)).toBe(true);
    await expect
      .poll(async () => (await send(LOG, { id: webhookId }, john)).data!.node.deliveries.edges[0].node, { timeout: 30_000 })
      .toEqual({ event: 'download.issued', status: 'DELIVERED', attempts: 1, responseStatus: 204 });
  });

  it('another account sees none of it, and cannot change or delete it (as if it did not exist)', async () => {
    const seen = await send('query($id: ID!) { node(id: $id) { id } }', { id: webhookId }, other);
    expect(seen.data!.node).toBeNull();
    for (const mutation of ['deleteWebhook(id: $id) { deletedWebhookId }', 'testWebhook(id: $id) { delivered }']) {
      const refused = await send(`mutation($id: ID!) { ${mutation} }`, { id: webhookId }, other);
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const updated = await send(
      'mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { webhook { id } } }',
      { input: { id: webhookId, active: false } },
      other,
    );
    expect(updated.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await send('{ viewer { webhooks { id } } }', {}, other)).data!.viewer.webhooks).not.toContainEqual({ id: webhookId });
  });

  it('names every bad field at once and creates nothing', async () => {
    const count = await t.db.prisma.webhook.count();
    const refused = await send(CREATE, { input: { url: 'ftp://example.com/hook', events: ['no.such.event'] } }, john);
    expect(refused.status).toBe(400);
    const fields = (refused.errors![0]!.extensions!.fields as Array<{ field: string }>).map(({ field }) => field).sort();
    expect(fields).toEqual(['events', 'url']);
    expect(await t.db.prisma.webhook.count()).toBe(count);
  });

  it('refuses a private target unless the setting allows it', async () => {
    const strict = await startTestGateway();
    try {
      const token = await tokenFor(strict, 'johndoe', ['webhooks:manage']);
      const refused = (await strict.graphql(CREATE, { input: { url: 'http://127.0.0.1:9/hook', events: ['download.issued'] } } as never, {
        token,
      })) as { errors?: Errors };
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    } finally {
      await strict.close();
    }
  });

  it('needs webhooks:manage', async () => {
    const refused = await send(CREATE, { input: { url: `${receiver.origin}/hook`, events: ['download.issued'] } }, readOnly);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['webhooks:manage'] });
    const listed = await send('{ viewer { username webhooks { id } } }', {}, readOnly);
    expect(listed.data!.viewer).toEqual({ username: 'johndoe', webhooks: null });
  });

  it("records purchase.created for the item's author in the purchase's transaction", async () => {
    const authorId = await accountId(t, 'pixelforge');
    const created = await send(CREATE, { input: { url: `${receiver.origin}/sales`, events: ['purchase.created'], description: 'sales' } }, other);
    expect(created.errors).toBeUndefined();
    const item = await t.db.prisma.item.findFirstOrThrow({
      where: { authorId, status: 'PUBLISHED', regularPriceCents: { gt: 0, lte: 5000 }, purchases: { none: { buyer: { username: 'johndoe' } } } },
    });
    const buyer = await tokenFor(t, 'johndoe', ['purchase:create']);
    const bought = await send(
      'mutation($input: PurchaseItemInput!) { purchaseItem(input: $input) { purchase { code } } }',
      { input: { itemId: encodeGlobalID('Item', item.id), license: 'REGULAR' } },
      buyer,
    );
    expect(bought.errors).toBeUndefined();
    const delivery = await t.db.prisma.webhookDelivery.findFirstOrThrow({ where: { webhook: { description: 'sales' }, event: 'purchase.created' } });
    expect(delivery.payload).toMatchObject({
      type: 'purchase.created',
      data: { purchase_code: bought.data!.purchaseItem.purchase.code, item: { id: item.id, slug: item.slug }, buyer: { username: 'johndoe' } },
    });
  });

  it('updates and deletes it, with its log', async () => {
    const updated = await send(
      'mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { webhook { events active } } }',
      { input: { id: webhookId, events: ['download.issued', 'purchase.created'], active: false } },
      john,
    );
    expect(updated.data!.updateWebhook.webhook).toEqual({ events: ['download.issued', 'purchase.created'], active: false });
    const deleted = await send('mutation($id: ID!) { deleteWebhook(id: $id) { deletedWebhookId } }', { id: webhookId }, john);
    expect(deleted.data!.deleteWebhook.deletedWebhookId).toBe(webhookId);
    expect(await t.db.prisma.webhookDelivery.count({ where: { webhook: { description: 'mine' } } })).toBe(0);
    expect((await send('{ viewer { webhooks { id } } }', {}, john)).data!.viewer.webhooks).toEqual([]);
  });
});
