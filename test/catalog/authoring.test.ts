// Authors' writes over HTTP: createItem (drafts with unique slugs), updateItem (own items,
// status rules) and publishItemVersion (SemVer order, the file stored and served, one
// transaction), plus who may do them.
import { createHash } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import type { CreateItemInput } from '../../src/generated/gql/graphql';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway, nothingStands } from '../support/gateway';
import { setBalance } from '../purchases/support';

let t: TestGateway;
/** pixelforge (an author) with items:write only: no items:read. */
let author: string;
/** pixelforge with items:write and items:read. */
let authorReader: string;
/** codecraft, another author. */
let otherAuthor: string;
/** johndoe, a buyer, with items:write. */
let buyer: string;

beforeAll(async () => {
  t = await startTestGateway();
  author = await tokenFor(t, 'pixelforge', ['items:write']);
  authorReader = await tokenFor(t, 'pixelforge', ['items:write', 'items:read']);
  otherAuthor = await tokenFor(t, 'codecraft', ['items:write', 'items:read']);
  buyer = await tokenFor(t, 'johndoe', ['items:write']);
});
afterAll(() => t.close());

const CreateItem = graphql(`
  mutation CreateItem($input: CreateItemInput!) {
    createItem(input: $input) {
      item {
        id
        databaseId
        name
        slug
        description
        type
        status
        category { slug }
        subCategory { slug }
        author { username }
        options
        tags
        demoUrl
        media { thumbnail previewImage previewVideo previewAudio screenshots }
        price { regular { cents amount } extended { cents amount } }
        supportMonths
        publishedAt
        latestVersion
        versions(first: 10) { totalCount }
      }
    }
  }
`);

const UpdateItem = graphql(`
  mutation UpdateItem($id: ID!, $input: UpdateItemInput!) {
    updateItem(id: $id, input: $input) {
      item {
        id
        name
        slug
        description
        type
        status
        category { slug }
        subCategory { slug }
        tags
        options
        demoUrl
        media { thumbnail previewImage previewVideo previewAudio screenshots }
        price { regular { cents } extended { cents } }
        supportMonths
        publishedAt
        latestVersion
      }
    }
  }
`);

const PublishItemVersion = graphql(`
  mutation PublishItemVersion($input: PublishItemVersionInput!) {
    publishItemVersion(input: $input) {
      version { id version changelog releasedAt fileName fileSize }
      item { slug latestVersion status }
    }
  }
`);

const PublicItem = graphql(`
  query PublicItem($slug: String!) {
    item(slug: $slug) { slug status latestVersion }
  }
`);

const Catalog = graphql(`
  query CatalogSearch($text: String!) {
    items(filter: { text: $text }, first: 10) { totalCount edges { node { slug } } }
  }
`);

const LatestVersion = graphql(`
  query LatestVersionOf($slug: String!) {
    latestVersion(slug: $slug) { slug version changelog }
  }
`);

const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');
const sha256 = (bytes: Buffer | ArrayBuffer) =>
  createHash('sha256')
    .update(Buffer.from(bytes as ArrayBuffer))
    .digest('hex');

function newItem(overrides: Partial<CreateItemInput> = {}): CreateItemInput {
  return {
    name: 'Quokkaquill – Dark Portfolio Theme',
    description: 'A dark, fast portfolio theme.\n\nWith a blog.',
    type: 'THEME',
    category: 'themes',
    subCategory: 'wordpress-themes',
    regularPrice: '49.00',
    extendedPrice: '990.5',
    options: ['Dark mode', 'Responsive', 'Dark mode'],
    tags: ['Portfolio', ' dark ', 'portfolio', 'DARK', 'Landing  Page'],
    demoUrl: 'https://demo.example.com/aurora/',
    thumbnailUrl: 'https://cdn.example.com/aurora/thumb.png',
    previewImageUrl: 'https://cdn.example.com/aurora/preview.png',
    screenshots: ['https://cdn.example.com/aurora/1.png', 'https://cdn.example.com/aurora/2.png'],
    supportMonths: 12,
    ...overrides,
  };
}

