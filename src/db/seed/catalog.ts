// The demo catalog: categories, items of every type with media that fits the type, and
// each item's release history with a real archive per version.
import { createHash } from 'node:crypto';
import type { ItemStatus, ItemType } from '../../generated/prisma/client';
import type { AccountSeed } from './accounts';
import { REFERENCE_DATE, addDays, dateBetween } from './dates';
import type { Random } from './random';
import * as words from './words';
import { buildZip } from './zip';

export interface CategorySeed {
  slug: string;
  name: string;
  parentSlug: string | null;
  position: number;
}

export interface VersionSeed {
  version: string;
  changelog: string;
  releasedAt: Date;
  fileKey: string;
  fileName: string;
  file: Uint8Array;
  fileSha256: string;
}

export interface ItemSeed {
  slug: string;
  name: string;
  description: string;
  type: ItemType;
  authorUsername: string;
  categorySlug: string;
  subCategorySlug: string;
  options: string[];
  tags: string[];
  demoUrl: string | null;
  thumbnailUrl: string;
  previewImageUrl: string | null;
  previewVideoUrl: string | null;
  previewAudioUrl: string | null;
  screenshots: string[];
  regularPriceCents: number;
  extendedPriceCents: number;
  supportMonths: number;
  status: ItemStatus;
  publishedAt: Date | null;
  createdAt: Date;
  /** Oldest first; the last one is the item's latestVersion. */
  versions: VersionSeed[];
}

interface SubCategoryProfile {
  slug: string;
  name: string;
  /** What one item is, for descriptions: "WordPress theme". */
  noun: string;
  makeName(random: Random): string;
}

/** Everything that differs between item types. */
interface TypeProfile {
  type: ItemType;
  category: { slug: string; name: string };
  subCategories: SubCategoryProfile[];
  /** Share of the catalog. */
  weight: number;
  /** Who makes this type, and how much of it. */
  authors: readonly (readonly [string, number])[];
  options: readonly string[];
  tags: readonly string[];
  regularDollars: readonly number[];
  /** The extended license costs regular × a factor in this range. */
  extendedFactor: readonly [number, number];
  supportMonths: readonly (readonly [number, number])[];
  /** Software has a live demo and screenshots; audio and video have previews instead. */
  software: boolean;
}

const SOFTWARE_SUPPORT = [
  [6, 50],
  [12, 40],
  [0, 10],
] as const;
const MEDIA_SUPPORT = [
  [0, 70],
  [6, 30],
] as const;

