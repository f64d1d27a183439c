// The scopes a personal access token can carry. The first eight are the ones the
// marketplace API documents (000_…); the rest follow their style for what the documents
// leave silent. docs/scopes.md lists, for each, the GraphQL fields and REST paths it opens.
// Finer scopes 000_… never names are implied by one it does (IMPLIED_SCOPES), so a token
// made with 000_…'s scopes alone can call every 000_… path.
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
  'users:read': 'List and search every account, with their emails and roles (administrator accounts only)',
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

/**
 * Scopes a personal access token holds because it holds another: 000_… documents sales
 * (GET /api/v1/sales) and statements (GET /api/v1/statements) without naming a scope for
 * them, so a client that chose only 000_…'s scopes must still reach them. Sales are the
 * author's side of purchases, which purchase:verify already reads one code at a time;
 * the statement is the history of the balance user:account shows. A token can still be
 * made with the finer scope alone (least privilege).
 */
export const IMPLIED_SCOPES: Readonly<Partial<Record<Scope, readonly Scope[]>>> = {
  'purchase:verify': ['sales:read'],
  'user:account': ['statements:read'],
};

/** The scopes held, with those they imply. */
export function withImpliedScopes(scopes: Iterable<Scope>): Set<Scope> {
  const held = new Set(scopes);
  for (const scope of [...held]) for (const implied of IMPLIED_SCOPES[scope] ?? []) held.add(implied);
  return held;
}

/** The scopes that imply this one (not itself). */
export function scopesImplying(scope: Scope): Scope[] {
  return (Object.keys(IMPLIED_SCOPES) as Scope[]).filter((holder) => IMPLIED_SCOPES[holder]!.includes(scope));
}