async function create(overrides: Partial<CreateItemInput> = {}, token = author) {
  const { data, errors } = await t.graphql(CreateItem, { input: newItem(overrides) }, { token });
  expect(errors).toBeUndefined();
  return data!.createItem.item;
}

async function publish(itemId: string, version: string, bytes: Buffer | string, token = author, fileName = 'aurora.zip') {
  return t.graphql(
    PublishItemVersion,
    { input: { itemId, version, changelog: `Changes in ${version}`, file: { name: fileName, contentBase64: base64(bytes) } } },
    { token },
  );
}

const code = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => result.errors?.[0]?.extensions;

describe('who may write items', () => {
  it('refuses a buyer account with FORBIDDEN, whatever its scopes', async () => {
    const before = await t.db.prisma.item.count();
    const { data, errors } = await t.graphql(CreateItem, { input: newItem() }, { token: buyer });
    expect(nothingStands(data)).toBe(true);
    expect(errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(errors![0]!.message).toMatch(/only author accounts/i);
    expect(await t.db.prisma.item.count()).toBe(before);
  });

  it('needs the items:write scope', async () => {
    const readOnly = await tokenFor(t, 'pixelforge', ['items:read']);
    const created = await create({ name: 'Scope Probe Theme' });
    const results = [
      await t.graphql(CreateItem, { input: newItem() }, { token: readOnly }),
      await t.graphql(UpdateItem, { id: created.id, input: { name: 'Renamed' } }, { token: readOnly }),
      await publish(created.id, '1.0.0', 'zip', readOnly),
    ];
    for (const result of results) {
      expect(nothingStands(result.data)).toBe(true);
      expect(code(result)).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['items:write'] });
      expect(result.errors![0]!.message).toContain('items:write');
    }
    const anonymous = await t.graphql(CreateItem, { input: newItem() });
    expect(code(anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('an item from draft to published versions', () => {
  it('goes through the whole life cycle', async () => {
    const now = new Date('2026-04-01T09:00:00.000Z');
    t.setNow(now);
    // ── Created as a draft, with everything normalised.
    const item = await create();
    expect(item).toMatchObject({
      name: 'Quokkaquill – Dark Portfolio Theme',
      slug: 'quokkaquill-dark-portfolio-theme',
      description: 'A dark, fast portfolio theme.\n\nWith a blog.',
      type: 'THEME',
      status: 'DRAFT',
      category: { slug: 'themes' },
      subCategory: { slug: 'wordpress-themes' },
      author: { username: 'pixelforge' },
      options: ['Dark mode', 'Responsive'],
      tags: ['portfolio', 'dark', 'landing page'],
      demoUrl: 'https://demo.example.com/aurora/',
      media: {
        thumbnail: 'https://cdn.example.com/aurora/thumb.png',
        previewImage: 'https://cdn.example.com/aurora/preview.png',
        previewVideo: null,
        previewAudio: null,
        screenshots: ['https://cdn.example.com/aurora/1.png', 'https://cdn.example.com/aurora/2.png'],
      },
      price: { regular: { cents: 4900, amount: '49.00' }, extended: { cents: 99050, amount: '990.50' } },
      supportMonths: 12,
      publishedAt: null,
      latestVersion: null,
      versions: { totalCount: 0 },
    });

    // ── A draft is nobody else's business: not in the catalog, not by slug, not even for
    // the author's write-only token outside the mutation that wrote it.
    expect((await t.graphql(Catalog, { text: 'Quokkaquill' })).data!.items.totalCount).toBe(0);
    expect((await t.graphql(PublicItem, { slug: item.slug })).data!.item).toBeNull();
    expect((await t.graphql(PublicItem, { slug: item.slug }, { token: author })).data!.item).toBeNull();
    expect((await t.graphql(PublicItem, { slug: item.slug }, { token: authorReader })).data!.item).toMatchObject({ status: 'DRAFT' });

    // ── No version, no publishing (nor unlisting).
    for (const status of ['PUBLISHED', 'UNLISTED'] as const) {
      const refused = await t.graphql(UpdateItem, { id: item.id, input: { status } }, { token: author });
      expect(nothingStands(refused.data)).toBe(true);
      expect(code(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    }

    // ── Version 1.0.0 with its file.
    const file1 = Buffer.from(`PK\x03\x04 aurora 1.0.0 ${'x'.repeat(1000)}`, 'binary');
    t.setNow(new Date('2026-04-01T10:00:00.000Z'));
    const v1 = await publish(item.id, '1.0.0', file1);
    expect(v1.errors).toBeUndefined();
    expect(v1.data!.publishItemVersion).toMatchObject({
      version: {
        version: '1.0.0',
        changelog: 'Changes in 1.0.0',
        releasedAt: '2026-04-01T10:00:00.000Z',
        fileName: 'aurora.zip',
        fileSize: file1.length,
      },
      item: { slug: item.slug, latestVersion: '1.0.0', status: 'DRAFT' },
    });
    const row = await t.db.prisma.itemVersion.findUniqueOrThrow({
      where: { itemId_version: { itemId: item.databaseId, version: '1.0.0' } },
    });
    expect(row).toMatchObject({
      fileKey: `items/${item.slug}/1.0.0/aurora.zip`,
      fileName: 'aurora.zip',
      fileSize: file1.length,
      fileSha256: sha256(file1),
    });
    const stored = await t.gateway.services.fileStore.open(row.fileKey);
    expect(Buffer.from(await new Response(stored!.body).arrayBuffer())).toEqual(file1);

    // ── Published: now in the catalog and open to anyone by slug.
    t.setNow(new Date('2026-04-02T08:00:00.000Z'));
    const published = await t.graphql(UpdateItem, { id: item.id, input: { status: 'PUBLISHED' } }, { token: author });
    expect(published.errors).toBeUndefined();
    expect(published.data!.updateItem.item).toMatchObject({ status: 'PUBLISHED', publishedAt: '2026-04-02T08:00:00.000Z', latestVersion: '1.0.0' });
    expect((await t.graphql(Catalog, { text: 'Quokkaquill' })).data!.items.edges.map((edge) => edge.node.slug)).toEqual([item.slug]);
    expect((await t.graphql(PublicItem, { slug: item.slug })).data!.item).toEqual({ slug: item.slug, status: 'PUBLISHED', latestVersion: '1.0.0' });

    // ── A buyer's download serves exactly the published bytes.
    const johndoe = await accountId(t, 'johndoe');
    await setBalance(t, johndoe, 100_00);
    const shopper = await tokenFor(t, 'johndoe', ['purchase:create', 'download:purchase']);
    const bought = await t.graphql(
      graphql(`
        mutation BuyAuthoredItem($input: PurchaseItemInput!) { purchaseItem(input: $input) { purchase { code } } }
      `),
      { input: { itemId: item.id, license: 'REGULAR' } },
      { token: shopper },
    );
    expect(bought.errors).toBeUndefined();
    const link = await t.graphql(
      graphql(`
        mutation DownloadAuthoredItem($code: String!) { requestDownload(purchaseCode: $code) { link { url version fileName sha256 } } }
      `),
      { code: bought.data!.purchaseItem.purchase.code },
      { token: shopper },
    );
    expect(link.errors).toBeUndefined();
    expect(link.data!.requestDownload.link).toMatchObject({ version: '1.0.0', fileName: 'aurora.zip', sha256: sha256(file1) });
    const url = new URL(link.data!.requestDownload.link.url, 'http://gateway.test');
    const download = await t.request(`${url.pathname}${url.search}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(file1);

    // ── Version 1.1.0 becomes the latest; the version check answers it.
    const file2 = Buffer.from('aurora 1.1.0');
    const v2 = await publish(item.id, '1.1.0', file2, author, 'aurora-1.1.0.zip');
    expect(v2.errors).toBeUndefined();
    expect(v2.data!.publishItemVersion.item.latestVersion).toBe('1.1.0');
    expect((await t.graphql(PublicItem, { slug: item.slug })).data!.item!.latestVersion).toBe('1.1.0');
    expect((await t.graphql(LatestVersion, { slug: item.slug })).data!.latestVersion).toEqual({
      slug: item.slug,
      version: '1.1.0',
      changelog: 'Changes in 1.1.0',
    });

    // ── Not greater, or already there: refused, and nothing changes (rows, latest, file).
    const versionsBefore = await t.db.prisma.itemVersion.count({ where: { itemId: item.databaseId } });
    const older = await publish(item.id, '1.0.5', 'older');
    expect(nothingStands(older.data)).toBe(true);
    expect(code(older)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    expect(older.errors![0]!.message).toContain('1.1.0');
    const same = await publish(item.id, '1.1.0', 'again', author, 'aurora-1.1.0.zip');
    expect(nothingStands(same.data)).toBe(true);
    expect(code(same)).toMatchObject({ code: 'CONFLICT' });
    // Build metadata does not make a version newer.
    expect(code(await publish(item.id, '1.1.0+build.7', 'meta'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    expect(await t.db.prisma.itemVersion.count({ where: { itemId: item.databaseId } })).toBe(versionsBefore);
    expect((await t.db.prisma.item.findUniqueOrThrow({ where: { id: item.databaseId } })).latestVersion).toBe('1.1.0');
    const kept = await t.gateway.services.fileStore.open(`items/${item.slug}/1.1.0/aurora-1.1.0.zip`);
    expect(Buffer.from(await new Response(kept!.body).arrayBuffer())).toEqual(file2);

    // ── Another author cannot touch it: NOT_FOUND, like an unknown id.
    for (const result of [
      await t.graphql(UpdateItem, { id: item.id, input: { name: 'Stolen' } }, { token: otherAuthor }),
      await publish(item.id, '9.0.0', 'stolen', otherAuthor),
      await t.graphql(UpdateItem, { id: encodeGlobalID('Item', 999_999), input: { name: 'Ghost' } }, { token: author }),
    ]) {
      expect(nothingStands(result.data)).toBe(true);
      expect(code(result)).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await t.db.prisma.item.findUniqueOrThrow({ where: { id: item.databaseId } })).name).toBe(item.name);

    // ── Unpublishing and publishing again keeps the first publishing date.
    await t.graphql(UpdateItem, { id: item.id, input: { status: 'DRAFT' } }, { token: author });
    expect((await t.graphql(Catalog, { text: 'Quokkaquill' })).data!.items.totalCount).toBe(0);
    t.setNow(new Date('2026-05-01T08:00:00.000Z'));
    const again = await t.graphql(UpdateItem, { id: item.id, input: { status: 'PUBLISHED' } }, { token: author });
    expect(again.data!.updateItem.item.publishedAt).toBe('2026-04-02T08:00:00.000Z');
    t.setNow(null);
  });
});

describe('createItem', () => {
  it('makes unique slugs: -2, -3… on collision, also when creations race', async () => {
    const first = await create({ name: 'Solo Slug Theme' });
    const second = await create({ name: 'Solo  slug theme!' });
    expect([first.slug, second.slug]).toEqual(['solo-slug-theme', 'solo-slug-theme-2']);

    const racing = await Promise.all(
      Array.from({ length: 6 }, () => t.graphql(CreateItem, { input: newItem({ name: 'Racing Slug Theme' }) }, { token: author })),
    );
    for (const result of racing) expect(result.errors).toBeUndefined();
    expect(racing.map((result) => result.data!.createItem.item.slug).sort()).toEqual(
      ['racing-slug-theme', ...[2, 3, 4, 5, 6].map((n) => `racing-slug-theme-${n}`)].sort(),
    );

    // Names without ASCII letters still get a slug.
    expect((await create({ name: '日本語のテーマ' })).slug).toMatch(/^item(-\d+)?$/);
  });

  it('allows free items and minimal input', async () => {
    const { data, errors } = await t.graphql(
      CreateItem,
      { input: { name: 'Free Sounds', type: 'AUDIO', category: 'audio', regularPrice: '0', extendedPrice: '0.00' } },
      { token: author },
    );
    expect(errors).toBeUndefined();
    expect(data!.createItem.item).toMatchObject({
      description: '',
      subCategory: null,
      options: [],
      tags: [],
      supportMonths: 6,
      price: { regular: { cents: 0 }, extended: { cents: 0 } },
    });
  });

  it('refuses invalid input with BAD_USER_INPUT naming the field, and creates nothing', async () => {
    const before = await t.db.prisma.item.count();
    const cases: Array<[Partial<CreateItemInput>, string]> = [
      [{ name: '  ' }, 'name'],
      [{ name: 'ab' }, 'name'],
      [{ name: 'n'.repeat(101) }, 'name'],
      [{ description: 'd'.repeat(20_001) }, 'description'],
      [{ category: 'nope' }, 'category'],
      [{ category: 'wordpress-themes', subCategory: null }, 'category'],
      [{ subCategory: 'music' }, 'subCategory'],
      [{ subCategory: 'themes' }, 'subCategory'],
      [{ regularPrice: '19.999' }, 'regularPrice'],
      [{ regularPrice: '-1.00' }, 'regularPrice'],
      [{ regularPrice: 'free' }, 'regularPrice'],
      [{ extendedPrice: '1000000.00' }, 'extendedPrice'],
      [{ regularPrice: '50', extendedPrice: '49.99' }, 'extendedPrice'],
      [{ tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) }, 'tags'],
      [{ tags: ['ok', 't'.repeat(31)] }, 'tags[1]'],
      [{ tags: ['ok', ''] }, 'tags[1]'],
      [{ options: Array.from({ length: 21 }, (_, i) => `option ${i}`) }, 'options'],
      [{ screenshots: ['https://cdn.example.com/1.png', 'file:///etc/passwd'] }, 'screenshots[1]'],
      [{ demoUrl: 'demo.example.com' }, 'demoUrl'],
      [{ thumbnailUrl: 'javascript:alert(1)' }, 'thumbnailUrl'],
      [{ supportMonths: 25 }, 'supportMonths'],
      [{ supportMonths: -1 }, 'supportMonths'],
      [{ previewVideoUrl: 'https://cdn.example.com/v.mp4' }, 'previewVideoUrl'],
      [{ previewAudioUrl: 'https://cdn.example.com/a.mp3' }, 'previewAudioUrl'],
      [{ type: 'AUDIO', category: 'audio', subCategory: 'music' }, 'previewImageUrl'],
    ];
    for (const [overrides, field] of cases) {
      const result = await t.graphql(CreateItem, { input: newItem(overrides) }, { token: author });
      expect(nothingStands(result.data), field).toBe(true);
      expect(code(result), JSON.stringify(overrides).slice(0, 100)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await t.db.prisma.item.count()).toBe(before);
  });
});

describe('updateItem', () => {
  it('changes only the fields sent; null clears the optional ones; the slug stays', async () => {
    const item = await create({ name: 'Partial Update Theme' });
    const { data, errors } = await t.graphql(
      UpdateItem,
      { id: item.id, input: { name: 'Renamed Theme', regularPrice: '59.00', subCategory: null, demoUrl: null, tags: ['New', 'new'] } },
      { token: author },
    );
    expect(errors).toBeUndefined();
    expect(data!.updateItem.item).toMatchObject({
      name: 'Renamed Theme',
      slug: 'partial-update-theme',
      description: item.description,
      category: { slug: 'themes' },
      subCategory: null,
      demoUrl: null,
      tags: ['new'],
      options: item.options,
      media: item.media,
      price: { regular: { cents: 5900 }, extended: { cents: 99050 } },
      supportMonths: 12,
      status: 'DRAFT',
    });

    // Moving to another category: the sub-category must follow.
    const moved = await t.graphql(
      UpdateItem,
      { id: item.id, input: { category: 'plugins', subCategory: 'wordpress-plugins', type: 'PLUGIN' } },
      { token: author },
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.updateItem.item).toMatchObject({ category: { slug: 'plugins' }, subCategory: { slug: 'wordpress-plugins' }, type: 'PLUGIN' });
    const stale = await t.graphql(UpdateItem, { id: item.id, input: { category: 'scripts' } }, { token: author });
    expect(code(stale)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subCategory' });
  });

  it('refuses invalid changes with BAD_USER_INPUT naming the field', async () => {
    const item = await create({ name: 'Strict Update Theme' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: null }, 'name'],
      [{ regularPrice: null }, 'regularPrice'],
      [{ tags: null }, 'tags'],
      // 49.00 / 990.50 stored: a regular price above the extended one names the one sent.
      [{ regularPrice: '1000.00' }, 'regularPrice'],
      [{ extendedPrice: '10.00' }, 'extendedPrice'],
      // An audio item cannot keep the image preview.
      [{ type: 'AUDIO' }, 'previewImageUrl'],
    ];
    for (const [input, field] of cases) {
      const result = await t.graphql(UpdateItem, { id: item.id, input } as never, { token: author });
      expect(nothingStands(result.data), field).toBe(true);
      expect(code(result), JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // REMOVED is not a value of the input's enum (the marketplace removes items, not authors):
    // the request is refused before anything runs.
    const removed = await t.graphql(UpdateItem, { id: item.id, input: { status: 'REMOVED' } } as never, { token: author });
    expect(removed.data ?? null).toBeNull();
    expect(removed.errors![0]!.message).toMatch(/EditableItemStatus/);
    for (const id of [encodeGlobalID('Category', 1), 'garbage', encodeGlobalID('Item', 'x')]) {
      const result = await t.graphql(UpdateItem, { id, input: { name: 'X Theme' } }, { token: author });
      expect(code(result), id).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    }
    const unchanged = await t.db.prisma.item.findUniqueOrThrow({ where: { id: item.databaseId } });
    expect(unchanged).toMatchObject({ name: item.name, type: 'THEME', regularPriceCents: 4900, extendedPriceCents: 99050, status: 'DRAFT' });
  });

  it('leaves an item the marketplace removed alone', async () => {
    const item = await create({ name: 'Removed Theme' });
    await publish(item.id, '1.0.0', 'file');
    await t.db.prisma.item.update({ where: { id: item.databaseId }, data: { status: 'REMOVED' } });
    for (const result of [
      await t.graphql(UpdateItem, { id: item.id, input: { status: 'PUBLISHED' } }, { token: author }),
      await publish(item.id, '1.0.1', 'file'),
    ]) {
      expect(code(result)).toMatchObject({ code: 'FORBIDDEN' });
      expect(result.errors![0]!.message).toMatch(/removed/);
    }
    expect((await t.db.prisma.item.findUniqueOrThrow({ where: { id: item.databaseId } })).status).toBe('REMOVED');
  });
});

describe('publishItemVersion', () => {
  it('refuses bad versions, file names and contents, and writes nothing', async () => {
    const item = await create({ name: 'Version Rules Theme' });
    const input = (overrides: Record<string, unknown>) => ({
      itemId: item.id,
      version: '1.0.0',
      changelog: 'First release',
      file: { name: 'theme.zip', contentBase64: base64('zip') },
      ...overrides,
    });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ version: 'v1.0.0' }, 'version'],
      [{ version: '1.0' }, 'version'],
      [{ version: '01.0.0' }, 'version'],
      [{ version: `1.0.0-${'a'.repeat(64)}` }, 'version'],
      [{ changelog: '   ' }, 'changelog'],
      [{ file: { name: '../evil.zip', contentBase64: base64('zip') } }, 'file.name'],
      [{ file: { name: '..', contentBase64: base64('zip') } }, 'file.name'],
      [{ file: { name: 'a b.zip', contentBase64: base64('zip') } }, 'file.name'],
      [{ file: { name: `${'a'.repeat(97)}.zip`, contentBase64: base64('zip') } }, 'file.name'],
      [{ file: { name: 'theme.zip', contentBase64: 'not base64!' } }, 'file.contentBase64'],
      [{ file: { name: 'theme.zip', contentBase64: 'QUJD=' } }, 'file.contentBase64'],
      [{ file: { name: 'theme.zip', contentBase64: '' } }, 'file.contentBase64'],
      [{ itemId: 'garbage' }, 'itemId'],
    ];
    for (const [overrides, field] of cases) {
      const result = await t.graphql(PublishItemVersion, { input: input(overrides) } as never, { token: author });
      expect(nothingStands(result.data), field).toBe(true);
      expect(code(result), JSON.stringify(overrides).slice(0, 100)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await t.db.prisma.itemVersion.count({ where: { itemId: item.databaseId } })).toBe(0);

    // Whitespace in base64 (line-wrapped output) is fine; a pre-release orders before its release.
    const wrapped = base64('a'.repeat(200)).replace(/(.{76})/g, '$1\n');
    const pre = await t.graphql(
      PublishItemVersion,
      { input: input({ version: '1.0.0-beta.1', file: { name: 'theme.zip', contentBase64: wrapped } }) },
      { token: author },
    );
    expect(pre.errors).toBeUndefined();
    expect(pre.data!.publishItemVersion.version.fileSize).toBe(200);
    const release = await t.graphql(PublishItemVersion, { input: input({}) }, { token: author });
    expect(release.errors).toBeUndefined();
    expect(release.data!.publishItemVersion.item.latestVersion).toBe('1.0.0');
  });

  it('takes files up to 10 MiB and refuses one byte more', async () => {
    const item = await create({ name: 'Big File Theme' });
    const limit = 10 * 1024 * 1024;
    const tooBig = await publish(item.id, '1.0.0', Buffer.alloc(limit + 1, 7));
    expect(code(tooBig)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file.contentBase64' });
    expect(tooBig.errors![0]!.message).toContain(String(limit));
    const exact = Buffer.alloc(limit, 7);
    const fits = await publish(item.id, '1.0.0', exact);
    expect(fits.errors).toBeUndefined();
    expect(fits.data!.publishItemVersion.version.fileSize).toBe(limit);
    const row = await t.db.prisma.itemVersion.findFirstOrThrow({ where: { itemId: item.databaseId } });
    expect(row.fileSha256).toBe(sha256(exact));
  });

  it('lets one of two racing publishes of a version win, and its row describes the stored file', async () => {
    const item = await create({ name: 'Racing Version Theme' });
    const contents = ['first contender', 'second contender, longer'].map((text) => Buffer.from(text));
    const results = await Promise.all(contents.map((bytes) => publish(item.id, '2.0.0', bytes)));
    const winners = results.filter((result) => !result.errors);
    expect(winners).toHaveLength(1);
    expect(code(results.find((result) => result.errors)!)).toMatchObject({ code: 'CONFLICT' });
    const row = await t.db.prisma.itemVersion.findFirstOrThrow({ where: { itemId: item.databaseId } });
    const stored = await t.gateway.services.fileStore.open(row.fileKey);
    const bytes = Buffer.from(await new Response(stored!.body).arrayBuffer());
    expect(bytes.length).toBe(row.fileSize);
    expect(sha256(bytes)).toBe(row.fileSha256);

    // Racing versions: both may land, and the latest is the greater one.
    const [a, b] = await Promise.all([publish(item.id, '2.1.0', 'a'), publish(item.id, '2.2.0', 'b')]);
    const landed = [a, b].filter((result) => !result.errors).map((result) => result.data!.publishItemVersion.version.version);
    expect(landed).toContain('2.2.0');
    expect((await t.db.prisma.item.findUniqueOrThrow({ where: { id: item.databaseId } })).latestVersion).toBe('2.2.0');
  });
});
