// Version checks for auto-updaters: the latest release of one item, and a batch check
// compared by semantic version, in one SQL statement whatever the batch size.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { compareSemVer, parseSemVer } from '../../src/catalog/versions';
import { graphql } from '../../src/generated/gql';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

const LatestVersion = graphql(`
  query LatestVersion($slug: String!) {
    latestVersion(slug: $slug) { slug version changelog releasedAt }
  }
`);

const CheckVersions = graphql(`
  query CheckVersions($products: [VersionCheckInput!]!) {
    checkVersions(products: $products) { slug currentVersion latestVersion updateAvailable }
  }
`);

/** Published items with more than one release, so "1.0.0" is outdated for them. */
async function itemsWithUpdates(count: number) {
  const items = await t.db.prisma.item.findMany({
    where: { status: 'PUBLISHED', latestVersion: { not: '1.0.0' } },
    orderBy: { id: 'asc' },
    take: count,
  });
  expect(items).toHaveLength(count);
  return items;
}

describe('latestVersion', () => {
  it('answers the newest release with its changelog', async () => {
    const [item] = await itemsWithUpdates(1);
    const release = await t.db.prisma.itemVersion.findUniqueOrThrow({
      where: { itemId_version: { itemId: item!.id, version: item!.latestVersion! } },
    });
    const newest = await t.db.prisma.itemVersion.findFirstOrThrow({ where: { itemId: item!.id }, orderBy: { releasedAt: 'desc' } });
    expect(newest.id).toBe(release.id);
    const { data, errors } = await t.graphql(LatestVersion, { slug: item!.slug });
    expect(errors).toBeUndefined();
    expect(data!.latestVersion).toEqual({
      slug: item!.slug,
      version: release.version,
      changelog: release.changelog,
      releasedAt: release.releasedAt.toISOString(),
    });
  });

  it('answers null for an unknown slug and for a draft the caller cannot see', async () => {
    expect((await t.graphql(LatestVersion, { slug: 'no-such-item' })).data!.latestVersion).toBeNull();
    const draft = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'DRAFT', latestVersion: { not: null } }, include: { author: true } });
    expect((await t.graphql(LatestVersion, { slug: draft.slug })).data!.latestVersion).toBeNull();
    // Its author, with items:read, sees it.
    const token = await tokenFor(t, draft.author.username, ['items:read']);
    expect((await t.graphql(LatestVersion, { slug: draft.slug }, { token })).data!.latestVersion?.version).toBe(draft.latestVersion);
  });
});

