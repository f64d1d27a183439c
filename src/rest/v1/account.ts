// Account details: GET /api/v1/account/details (000_…, bearer, `user:account`) and the
// legacy GET /api/account/details (001_…, api_key), both in the documented shape.
import { graphql } from '../../generated/gql';
import type { AccountDetailsFragment } from '../../generated/gql/graphql';
import { centsToNumber } from '../../shared/money';
import { restDate } from '../format';
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

/** The account payload of 000_…/001_…. social_links is an object (the documents' list of pairs is not valid JSON). */
export function accountDetails(account: AccountDetailsFragment) {
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
    registered_at: restDate(account.registeredAt),
  };
}

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/account/details',
    profile: 'v1',
    summary: 'The authenticated account (also the token check "ping")',
    scopes: ['user:account'],
    async handle({ run }) {
      const { viewer } = await run(AccountDetailsQuery, {});
      return { body: { status: 'success', data: accountDetails(viewer) } };
    },
  },
];
