// The updateProfile mutation (scope user:account_update). Rules: src/accounts/profile.ts.
import { builder } from '../graphql/builder';
import { atMost } from '../graphql/validation';
import { PROFILE_LIMITS, updateProfile } from './profile';
import { Account } from './schema';

const SocialLinkInput = builder.inputType('SocialLinkInput', {
  fields: (t) => ({
    network: t.string({ required: true, description: 'e.g. "github": 1 to 30 of a-z, 0-9, "_" and "-" (lower-cased).' }),
    url: t.string({ required: true, description: 'An http or https URL.' }),
  }),
});

const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  description: 'Only the fields you send change. null clears a field (names cannot be null; send "" instead).',
  fields: (t) => ({
    firstName: t.string({ required: false, description: `At most ${PROFILE_LIMITS.name} characters.` }),
    lastName: t.string({ required: false, description: `At most ${PROFILE_LIMITS.name} characters.` }),
    heading: t.string({ required: false, description: `At most ${PROFILE_LIMITS.heading} characters; "" clears it.` }),
    description: t.string({ required: false, description: `At most ${PROFILE_LIMITS.description} characters; "" clears it.` }),
    contactEmail: t.string({ required: false }),
    socialLinks: t.field({
      type: [SocialLinkInput],
      required: false,
      ...atMost(PROFILE_LIMITS.socialLinks),
      description: `Replaces all your links (at most ${PROFILE_LIMITS.socialLinks}, one per network); [] or null removes them.`,
    }),
    avatarUrl: t.string({ required: false, description: 'An http or https URL.' }),
    coverUrl: t.string({ required: false, description: 'An http or https URL.' }),
  }),
});

builder.mutationFields((t) => ({
  updateProfile: t.field({
    type: Account,
    description:
      'Updates your names and public profile (scope user:account_update) and returns your account. ' +
      'An invalid value is BAD_USER_INPUT naming the field (e.g. `socialLinks[2].url`); nothing is changed then.',
    authScopes: { 'user:account_update': true },
    args: { input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const accountId = context.viewer!.accountId;
      await updateProfile(context.services.db.prisma, accountId, input);
      return accountId;
    },
  }),
}));