const TYPE_PROFILES: readonly TypeProfile[] = [
  {
    type: 'THEME',
    category: { slug: 'themes', name: 'Themes' },
    subCategories: [
      {
        slug: 'wordpress-themes',
        name: 'WordPress',
        noun: 'WordPress theme',
        makeName: (r) => `${r.pick(words.BRANDS)} – ${r.pick(words.THEME_NICHES)} WordPress Theme`,
      },
      {
        slug: 'shopify-themes',
        name: 'Shopify',
        noun: 'Shopify theme',
        makeName: (r) => `${r.pick(words.BRANDS)} – ${r.pick(words.THEME_NICHES)} Shopify Theme`,
      },
      {
        slug: 'html-templates',
        name: 'HTML',
        noun: 'HTML template',
        makeName: (r) => `${r.pick(words.BRANDS)} – ${r.pick(words.THEME_NICHES)} HTML Template`,
      },
    ],
    weight: 30,
    authors: [
      ['pixelforge', 8],
      ['codecraft', 2],
    ],
    options: [
      'Responsive',
      'Retina ready',
      'RTL support',
      'Dark mode',
      'Gutenberg blocks',
      'WooCommerce ready',
      'One-click demo import',
      'Translation ready',
    ],
    tags: ['responsive', 'clean', 'modern', 'business', 'portfolio', 'blog', 'shop', 'minimal', 'creative', 'landing page'],
    regularDollars: [29, 39, 49, 59, 69, 79],
    extendedFactor: [4, 6],
    supportMonths: SOFTWARE_SUPPORT,
    software: true,
  },
  {
    type: 'PLUGIN',
    category: { slug: 'plugins', name: 'Plugins' },
    subCategories: [
      {
        slug: 'wordpress-plugins',
        name: 'WordPress',
        noun: 'WordPress plugin',
        makeName: (r) => `${r.pick(words.BRANDS)} ${r.pick(words.PLUGIN_FEATURES)} for WordPress`,
      },
      {
        slug: 'javascript-plugins',
        name: 'JavaScript',
        noun: 'JavaScript plugin',
        makeName: (r) => `${r.pick(words.BRANDS)}.js – ${r.pick(words.JS_FEATURES)}`,
      },
    ],
    weight: 22,
    authors: [
      ['codecraft', 7],
      ['pixelforge', 3],
    ],
    options: ['Shortcodes', 'REST API', 'Multisite compatible', 'No jQuery', 'TypeScript types', 'Accessible (WCAG 2.1)', 'Lightweight'],
    tags: ['plugin', 'widget', 'seo', 'forms', 'gallery', 'performance', 'ui', 'ecommerce', 'vanilla js', 'react'],
    regularDollars: [12, 15, 19, 24, 29, 39],
    extendedFactor: [4, 8],
    supportMonths: SOFTWARE_SUPPORT,
    software: true,
  },
  {
    type: 'SCRIPT',
    category: { slug: 'scripts', name: 'Scripts' },
    subCategories: [
      { slug: 'php-scripts', name: 'PHP', noun: 'PHP script', makeName: (r) => `${r.pick(words.BRANDS)} – ${r.pick(words.SCRIPT_APPS)} PHP Script` },
      {
        slug: 'python-scripts',
        name: 'Python',
        noun: 'Python application',
        makeName: (r) => `${r.pick(words.BRANDS)} – ${r.pick(words.SCRIPT_APPS)} in Python`,
      },
      {
        slug: 'node-scripts',
        name: 'Node',
        noun: 'Node.js application',
        makeName: (r) => `${r.pick(words.BRANDS)} – ${r.pick(words.SCRIPT_APPS)} for Node.js`,
      },
    ],
    weight: 18,
    authors: [
      ['codecraft', 9],
      ['pixelforge', 1],
    ],
    options: ['Installer wizard', 'Docker image', 'Admin panel', 'REST API', 'Multi-language', 'Stripe payments', 'PostgreSQL and MySQL'],
    tags: ['script', 'saas', 'admin', 'crm', 'booking', 'billing', 'api', 'self-hosted', 'automation'],
    regularDollars: [19, 29, 39, 49, 59, 69],
    extendedFactor: [3, 6],
    supportMonths: SOFTWARE_SUPPORT,
    software: true,
  },
  {
    type: 'AUDIO',
    category: { slug: 'audio', name: 'Audio' },
    subCategories: [
      { slug: 'music', name: 'Music', noun: 'music track', makeName: (r) => `${r.pick(words.MUSIC_MOODS)} ${r.pick(words.MUSIC_GENRES)}` },
      {
        slug: 'sound-effects',
        name: 'Sound effects',
        noun: 'sound effects pack',
        makeName: (r) => `${r.pick(words.SFX_TOPICS)} ${r.pick(words.SFX_KINDS)} Pack`,
      },
    ],
    weight: 16,
    authors: [
      ['soundwave', 9],
      ['framelight', 1],
    ],
    options: ['WAV 48 kHz / 24-bit', 'MP3 320 kbps', 'Loopable', 'Stems included', 'Short edits', 'Royalty free'],
    tags: ['background music', 'cinematic', 'corporate', 'youtube', 'podcast', 'game', 'ambient', 'sfx', 'loop'],
    regularDollars: [9, 12, 15, 19, 25, 29],
    extendedFactor: [5, 10],
    supportMonths: MEDIA_SUPPORT,
    software: false,
  },
  {
    type: 'VIDEO',
    category: { slug: 'video', name: 'Video' },
    subCategories: [
      {
        slug: 'stock-footage',
        name: 'Stock footage',
        noun: 'stock clip',
        makeName: (r) => `${r.pick(words.FOOTAGE_SUBJECTS)} ${r.pick(words.FOOTAGE_SCENES)} 4K`,
      },
      {
        slug: 'motion-graphics',
        name: 'Motion graphics',
        noun: 'motion graphics template',
        makeName: (r) => `${r.pick(words.MOTION_STYLES)} ${r.pick(words.MOTION_THINGS)}`,
      },
    ],
    weight: 14,
    authors: [
      ['framelight', 9],
      ['soundwave', 1],
    ],
    options: ['4K UHD', '60 fps', 'After Effects template', 'Premiere Pro template', 'No plugins required', 'Alpha channel'],
    tags: ['4k', 'aerial', 'nature', 'city', 'logo', 'titles', 'intro', 'slideshow', 'broadcast', 'social media'],
    regularDollars: [15, 19, 25, 29, 39, 49],
    extendedFactor: [4, 8],
    supportMonths: MEDIA_SUPPORT,
    software: false,
  },
];

