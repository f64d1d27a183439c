// Turns a scope-auth refusal into the gateway's errors: UNAUTHENTICATED when nobody is
// logged in, otherwise FORBIDDEN naming the scope(s) that would have allowed the field.
import type { AuthFailure, ForbiddenResult } from '@pothos/plugin-scope-auth';
import type { GraphQLResolveInfo } from 'graphql';
import { isScope, type Scope } from '../accounts/scopes';
import type { Context } from './context';
import { forbidden, unauthenticated, type AppError } from './errors';

/** Every token scope named anywhere in a failure tree. */
export function scopesInFailure(failure: AuthFailure, into = new Set<Scope>()): Set<Scope> {
  if ('failures' in failure) for (const child of failure.failures) scopesInFailure(child, into);
  if ('scope' in failure && isScope(failure.scope)) into.add(failure.scope);
  return into;
}

export function authorizationError(context: Context, info: GraphQLResolveInfo, result: ForbiddenResult): AppError {
  if (!context.viewer) return unauthenticated(`Authentication required to read ${info.parentType.name}.${info.fieldName}`);
  const scopes = [...scopesInFailure(result.failure)].sort();
  if (scopes.length === 0) return forbidden(`Not allowed to read ${info.parentType.name}.${info.fieldName}`);
  return forbidden(
    `Missing scope: ${scopes.join(' or ')} is required for ${info.parentType.name}.${info.fieldName}`,
    { requiredScopes: scopes },
  );
}

/** One scope map per scope, so scope-auth's per-request cache (keyed by the map) recognises it. */
const SCOPE_MAPS = new Map<Scope, { [key: string]: true }>();
const scopeMap = (scope: Scope) => {
  let map = SCOPE_MAPS.get(scope);
  if (!map) SCOPE_MAPS.set(scope, (map = { [scope]: true }));
  return map;
};

/**
 * The one owner rule: a record (by default an account itself) is readable by the account
 * that owns it, with `scope`; by anybody else never. `ownerOf` names the owning account.
 */
export function ownedWith<Parent>(scope: Scope, ownerOf: (parent: Parent) => number = (parent) => (parent as { id: number }).id) {
  const required = scopeMap(scope);
  return (parent: Parent, _args: unknown, context: Context) => (context.viewer?.accountId === ownerOf(parent) ? required : false);
}

/** The viewer's account id, or one no account has: rows are loaded for the viewer only. */
export const viewerIdOrNone = (context: Context) => context.viewer?.accountId ?? -1;
