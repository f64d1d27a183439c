// Updating one's own profile (scope user:account_update): the names and the public
// profile of the account payload (000_…). A partial update: a field left out keeps its
// value, null clears a field that may be empty (names cannot be null; "" is allowed, as
// at registration). Every value is checked before anything is written, and the first bad
// one is a BAD_USER_INPUT naming it (`socialLinks[2].url`).
//
// Social links are replaced as a whole: the list sent becomes the account's links (an
// empty list or null removes them all). Network names are lower-cased; one link per network.
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { badInput } from '../graphql/errors';
import { emailAddress, httpUrl, line, paragraph } from '../shared/validation';

export const PROFILE_LIMITS = {
  name: 50,
  heading: 100,
  description: 5000,
  socialLinks: 10,
} as const;

const NETWORK = /^[a-z0-9_-]{1,30}$/;

export interface SocialLinkInput {
  network: string;
  url: string;
}

/** undefined: leave as is; null: clear. */
export interface ProfileUpdate {
  firstName?: string | null;
  lastName?: string | null;
  heading?: string | null;
  description?: string | null;
  contactEmail?: string | null;
  socialLinks?: readonly SocialLinkInput[] | null;
  avatarUrl?: string | null;
  coverUrl?: string | null;
}

/** null stays null (clears), anything else goes through `check`. */
const orNull = <T, R>(value: T | null, check: (value: T) => R): R | null => (value === null ? null : check(value));

function socialLinks(links: readonly SocialLinkInput[]): Record<string, string> {
  if (links.length > PROFILE_LIMITS.socialLinks) {
    throw badInput('socialLinks', `at most ${PROFILE_LIMITS.socialLinks} links, got ${links.length}`);
  }
  const result: Record<string, string> = {};
  links.forEach((link, index) => {
    const network = link.network.trim().toLowerCase();
    if (!NETWORK.test(network)) {
      throw badInput(`socialLinks[${index}].network`, 'must be 1 to 30 letters, digits, "_" or "-", e.g. "github"');
    }
    if (Object.hasOwn(result, network)) throw badInput(`socialLinks[${index}].network`, `"${network}" is listed twice`);
    result[network] = httpUrl(`socialLinks[${index}].url`, link.url);
  });
  return result;
}

/** The columns to write for `input`, validated; only the fields it names. */
export function profileChanges(input: ProfileUpdate): Prisma.AccountUpdateInput {
  const data: Prisma.AccountUpdateInput = {};
  for (const field of ['firstName', 'lastName'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (value === null) throw badInput(field, 'cannot be null (send "" to leave it empty)');
    data[field] = line(field, value, { max: PROFILE_LIMITS.name });
  }
  if (input.heading !== undefined) {
    data.profileHeading = orNull(input.heading, (v) => line('heading', v, { max: PROFILE_LIMITS.heading }) || null);
  }
  if (input.description !== undefined) {
    data.profileDescription = orNull(input.description, (v) => paragraph('description', v, { max: PROFILE_LIMITS.description }) || null);
  }
  if (input.contactEmail !== undefined) data.contactEmail = orNull(input.contactEmail, (v) => emailAddress('contactEmail', v));
  if (input.socialLinks !== undefined) data.socialLinks = input.socialLinks === null ? {} : socialLinks(input.socialLinks);
  if (input.avatarUrl !== undefined) data.avatarUrl = orNull(input.avatarUrl, (v) => httpUrl('avatarUrl', v));
  if (input.coverUrl !== undefined) data.coverUrl = orNull(input.coverUrl, (v) => httpUrl('coverUrl', v));
  return data;
}

/** Applies `input` to the account's profile. Nothing is written when a value is invalid. */
export async function updateProfile(prisma: PrismaClient, accountId: number, input: ProfileUpdate): Promise<void> {
  const data = profileChanges(input);
  if (Object.keys(data).length === 0) return;
  await prisma.account.update({ where: { id: accountId }, data, select: { id: true } });
}
