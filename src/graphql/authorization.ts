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
  return forbidden(`Missing scope: ${scopes.join(' or ')} is required for ${info.parentType.name}.${info.fieldName}`, { requiredScopes: scopes });
}

/** One scope map per scope, so scope-auth's per-request cache (keyed by the map) recognises it. */
const SCOPE_MAPS = new Map<Scope, { [key: string]: true }>();
const scopeMap = (scope: Scope) => {
  let map = SCOPE_MAPS.get(scope);
  if (!map) {
    map = { [scope]: true };
    SCOPE_MAPS.set(scope, map);
  }
  return map;
};

/** What a rule written as a function may ask for: scopes.ts reads it. */
interface RuleDeclaration {
  /** Any one of them. */
  scopes: readonly Scope[];
  /** A grant (`$granted`) the rule also accepts, e.g. "readable because you just wrote it". */
  granted?: string;
}
const RULE_DECLARATIONS = new WeakMap<object, RuleDeclaration>();

/**
 * A scope rule written as a function, with the scopes it may ask for (any one of them; none
 * for a rule that only ever opens or grants) and the grant it also accepts. REST routes
 * derive the scopes they document from the rules of the fields their operations select
 * (src/rest/scopes.ts).
 */
export function scopeRule<Rule extends object>(scopes: readonly Scope[], rule: Rule, options: { granted?: string } = {}): Rule {
  RULE_DECLARATIONS.set(rule, { scopes, granted: options.granted });
  return rule;
}

export const scopesOfRule = (rule: object): readonly Scope[] | undefined => RULE_DECLARATIONS.get(rule)?.scopes;
export const grantOfRule = (rule: object): string | undefined => RULE_DECLARATIONS.get(rule)?.granted;

/**
 * The one owner rule: a record (by default an account itself) is readable by the account
 * that owns it, with `scope`; by anybody else never. `ownerOf` names the owning account.
 * The rule fits a field; `.onType` is the same rule for a type's own authScopes.
 */
export function ownedWith<Parent>(scope: Scope, ownerOf: (parent: Parent) => number = (parent) => (parent as { id: number }).id) {
  const required = scopeMap(scope);
  const check = (parent: Parent, context: Context) => (context.viewer?.accountId === ownerOf(parent) ? required : false);
  const onField = scopeRule([scope], (parent: Parent, _args: unknown, context: Context) => check(parent, context));
  return Object.assign(onField, { onType: scopeRule([scope], check) });
}

/** The viewer's account id, or one no account has: rows are loaded for the viewer only. */
export const viewerIdOrNone = (context: Context) => context.viewer?.accountId ?? -1;
