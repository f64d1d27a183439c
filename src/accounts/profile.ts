// Updating one's own profile (scope user:account_update): the names and the public
// profile of the account payload (000_…). A partial update: a field left out keeps its
// value, null clears a field that may be empty (names cannot be null; "" is allowed, as
// at registration). Every value is checked before anything is written, each bad one a
// BAD_USER_INPUT naming it (`socialLinks[2].url`), by the schemas of the input.
//
// Social links are replaced as a whole: the list sent becomes the account's links (an
// empty list or null removes them all). Network names are lower-cased; one link per network.
import type { Prisma, PrismaClient } from '../generated/prisma/client';

export const PROFILE_LIMITS = {
  name: 50,
  heading: 100,
  description: 5000,
  socialLinks: 10,
} as const;

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

/** The columns to write for `input` (checked where it is declared: src/accounts/profile-schema.ts). */
export function profileChanges(input: ProfileUpdate): Prisma.AccountUpdateInput {
  const data: Prisma.AccountUpdateInput = {};
  if (input.firstName != null) data.firstName = input.firstName;
  if (input.lastName != null) data.lastName = input.lastName;
  // "" clears the texts, as null does.
  if (input.heading !== undefined) data.profileHeading = input.heading || null;
  if (input.description !== undefined) data.profileDescription = input.description || null;
  if (input.contactEmail !== undefined) data.contactEmail = input.contactEmail;
  if (input.socialLinks !== undefined) {
    data.socialLinks = Object.fromEntries((input.socialLinks ?? []).map((link) => [link.network, link.url]));
  }
  if (input.avatarUrl !== undefined) data.avatarUrl = input.avatarUrl;
  if (input.coverUrl !== undefined) data.coverUrl = input.coverUrl;
  return data;
}

/** Applies `input` to the account's profile. Nothing is written when a value is invalid. */
export async function updateProfile(prisma: PrismaClient, accountId: number, input: ProfileUpdate): Promise<void> {
  const data = profileChanges(input);
  if (Object.keys(data).length === 0) return;
  await prisma.account.update({ where: { id: accountId }, data, select: { id: true } });
}