/** Parents first: a sub-category row needs its parent's id. */
export function buildCategories(): CategorySeed[] {
  const parents = TYPE_PROFILES.map((profile, index) => ({ ...profile.category, parentSlug: null, position: index }));
  const children = TYPE_PROFILES.flatMap((profile) =>
    profile.subCategories.map((sub, index) => ({ slug: sub.slug, name: sub.name, parentSlug: profile.category.slug, position: index })),
  );
  return [...parents, ...children];
}

/** A regular price like 29.00 or 28.99, and an extended price several times higher. */
function prices(random: Random, profile: TypeProfile): { regular: number; extended: number } {
  const cents = random.chance(0.5) ? 1 : 0;
  const regular = random.pick(profile.regularDollars) * 100 - cents;
  const factor = random.int(...profile.extendedFactor);
  const extended = Math.round((regular * factor) / 100) * 100 - cents;
  return { regular, extended };
}

/** A name whose slug no other item has. */
function uniqueName(random: Random, sub: SubCategoryProfile, takenSlugs: Set<string>): string {
  let name = sub.makeName(random);
  for (let attempt = 0; takenSlugs.has(words.slugify(name)) && attempt < 20; attempt++) name = sub.makeName(random);
  const base = name;
  for (let n = 2; takenSlugs.has(words.slugify(name)); n++) name = `${base} ${n}`;
  takenSlugs.add(words.slugify(name));
  return name;
}

function description(random: Random, name: string, sub: SubCategoryProfile, options: string[], supportMonths: number): string {
  const quality = random.pick(words.DESCRIPTION_QUALITIES);
  const article = /^[aeiou]/.test(quality) ? 'an' : 'a';
  const support = supportMonths > 0 ? `Includes ${supportMonths} months of support from the author.` : 'Sold as is, without author support.';
  return `${name} is ${article} ${quality} ${sub.noun}. Features: ${options.join(', ')}. ${support}`;
}

function nextVersion(random: Random, current: string): string {
  const [major = 1, minor = 0, patch = 0] = current.split('.').map(Number);
  switch (
    random.weighted([
      ['patch', 6],
      ['minor', 3],
      ['major', 1],
    ] as const)
  ) {
    case 'patch':
      return `${major}.${minor}.${patch + 1}`;
    case 'minor':
      return `${major}.${minor + 1}.0`;
    case 'major':
      return `${major + 1}.0.0`;
  }
}

/** "- Fixed …\n- Added …" lines, the format the version-check API returns. */
function changelog(random: Random, software: boolean): string {
  const changes = software ? words.CHANGELOG.software : words.CHANGELOG.media;
  const lines: string[] = [];
  if (random.chance(0.8)) lines.push(`- Fixed ${random.pick(changes.fixed)}`);
  if (random.chance(0.6)) lines.push(`- Added ${random.pick(changes.added)}`);
  if (random.chance(0.3)) lines.push(`- Improved ${random.pick(changes.improved)}`);
  if (lines.length === 0) lines.push(`- Fixed ${random.pick(changes.fixed)}`);
  return lines.join('\n');
}

/** What a release archive's README names. */
type ReleasedItem = Pick<ItemSeed, 'slug' | 'name' | 'authorUsername'>;

/**
 * The one timestamp of every release archive (the earliest a ZIP can hold, as reproducible
 * builds do): a file depends on its item and version only, never on the day the seed ran,
 * so databases seeded on different days can share one file store (FILES_DIR), every file
 * matching the size and SHA-256 each of them recorded.
 */
const ARCHIVE_DATE = new Date('1980-01-01T00:00:00Z');

function releaseArchive(item: ReleasedItem, version: string, changes: string) {
  const file = buildZip(
    [
      {
        name: `${item.slug}/README.txt`,
        content: `${item.name}\nVersion ${version}\nBy ${item.authorUsername}.\n\nDemo file of the marketplace: it holds no real product.\n`,
      },
      { name: `${item.slug}/CHANGELOG.txt`, content: `${version}\n${changes}\n` },
    ],
    ARCHIVE_DATE,
  );
  return { file, fileSha256: createHash('sha256').update(file).digest('hex') };
}

