// The scopes a personal access token can carry. The first eight are the ones the
// marketplace API documents (000_…); the rest follow their style for what the documents
// leave silent. docs/scopes.md lists, for each, the GraphQL fields and REST paths it opens.
export const SCOPES = {
  'user:account': 'Read your account details',
  'user:account_update': 'Update your profile',
  'items:read': 'Read your own items (drafts included)',
  'items:write': 'Create and update your items and publish versions',
  'purchase:list': 'List your purchases',
  'purchase:create': 'Buy items with your balance',
  'purchase:verify': 'Verify purchase codes of your items',
  'download:purchase': 'Download items you purchased',
  'sales:read': 'Read your sales and earnings',
  'statements:read': 'Read your financial statement',
  'user:collections': 'List and remove your favorites',
  'user:favourite_collection_add': 'Add items to your favorites',
  'stats:read': 'Read aggregate marketplace counters',
  'tokens:manage': 'List, create and revoke personal access tokens (never broader than the caller)',
  'webhooks:manage': 'Manage your webhooks',
  'workspaces:read': 'Read your workspaces and their members',
  'workspaces:write': 'Create and manage your workspaces',
} as const;

export type Scope = keyof typeof SCOPES;

export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}