describe('checkVersions', () => {
  it('reports updates for outdated entries and none for current ones, in the order sent', async () => {
    const items = await itemsWithUpdates(6);
    const products = items.map((item, index) => ({ slug: item.slug, version: index % 2 === 0 ? '1.0.0' : item.latestVersion! }));
    const { data, errors } = await t.graphql(CheckVersions, { products });
    expect(errors).toBeUndefined();
    expect(data!.checkVersions).toEqual(
      items.map((item, index) => ({
        slug: item.slug,
        currentVersion: products[index]!.version,
        latestVersion: item.latestVersion,
        updateAvailable: index % 2 === 0,
      })),
    );
  });

  it('answers a batch without updates', async () => {
    const items = await itemsWithUpdates(3);
    const { data } = await t.graphql(CheckVersions, { products: items.map((item) => ({ slug: item.slug, version: item.latestVersion! })) });
    expect(data!.checkVersions.map((check) => check.updateAvailable)).toEqual([false, false, false]);
    // A client ahead of the marketplace (a pre-release build of the next major) has no update either.
    const ahead = await t.graphql(CheckVersions, { products: [{ slug: items[0]!.slug, version: '99.0.0' }] });
    expect(ahead.data!.checkVersions[0]!.updateAvailable).toBe(false);
  });

  it('compares by semantic version, not as text', async () => {
    const [item] = await itemsWithUpdates(1);
    await t.db.prisma.item.update({ where: { id: item!.id }, data: { latestVersion: '1.10.0' } });
    onTestFinished(() => t.db.prisma.item.update({ where: { id: item!.id }, data: { latestVersion: item!.latestVersion } }).then(() => undefined));
    const check = async (version: string) => (await t.graphql(CheckVersions, { products: [{ slug: item!.slug, version }] })).data!.checkVersions[0]!;
    expect(await check('1.9.0')).toMatchObject({ latestVersion: '1.10.0', updateAvailable: true });
    expect(await check('1.9.10')).toMatchObject({ updateAvailable: true });
    expect(await check('1.10.0')).toMatchObject({ updateAvailable: false });
    expect(await check('1.10.0+build.7')).toMatchObject({ currentVersion: '1.10.0+build.7', updateAvailable: false });
    expect(await check('1.10.0-rc.1')).toMatchObject({ updateAvailable: true });
    expect(await check('1.11.0')).toMatchObject({ updateAvailable: false });
    expect(await check('2.0.0')).toMatchObject({ updateAvailable: false });
  });

  it('reports unknown and hidden slugs with latestVersion null and no update', async () => {
    const [item] = await itemsWithUpdates(1);
    const draft = await t.db.prisma.item.findFirstOrThrow({ where: { status: 'DRAFT' } });
    const { data, errors } = await t.graphql(CheckVersions, {
      products: [
        { slug: 'no-such-item', version: '1.0.0' },
        { slug: item!.slug, version: '1.0.0' },
        { slug: draft.slug, version: '1.0.0' },
        { slug: item!.slug, version: '1.0.0' },
      ],
    });
    expect(errors).toBeUndefined();
    expect(data!.checkVersions).toEqual([
      { slug: 'no-such-item', currentVersion: '1.0.0', latestVersion: null, updateAvailable: false },
      { slug: item!.slug, currentVersion: '1.0.0', latestVersion: item!.latestVersion, updateAvailable: true },
      { slug: draft.slug, currentVersion: '1.0.0', latestVersion: null, updateAvailable: false },
      { slug: item!.slug, currentVersion: '1.0.0', latestVersion: item!.latestVersion, updateAvailable: true },
    ]);
  });

  it('refuses an invalid version with BAD_USER_INPUT naming the entry', async () => {
    const [item] = await itemsWithUpdates(1);
    for (const version of ['1.2', 'v1.2.0', '01.2.0', '1.2.0-', 'latest', '']) {
      const { data, errors } = await t.graphql(CheckVersions, {
        products: [
          { slug: item!.slug, version: '1.0.0' },
          { slug: item!.slug, version },
        ],
      });
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'products[1].version' });
      expect(errors?.[0]?.message).toContain(item!.slug);
    }
  });

  it('takes at most 100 entries', async () => {
    const [item] = await itemsWithUpdates(1);
    const entry = { slug: item!.slug, version: '1.0.0' };
    const hundred = await t.graphql(CheckVersions, { products: Array.from({ length: 100 }, () => entry) });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data!.checkVersions).toHaveLength(100);
    const tooMany = await t.graphql(CheckVersions, { products: Array.from({ length: 101 }, () => entry) });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'products' });
    expect(tooMany.errors?.[0]?.message).toContain('100');
  });

  it('reads a batch of 20 in one SQL statement, and an empty batch in none', async () => {
    const items = await itemsWithUpdates(20);
    t.statements.length = 0;
    const { data, errors } = await t.graphql(CheckVersions, {
      products: items.map((item) => ({ slug: item.slug, version: '1.0.0' })),
    });
    expect(errors).toBeUndefined();
    expect(data!.checkVersions.filter((check) => check.updateAvailable)).toHaveLength(20);
    expect(t.statements).toHaveLength(1);

    t.statements.length = 0;
    expect((await t.graphql(CheckVersions, { products: [] })).data!.checkVersions).toEqual([]);
    expect(t.statements).toHaveLength(0);
  });
});

describe('semantic version order', () => {
  const order = (a: string, b: string) => Math.sign(compareSemVer(parseSemVer(a)!, parseSemVer(b)!));

  it('follows semver.org precedence', () => {
    // The example chain of semver.org §11, each older than the next.
    const chain = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    for (let i = 0; i + 1 < chain.length; i++) {
      expect(order(chain[i]!, chain[i + 1]!)).toBe(-1);
      expect(order(chain[i + 1]!, chain[i]!)).toBe(1);
    }
    expect(order('1.10.0', '1.9.0')).toBe(1);
    expect(order('2.0.0', '1.99.99')).toBe(1);
    expect(order('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
    expect(order('12345678901234567890.0.0', '12345678901234567889.0.0')).toBe(1);
  });

  it('rejects what is not semver', () => {
    for (const text of ['1', '1.2', '1.2.3.4', 'v1.2.3', '01.2.3', '1.02.3', '1.2.3-01', '1.2.3-', '1.2.3+', ' 1.2.3', 'x'.repeat(300)]) {
      expect(parseSemVer(text), text).toBeNull();
    }
    for (const text of ['0.0.0', '1.2.3-0', '1.2.3-alpha-1.x', '1.2.3+001', '1.2.3-rc.1+build.5']) {
      expect(parseSemVer(text), text).not.toBeNull();
    }
  });
});