type Release = { item: ReleasedItem; software: boolean; firstRelease: Date; maxCount: number };

/** 1–4 releases from `firstRelease` on, semver ascending, none after "now". */
function buildVersions(random: Random, { item, software, firstRelease, maxCount }: Release): VersionSeed[] {
  const count = Math.min(
    maxCount,
    random.weighted([
      [1, 35],
      [2, 30],
      [3, 20],
      [4, 15],
    ] as const),
  );
  const lastPossible = addDays(REFERENCE_DATE, -1);
  const versions: VersionSeed[] = [];
  let version = '1.0.0';
  let releasedAt = firstRelease;
  let changes = '- Initial release';
  while (versions.length < count && releasedAt <= lastPossible) {
    versions.push({
      version,
      changelog: changes,
      releasedAt,
      fileKey: `items/${item.slug}/${version}.zip`,
      fileName: `${item.slug}-${version}.zip`,
      ...releaseArchive(item, version, changes),
    });
    version = nextVersion(random, version);
    changes = changelog(random, software);
    releasedAt = addDays(releasedAt, random.int(20, 160));
  }
  return versions;
}

function buildItem(random: Random, takenSlugs: Set<string>, authorsByName: Map<string, AccountSeed>): ItemSeed {
  const profile = random.weighted(TYPE_PROFILES.map((p) => [p, p.weight] as const));
  const sub = random.pick(profile.subCategories);
  const name = uniqueName(random, sub, takenSlugs);
  const slug = words.slugify(name);
  const authorUsername = random.weighted(profile.authors);
  const author = authorsByName.get(authorUsername);
  if (!author) throw new Error(`unknown demo author ${authorUsername}`);

  const status = random.weighted([
    ['PUBLISHED', 85],
    ['DRAFT', 10],
    ['UNLISTED', 5],
  ] as const);
  const createdAt = dateBetween(random, addDays(author.registeredAt, 14), addDays(REFERENCE_DATE, -45));
  // Unlisted items were published and then hidden from listings: they keep their date.
  const publishedAt = status === 'DRAFT' ? null : addDays(createdAt, random.int(1, 10));
  const { regular, extended } = prices(random, profile);
  const supportMonths = random.weighted(profile.supportMonths);
  const options = random.sample(profile.options, random.int(2, 4));
  const media = `https://cdn.example.com/items/${slug}`;
  const screenshotCount = profile.software && random.chance(0.6) ? random.int(2, 5) : 0;

  return {
    slug,
    name,
    description: description(random, name, sub, options, supportMonths),
    type: profile.type,
    authorUsername,
    categorySlug: profile.category.slug,
    subCategorySlug: sub.slug,
    options,
    tags: random.sample(profile.tags, random.int(3, 5)),
    demoUrl: profile.software ? `https://demo.example.com/${slug}/` : null,
    thumbnailUrl: `${media}/thumbnail.png`,
    // As the documents say: no preview image for audio; video and audio previews only for their type.
    previewImageUrl: profile.type === 'AUDIO' ? null : `${media}/preview.jpg`,
    previewVideoUrl: profile.type === 'VIDEO' ? `${media}/preview.mp4` : null,
    previewAudioUrl: profile.type === 'AUDIO' ? `${media}/preview.mp3` : null,
    screenshots: Array.from({ length: screenshotCount }, (_, i) => `${media}/screenshot-${i + 1}.jpg`),
    regularPriceCents: regular,
    extendedPriceCents: extended,
    supportMonths,
    status,
    publishedAt,
    createdAt,
    // A draft has the upload it is waiting with, and no release history yet.
    versions: buildVersions(random, {
      item: { slug, name, authorUsername },
      software: profile.software,
      firstRelease: publishedAt ?? createdAt,
      maxCount: status === 'DRAFT' ? 1 : 4,
    }),
  };
}

export function buildItems(random: Random, count: number, authors: readonly AccountSeed[]): ItemSeed[] {
  const authorsByName = new Map(authors.map((a) => [a.username, a]));
  const takenSlugs = new Set<string>();
  const items = Array.from({ length: count }, () => buildItem(random, takenSlugs, authorsByName));
  // Oldest first, so ids grow with creation time as they would in a live marketplace.
  return items.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.slug < b.slug ? -1 : 1));
}
