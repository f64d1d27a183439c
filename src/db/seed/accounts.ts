// The demo accounts: the documents' example buyer johndoe, a few authors, generated
// buyers, an administrator and the platform account that collects fees.
import type { Plan, Role } from '../../generated/prisma/client';
import { dateBetween } from './dates';
import type { Random } from './random';
import { FIRST_NAMES, LAST_NAMES, slugify } from './words';

export interface AccountSeed {
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  plan: Plan;
  registeredAt: Date;
  profileHeading: string | null;
  profileDescription: string | null;
  contactEmail: string | null;
  socialLinks: Record<string, string>;
  avatarUrl: string | null;
  coverUrl: string | null;
}

/** Exactly the account of the API documents' example payload (GET /api/account/details). */
export const JOHNDOE: AccountSeed = {
  username: 'johndoe',
  email: 'john.doe@example.com',
  firstName: 'John',
  lastName: 'Doe',
  role: 'BUYER',
  plan: 'FREE',
  registeredAt: new Date('2024-04-27T12:00:00Z'),
  profileHeading: 'Profile Heading',
  profileDescription: 'Profile Description',
  contactEmail: 'contact@example.com',
  socialLinks: { facebook: '/', x: '/' },
  avatarUrl: 'https://example.com/avatar.jpg',
  coverUrl: 'https://example.com/cover.jpg',
};

/** johndoe's balance once his demo purchases are paid: the $100.00 of the documents. */
export const JOHNDOE_FINAL_BALANCE_CENTS = 100_00;

function author(
  username: string,
  firstName: string,
  lastName: string,
  plan: Plan,
  registeredAt: string,
  heading: string,
  description: string,
): AccountSeed {
  return {
    username,
    email: `${username}@example.com`,
    firstName,
    lastName,
    role: 'AUTHOR',
    plan,
    registeredAt: new Date(registeredAt),
    profileHeading: heading,
    profileDescription: description,
    contactEmail: `support@${username}.example.com`,
    socialLinks: { x: `https://x.com/${username}`, github: `https://github.com/${username}` },
    avatarUrl: `https://cdn.example.com/avatars/${username}.jpg`,
    coverUrl: `https://cdn.example.com/covers/${username}.jpg`,
  };
}

export const AUTHORS: readonly AccountSeed[] = [
  author(
    'pixelforge',
    'Maya',
    'Chen',
    'PRO',
    '2023-01-16T09:30:00Z',
    'Pixel Forge',
    'Pixel-perfect themes and templates for WordPress, Shopify and plain HTML.',
  ),
  author('codecraft', 'Liam', 'Novak', 'FREE', '2023-02-03T14:10:00Z', 'CodeCraft', 'Plugins and scripts that do one job well, with tests and docs.'),
  author(
    'soundwave',
    'Aria',
    'Santos',
    'FREE',
    '2023-03-21T18:45:00Z',
    'Soundwave Audio',
    'Royalty-free music and sound effects for video, games and apps.',
  ),
  author(
    'framelight',
    'Theo',
    'Berg',
    'ENTERPRISE',
    '2023-04-11T08:00:00Z',
    'Framelight',
    'Stock footage and motion graphics, shot and animated in 4K.',
  ),
];

function staff(username: string, firstName: string, lastName: string, registeredAt: string): AccountSeed {
  return {
    username,
    email: `${username}@example.com`,
    firstName,
    lastName,
    role: 'ADMIN',
    plan: 'FREE',
    registeredAt: new Date(registeredAt),
    profileHeading: null,
    profileDescription: null,
    contactEmail: null,
    socialLinks: {},
    avatarUrl: null,
    coverUrl: null,
  };
}

export const ADMIN = staff('admin', 'Site', 'Administrator', '2023-01-01T00:00:00Z');
/** The account platform fees are credited to (the house's side of every sale). */
export const PLATFORM = staff('platform', 'Marketplace', 'Platform', '2023-01-01T00:00:00Z');

/** Usernames and emails tests and docs can rely on. */
export const DEMO_ACCOUNTS = {
  johndoe: { username: JOHNDOE.username, email: JOHNDOE.email },
  authors: AUTHORS.map(({ username, email }) => ({ username, email })),
  admin: { username: ADMIN.username, email: ADMIN.email },
  platform: { username: PLATFORM.username, email: PLATFORM.email },
} as const;

/** Buyers with names from the word lists, registered over the two years before "now". */
export function generateBuyers(random: Random, count: number): AccountSeed[] {
  const taken = new Set([JOHNDOE.username, ...AUTHORS.map((a) => a.username), ADMIN.username, PLATFORM.username]);
  const buyers: AccountSeed[] = [];
  while (buyers.length < count) {
    let firstName = random.pick(FIRST_NAMES);
    let lastName = random.pick(LAST_NAMES);
    // Prefer a name nobody has; numbered usernames only once the lists run short.
    for (let attempt = 0; taken.has(slugify(`${firstName}${lastName}`)) && attempt < 10; attempt++) {
      firstName = random.pick(FIRST_NAMES);
      lastName = random.pick(LAST_NAMES);
    }
    const base = slugify(`${firstName}${lastName}`);
    let username = base;
    for (let n = 2; taken.has(username); n++) username = `${base}${n}`;
    taken.add(username);
    const registeredAt = dateBetween(random, new Date('2023-06-01T00:00:00Z'), new Date('2025-06-30T00:00:00Z'));
    const hasProfile = random.chance(0.4);
    buyers.push({
      username,
      email: `${username}@example.com`,
      firstName,
      lastName,
      role: 'BUYER',
      plan: random.weighted([
        ['FREE', 8],
        ['PRO', 2],
      ] as const),
      registeredAt,
      profileHeading: hasProfile ? `${firstName} ${lastName}` : null,
      profileDescription: hasProfile ? `Buying tools and assets since ${registeredAt.getUTCFullYear()}.` : null,
      contactEmail: null,
      socialLinks: hasProfile ? { x: `https://x.com/${username}` } : {},
      avatarUrl: hasProfile ? `https://cdn.example.com/avatars/${username}.jpg` : null,
      coverUrl: null,
    });
  }
  return buyers;
}
