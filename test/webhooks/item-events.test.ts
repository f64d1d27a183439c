// item.published, item.updated and item.version_published: recorded in the transaction of
// the authoring change (a refused change records nothing) and delivered, signed, to a real
// receiver by the worker. Drafts report only their releases; item.updated names the
// fields whose values changed, and nothing is sent when none did.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookWorker, verifySignature, type WebhookWorker } from '../../src/webhooks';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { startReceiver, type Receiver } from './receiver';
import { authorsWithoutWebhooks } from './support';

const APP_SECRET = 'test-secret-test-secret-test-secret!';

let t: TestGateway;
let receiver: Receiver;
let worker: WebhookWorker;
let author: string;
let authorId: number;
let secret: string;
let webhookId: number;

beforeAll(async () => {
  t = await startTestGateway({ WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' });
  receiver = await startReceiver();
  [authorId] = await authorsWithoutWebhooks(t.db.prisma);
  const { username } = await t.db.prisma.account.findUniqueOrThrow({ where: { id: authorId }, select: { username: true } });
  author = await tokenFor(t, username, ['items:write', 'webhooks:manage']);
  const created = await t.request('/api/v1/webhooks', {
    method: 'POST',
    token: author,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${receiver.origin}/items`, events: ['item.published', 'item.updated', 'item.version_published'] }),
  });
  expect(created.status).toBe(201);
  ({ id: webhookId, secret } = ((await created.json()) as { data: { id: number; secret: string } }).data);
  worker = startWebhookWorker({ prisma: t.db.prisma, appSecret: APP_SECRET, allowPrivateTargets: true, pollIntervalMs: 50 });
});
afterAll(async () => {
  await worker?.stop({ abandonInFlight: true });
  await receiver?.close();
  await t?.close();
});

type Result = { data?: Record<string, any> | null; errors?: Array<{ extensions?: Record<string, unknown> }> };
const send = async (query: string, variables: Record<string, unknown>) => (await t.graphql(query, variables as never, { token: author })) as Result;

const CREATE = `mutation ItemEventsCreate($input: CreateItemInput!) { createItem(input: $input) { item { id databaseId slug } } }`;
const UPDATE = `mutation ItemEventsUpdate($id: ID!, $input: UpdateItemInput!) { updateItem(id: $id, input: $input) { item { status } } }`;
const PUBLISH = `mutation ItemEventsPublish($input: PublishItemVersionInput!) { publishItemVersion(input: $input) { version { version } } }`;

/** Events recorded for the webhook so far, oldest first. */
const recorded = async () =>
  (await t.db.prisma.webhookDelivery.findMany({ where: { webhookId }, orderBy: { id: 'asc' } })).map((row) => row.payload as Record<string, any>);

/** Waits until the receiver has `count` deliveries of the webhook; returns their bodies, checked signed. */
async function delivered(count: number) {
  await expect.poll(() => receiver.receipts.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
  return receiver.receipts.map((receipt) => {
    expect(verifySignature(receipt.headers['marketplace-signature'] as string, receipt.body, secret)).toBe(true);
    return JSON.parse(receipt.body) as { type: string; data: Record<string, any>; id: string };
  });
}

describe('item webhook events', () => {
  let id: string;
  let databaseId: number;
  let slug: string;

  it('a draft and its first release: only item.version_published', async () => {
    const created = await send(CREATE, {
      input: { name: 'Webhook Event Theme', type: 'THEME', category: 'themes', regularPrice: '19.00', extendedPrice: '99.00' },
    });
    expect(created.errors).toBeUndefined();
    ({ id, databaseId, slug } = created.data!.createItem.item);
    expect(await recorded()).toEqual([]);

    const file = Buffer.from('PK\x03\x04 webhook event theme', 'binary').toString('base64');
    const release = await send(PUBLISH, {
      input: { itemId: id, version: '1.0.0', changelog: 'First release', file: { name: 'theme.zip', contentBase64: file } },
    });
    expect(release.errors).toBeUndefined();
    const [event] = await delivered(1);
    expect(event).toMatchObject({
      type: 'item.version_published',
      data: { item: { id: databaseId, slug, name: 'Webhook Event Theme' }, version: '1.0.0', changelog: 'First release' },
    });
    expect(receiver.receipts[0]!.headers['marketplace-event-type']).toBe('item.version_published');
  });

  it('publishing it: item.published with its type and version', async () => {
    const published = await send(UPDATE, { id, input: { status: 'PUBLISHED', name: 'Webhook Event Theme Pro' } });
    expect(published.errors).toBeUndefined();
    const events = await delivered(2);
    expect(events[1]).toMatchObject({
      type: 'item.published',
      data: { item: { id: databaseId, slug, name: 'Webhook Event Theme Pro', type: 'theme', version: '1.0.0' } },
    });
    expect(Date.parse(events[1]!.data.published_at)).not.toBeNaN();
  });

  it('changing it: item.updated naming the fields that changed; the same values again send nothing', async () => {
    const updated = await send(UPDATE, { id, input: { name: 'Webhook Event Theme Pro', regularPrice: '29.00', tags: ['dark'] } });
    expect(updated.errors).toBeUndefined();
    const events = await delivered(3);
    expect(events[2]).toMatchObject({ type: 'item.updated', data: { item: { id: databaseId, slug }, changed: ['regular_price', 'tags'] } });

    const before = (await recorded()).length;
    expect((await send(UPDATE, { id, input: { regularPrice: '29.00', tags: ['dark'] } })).errors).toBeUndefined();
    expect((await recorded()).length).toBe(before);
  });

  it('a refused change records nothing (the event shares its transaction)', async () => {
    const before = (await recorded()).length;
    const refused = await send(UPDATE, { id, input: { extendedPrice: '1.00' } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'extendedPrice' });
    expect((await recorded()).length).toBe(before);
  });

  it('a new version of the published item, then leaving the catalog (status in changed)', async () => {
    const file = Buffer.from('PK\x03\x04 v1.1.0', 'binary').toString('base64');
    const release = await send(PUBLISH, {
      input: { itemId: id, version: '1.1.0', changelog: 'Fixes', file: { name: 'theme.zip', contentBase64: file } },
    });
    expect(release.errors).toBeUndefined();
    const unlisted = await send(UPDATE, { id, input: { status: 'UNLISTED' } });
    expect(unlisted.errors).toBeUndefined();
    const events = await delivered(5);
    expect(events.slice(3).map((event) => [event.type, event.data.version ?? event.data.changed])).toEqual([
      ['item.version_published', '1.1.0'],
      ['item.updated', ['status']],
    ]);
    // Unlisted, it is no longer a published item: its changes send nothing.
    const before = (await recorded()).length;
    expect((await send(UPDATE, { id, input: { name: 'Quietly renamed' } })).errors).toBeUndefined();
    expect((await recorded()).length).toBe(before);
  });

  it('every delivery is logged DELIVERED, one event id each', async () => {
    await expect
      .poll(async () => (await t.db.prisma.webhookDelivery.findMany({ where: { webhookId } })).every((row) => row.status === 'DELIVERED'), {
        timeout: 30_000,
      })
      .toBe(true);
    const ids = receiver.receipts.map((receipt) => receipt.headers['marketplace-event-id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(encodeGlobalID('Item', databaseId)).toBe(id);
  });
});
