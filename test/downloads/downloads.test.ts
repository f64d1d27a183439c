// Downloads over HTTP: requestDownload issues a signed, short-lived link; GET on the link
// streams the purchased file and records the download; any tampering or expiry is a 403
// without file bytes.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway, nothingStands } from '../support/gateway';

let t: TestGateway;
let johndoe: string;
beforeAll(async () => {
  t = await startTestGateway();
  johndoe = await tokenFor(t, 'johndoe', ['download:purchase']);
});
afterAll(() => t.close());
afterEach(() => t.setNow(null));

const RequestDownload = graphql(`
  mutation RequestDownload($purchaseCode: String!) {
    requestDownload(purchaseCode: $purchaseCode) { link { url expiresAt fileName fileSize version sha256 } }
  }
`);

/** A purchase of johndoe's that was not refunded, with its item's latest version row. */
async function johndoePurchase(skip = 0) {
  const buyerId = await accountId(t, 'johndoe');
  const purchase = await t.db.prisma.purchase.findFirstOrThrow({
    where: { buyerId, refundState: { not: 'REFUNDED' } },
    orderBy: { id: 'asc' },
    skip,
    include: { item: true },
  });
  const version = await t.db.prisma.itemVersion.findUniqueOrThrow({
    where: { itemId_version: { itemId: purchase.itemId, version: purchase.item.latestVersion! } },
  });
  return { purchase, version };
}

async function issue(code: string, token = johndoe) {
  const result = await t.graphql(RequestDownload, { purchaseCode: code }, { token });
  expect(result.errors).toBeUndefined();
  return result.data!.requestDownload.link;
}

/** The gateway-relative part of a link (what t.request takes). */
const pathOf = (url: string) => {
  const parsed = new URL(url, 'http://gateway.test');
  return `${parsed.pathname}${parsed.search}`;
};

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(Buffer.from(bytes)).digest('hex');

/** A refusal: the error shape, a JSON body, and nothing of the zip file in it. */
async function expectRefusal(response: Response, status: number, msg: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('content-disposition')).toBeNull();
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.includes(Buffer.from('PK\x03\x04', 'binary'))).toBe(false);
  const body = JSON.parse(bytes.toString('utf8'));
  expect(body).toEqual({ status: 'error', code: status, msg: expect.stringMatching(msg), correlation_id: response.headers.get('x-correlation-id') });
}

