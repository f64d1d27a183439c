// Account details: GET /api/v1/account/details (000_…, bearer, `user:account`) and the
// legacy GET /api/account/details (001_…, api_key), both in the documented shape.
import { z } from 'zod';
import { graphql } from '../../generated/gql';
import type { AccountDetailsFragment } from '../../generated/gql/graphql';
import { centsToNumber } from '../../shared/money';
import { v1Data } from '../envelopes';
import { restDate } from '../format';
import { named } from '../registry';
import type { Route } from '../router';

graphql(`
  fragment AccountDetails on Account {
    username
    firstName
    lastName
    fullName
    email
    balance { cents currency }
    profile {
      heading
      description
      contactEmail
      socialLinks { network url }
      avatarUrl
      coverUrl
    }
    registeredAt
  }
`);

export const AccountDetailsQuery = graphql(`
  query RestAccountDetails {
    viewer { ...AccountDetails }
  }
`);

export const AccountDetails = named(
  'AccountDetails',
  z.strictObject({
    name: z.strictObject({ firstname: z.string(), lastname: z.string(), full_name: z.string() }),
    username: z.string(),
    email: z.string(),
    balance: z.number().describe('A decimal amount as a JSON number, e.g. 100.00'),
    currency: z.string(),
    profile: z.strictObject({
      heading: z.string().nullable(),
      description: z.string().nullable(),
      contact: z.strictObject({ email: z.string().nullable() }),
      social_links: z
        .record(z.string(), z.string())
        .describe('Network → link, e.g. {"facebook": "/", "x": "/"} (the documents show a list of pairs, which is not JSON)'),
      media: z.strictObject({ avatar: z.string().nullable(), cover: z.string().nullable() }),
    }),
    registered_at: z.string(),
  }),
  'The account as 000_… and 001_… show it.',
  {
    name: { firstname: 'John', lastname: 'Doe', full_name: 'John Doe' },
    username: 'johndoe',
    email: 'john.doe@example.com',
    balance: 100,
    currency: 'USD',
    profile: {
      heading: 'Profile Heading',
      description: 'Profile Description',
      contact: { email: 'contact@example.com' },
      social_links: { facebook: '/', x: '/' },
      media: { avatar: 'https://example.com/avatar.jpg', cover: 'https://example.com/cover.jpg' },
    },
    registered_at: '2024-04-27T12:00:00Z',
  },
);

export const AccountDetailsResponse = v1Data('AccountDetailsResponse', AccountDetails);

/** The account payload of 000_…/001_…. social_links is an object (the documents' list of pairs is not valid JSON). */
export function accountDetails(account: AccountDetailsFragment): z.infer<typeof AccountDetails> {
  return {
    name: { firstname: account.firstName, lastname: account.lastName, full_name: account.fullName },
    username: account.username,
    email: account.email,
    balance: centsToNumber(account.balance.cents),
    currency: account.balance.currency,
    profile: {
      heading: account.profile.heading,
      description: account.profile.description,
      contact: { email: account.profile.contactEmail },
      social_links: Object.fromEntries(account.profile.socialLinks.map((link) => [link.network, link.url])),
      media: { avatar: account.profile.avatarUrl, cover: account.profile.coverUrl },
    },
    registered_at: restDate(account.registeredAt)!,
  };
}

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/account/details',
    profile: 'v1',
    summary: 'The authenticated account (also the token check "ping")',
    scopes: ['user:account'],
    docs: {
      description: 'Also the token check ("ping"): use it to verify a token works and has the scope.',
      response: { description: 'The account', schema: AccountDetailsResponse },
      errors: { 401: 'No credential, or a bad one', 403: 'The token lacks user:account' },
    },
    async handle({ run }) {
      const { viewer } = await run(AccountDetailsQuery, {});
      return { body: { status: 'success', data: accountDetails(viewer) } };
    },
  },
];
