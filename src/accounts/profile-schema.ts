// The updateProfile mutation (scope user:account_update). Rules: src/accounts/profile.ts.
import { builder } from '../graphql/builder';
import { z } from 'zod';
import { atMost } from '../graphql/validation';
import { clearable, emailAddress, httpUrl, noNulls, oneLine, paragraph } from '../shared/validation';
import { PROFILE_LIMITS, updateProfile } from './profile';
import { Account } from './schema';

const NETWORK = /^[a-z0-9_-]{1,30}$/;

const SocialLinkInput = builder.inputType('SocialLinkInput', {
  description: 'A link to your account on another network.',
  fields: (t) => ({
    network: t.string({
      required: true,
      description: 'e.g. "github": 1 to 30 of a-z, 0-9, "_" and "-" (lower-cased).',
      validate: z.string().trim().toLowerCase().regex(NETWORK, 'must be 1 to 30 letters, digits, "_" or "-", e.g. "github"'),
    }),
    // String, like SocialLink.url (links are answered as they were given, not always URLs).
    url: t.string({ required: true, description: 'An http or https URL.', validate: httpUrl() }),
  }),
});

/** One link per network. */
function oneLinkPerNetwork(links: Array<{ network: string }>, context: z.RefinementCtx) {
  const seen = new Set<string>();
  links.forEach((link, index) => {
    if (seen.has(link.network)) context.addIssue({ code: 'custom', path: [index, 'network'], message: `"${link.network}" is listed twice` });
    seen.add(link.network);
  });
}

const L = PROFILE_LIMITS;

const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  description: 'Only the fields you send change. null clears a field (names cannot be null; send "" instead).',
  fields: (t) => ({
    firstName: t.string({
      required: false,
      description: `At most ${L.name} characters.`,
      validate: oneLine({ max: L.name }),
    }),
    lastName: t.string({
      required: false,
      description: `At most ${L.name} characters.`,
      validate: oneLine({ max: L.name }),
    }),
    heading: t.string({
      required: false,
      description: `At most ${L.heading} characters; "" clears it.`,
      validate: clearable(oneLine({ max: L.heading })),
    }),
    description: t.string({
      required: false,
      description: `At most ${L.description} characters; "" clears it.`,
      validate: clearable(paragraph({ max: L.description })),
    }),
    // The scalars check what the zod rules check (the same rules), while the variables are read.
    contactEmail: t.field({
      type: 'EmailAddress',
      required: false,
      description: 'An email address; null clears it.',
      validate: clearable(emailAddress()),
    }),
    socialLinks: t.field({
      type: [SocialLinkInput],
      required: false,
      ...atMost(L.socialLinks, z.object({ network: z.string() }).passthrough(), oneLinkPerNetwork),
      description: `Replaces all your links (at most ${L.socialLinks}, one per network); [] or null removes them.`,
    }),
    avatarUrl: t.field({ type: 'URL', required: false, description: 'An http or https URL; null clears it.', validate: clearable(httpUrl()) }),
    coverUrl: t.field({ type: 'URL', required: false, description: 'An http or https URL; null clears it.', validate: clearable(httpUrl()) }),
  }),
  validate: noNulls({ firstName: 'send "" to leave it empty', lastName: 'send "" to leave it empty' }),
});

const UpdateProfilePayload = builder.objectRef<{ accountId: number }>('UpdateProfilePayload').implement({
  description: 'Your account after the change.',
  fields: (t) => ({
    account: t.field({
      type: Account,
      description: 'Your account, with the new profile. Its private fields still need user:account.',
      authScopes: { 'user:account_update': true },
      resolve: (payload) => payload.accountId,
    }),
  }),
});

builder.mutationFields((t) => ({
  updateProfile: t.field({
    type: UpdateProfilePayload,
    description:
      'Updates your names and public profile (scope user:account_update) and returns your account. ' +
      'An invalid value is BAD_USER_INPUT naming the field (e.g. `socialLinks[2].url`); nothing is changed then.',
    authScopes: { 'user:account_update': true },
    args: { input: t.arg({ type: UpdateProfileInput, required: true, description: 'The fields to change; the others keep their values.' }) },
    resolve: async (_root, { input }, context) => {
      const accountId = context.viewer!.accountId;
      await updateProfile(context.services.db.prisma, accountId, input);
      return { accountId };
    },
  }),
}));