describe('requestDownload and GET /downloads/…', () => {
  it('serves the exact stored file and records the download once', async () => {
    const { purchase, version } = await johndoePurchase();
    await t.db.prisma.purchase.update({ where: { id: purchase.id }, data: { downloaded: false } });
    const countBefore = purchase.item.downloadCount;
    const now = new Date();
    t.setNow(now);

    const link = await issue(purchase.code);
    expect(link.url).toMatch(/^http:\/\/gateway\.test\/downloads\/\d+\?expires=\d+&signature=[A-Za-z0-9_-]{43}$/);
    expect(link).toMatchObject({
      fileName: version.fileName,
      fileSize: version.fileSize,
      version: purchase.item.latestVersion,
      sha256: version.fileSha256,
    });
    const expiresAt = Date.parse(link.expiresAt);
    expect(expiresAt).toBe((Math.floor(now.getTime() / 1000) + 300) * 1000);
    expect(Number(new URL(link.url).searchParams.get('expires'))).toBe(expiresAt / 1000);

    const grantId = Number(new URL(link.url).pathname.split('/').pop());
    const grant = await t.db.prisma.downloadGrant.findUniqueOrThrow({ where: { id: grantId } });
    expect(grant).toMatchObject({ purchaseId: purchase.id, versionId: version.id, downloadedAt: null });
    expect(grant.expiresAt.getTime()).toBe(expiresAt);

    // No bearer token: the signature is the credential.
    const response = await t.request(pathOf(link.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-length')).toBe(String(version.fileSize));
    expect(response.headers.get('content-disposition')).toContain(`attachment; filename="${version.fileName}"`);
    const bytes = await response.arrayBuffer();
    expect(bytes.byteLength).toBe(version.fileSize);
    expect(sha256(bytes)).toBe(version.fileSha256);

    const after = await t.db.prisma.purchase.findUniqueOrThrow({ where: { id: purchase.id }, include: { item: true } });
    expect(after.downloaded).toBe(true);
    expect(after.item.downloadCount).toBe(countBefore + 1);
    // A download does not make the item look updated.
    expect(after.item.updatedAt).toEqual(purchase.item.updatedAt);
    expect((await t.db.prisma.downloadGrant.findUniqueOrThrow({ where: { id: grantId } })).downloadedAt).toEqual(now);

    // The same link again (a retried download) serves the file but counts nothing more.
    const again = await t.request(pathOf(link.url));
    expect(again.status).toBe(200);
    expect(sha256(await again.arrayBuffer())).toBe(version.fileSha256);
    const item = await t.db.prisma.item.findUniqueOrThrow({ where: { id: purchase.itemId } });
    expect(item.downloadCount).toBe(countBefore + 1);

    // A new link is a new download.
    const second = await issue(purchase.code);
    expect((await t.request(pathOf(second.url))).status).toBe(200);
    expect((await t.db.prisma.item.findUniqueOrThrow({ where: { id: purchase.itemId } })).downloadCount).toBe(countBefore + 2);
  });

  it('refuses tampered links with 403 and no file bytes', async () => {
    const { purchase } = await johndoePurchase(1);
    const before = await t.db.prisma.item.findUniqueOrThrow({ where: { id: purchase.itemId } });
    const link = new URL(pathOf((await issue(purchase.code)).url), 'http://gateway.test');
    const grantId = Number(link.pathname.split('/').pop());
    const expires = link.searchParams.get('expires')!;
    const signature = link.searchParams.get('signature')!;
    const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const flipSpareBit = (text: string) => text.slice(0, -1) + B64URL[B64URL.indexOf(text.at(-1)!) ^ 1];
    expect(Buffer.from(flipSpareBit(signature), 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;

    const tampered = [
      `/downloads/${grantId}?expires=${expires}&signature=${flip(signature, 0)}`,
      // Only a spare bit of the last character: decoded bytes would be equal, the text is not.
      `/downloads/${grantId}?expires=${expires}&signature=${flipSpareBit(signature)}`,
      `/downloads/${grantId}?expires=${Number(expires) + 3600}&signature=${signature}`,
      `/downloads/${grantId - 1}?expires=${expires}&signature=${signature}`,
      `/downloads/${grantId}?expires=${expires}`,
      `/downloads/${grantId}`,
      `/downloads/abc?expires=${expires}&signature=${signature}`,
    ];
    for (const path of tampered) await expectRefusal(await t.request(path), 403, /invalid download link/i);

    const unchanged = await t.db.prisma.item.findUniqueOrThrow({ where: { id: purchase.itemId } });
    expect(unchanged.downloadCount).toBe(before.downloadCount);
    expect((await t.db.prisma.downloadGrant.findUniqueOrThrow({ where: { id: grantId } })).downloadedAt).toBeNull();
  });

  it('refuses a link for a grant that does not exist, even when signed', async () => {
    const { signDownloadLink } = await import('../../src/downloads/links');
    const expires = Math.floor(Date.now() / 1000) + 300;
    const signature = signDownloadLink(t.gateway.services.config.APP_SECRET, { grantId: 999_999, expires });
    await expectRefusal(await t.request(`/downloads/999999?expires=${expires}&signature=${signature}`), 403, /invalid download link/i);
  });

  it('refuses an expired link with 403', async () => {
    const { purchase } = await johndoePurchase(2);
    const start = new Date();
    t.setNow(start);
    const link = await issue(purchase.code);
    t.setNow(new Date(start.getTime() + 299_000));
    const stillValid = await t.request(pathOf(link.url));
    expect(stillValid.status).toBe(200);
    await stillValid.arrayBuffer();

    t.setNow(new Date(start.getTime() + 301_000));
    await expectRefusal(await t.request(pathOf(link.url)), 403, /expired/i);
  });

  it('honours DOWNLOAD_LINK_TTL', async () => {
    const short = await startTestGateway({ DOWNLOAD_LINK_TTL: '60' });
    try {
      const { purchase } = await johndoePurchase();
      const token = await tokenFor(short, 'johndoe', ['download:purchase']);
      const now = new Date();
      short.setNow(now);
      const { data } = await short.graphql(RequestDownload, { purchaseCode: purchase.code }, { token });
      expect(Date.parse(data!.requestDownload.link.expiresAt)).toBe((Math.floor(now.getTime() / 1000) + 60) * 1000);
      short.setNow(new Date(now.getTime() + 61_000));
      expect((await short.request(pathOf(data!.requestDownload.link.url))).status).toBe(403);
    } finally {
      await short.close();
    }
  });

  it('answers 404 in the error shape when the file is missing from the store', async () => {
    const { purchase, version } = await johndoePurchase(3);
    await t.db.prisma.itemVersion.update({ where: { id: version.id }, data: { fileKey: 'items/nowhere/missing.zip' } });
    const link = await issue(purchase.code);
    await expectRefusal(await t.request(pathOf(link.url)), 404, /not found/i);
    const grantId = Number(new URL(link.url).pathname.split('/').pop());
    expect((await t.db.prisma.downloadGrant.findUniqueOrThrow({ where: { id: grantId } })).downloadedAt).toBeNull();
  });

  it('refuses other methods than GET', async () => {
    const { purchase } = await johndoePurchase();
    const link = await issue(purchase.code);
    const response = await t.request(pathOf(link.url), { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('requestDownload refusals', () => {
  it('answers NOT_FOUND for a refunded purchase', async () => {
    const refunded = await t.db.prisma.purchase.findFirstOrThrow({ where: { refundState: 'REFUNDED' }, include: { buyer: true } });
    const token = await tokenFor(t, refunded.buyer.username, ['download:purchase']);
    const { data, errors } = await t.graphql(RequestDownload, { purchaseCode: refunded.code }, { token });
    expect(nothingStands(data)).toBe(true);
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("answers for someone else's code exactly as for an unknown code", async () => {
    const buyerId = await accountId(t, 'johndoe');
    const foreign = await t.db.prisma.purchase.findFirstOrThrow({ where: { buyerId: { not: buyerId }, refundState: 'NONE' } });
    const theirs = await t.graphql(RequestDownload, { purchaseCode: foreign.code }, { token: johndoe });
    const unknown = await t.graphql(RequestDownload, { purchaseCode: '00000000-0000-4000-8000-000000000000' }, { token: johndoe });
    const shape = (result: typeof theirs) => ({
      status: result.status,
      data: result.data,
      errors: result.errors?.map(({ extensions, ...rest }) => ({ ...rest, extensions: { ...extensions, correlationId: undefined } })),
    });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(shape(theirs)).toEqual(shape(unknown));
    expect(await t.db.prisma.downloadGrant.count({ where: { purchaseId: foreign.id } })).toBe(0);
  });

  it("by slug: someone else's draft answers exactly as an unknown slug; a public item not bought is FORBIDDEN", async () => {
    const BySlug = `mutation($slug: String!) { requestDownload(itemSlug: $slug) { link { url } } }`;
    const buyerId = await accountId(t, 'johndoe');
    const draft = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'DRAFT', authorId: { not: buyerId } } });
    const published = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'PUBLISHED', purchases: { none: { buyerId } } } });
    const hidden = await t.graphql(BySlug, { slug: draft.slug }, { token: johndoe });
    const unknown = await t.graphql(BySlug, { slug: 'no-such-item-anywhere' }, { token: johndoe });
    const notBought = await t.graphql(BySlug, { slug: published.slug }, { token: johndoe });
    const shape = (result: typeof hidden) => ({
      status: result.status,
      code: result.errors?.[0]?.extensions?.code,
      message: result.errors?.[0]?.message,
    });
    expect(shape(hidden)).toEqual({ status: 404, code: 'NOT_FOUND', message: 'Item not found' });
    expect(shape(hidden)).toEqual(shape(unknown));
    expect(shape(notBought)).toEqual({ status: 403, code: 'FORBIDDEN', message: 'You have not purchased this item' });
  });

  it('answers FORBIDDEN naming download:purchase without the scope, UNAUTHENTICATED without a token', async () => {
    const { purchase } = await johndoePurchase();
    const token = await tokenFor(t, 'johndoe', ['purchase:list']);
    const forbidden = await t.graphql(RequestDownload, { purchaseCode: purchase.code }, { token });
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['download:purchase'] });
    expect(forbidden.errors?.[0]?.message).toContain('download:purchase');

    const anonymous = await t.graphql(RequestDownload, { purchaseCode: purchase.code });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
