// The documented errors of a route (status → when it happens): what its declaration says
// in docs.errors, over what the rest of the declaration already tells:
//   401  the route is not public: no credential, or a bad one;
//   403  from the scopes its operation needs (src/rest/scopes.ts): the token lacks them;
//   400  a list's page, per_page, sort (filter, search) or cursor; else a malformed body.
// A route documents its own text where it says more (a role, a session only). The OpenAPI
// document prints these (src/rest/openapi.ts) and the contract tests' coverage checks walk
// them (test/rest/support.ts), so every derived answer is also one seen over HTTP.
import { LEGACY_KEY_SCOPES } from '../accounts/authenticate';
import { type Scope, scopesImplying } from '../accounts/scopes';
import type { Route } from './route';
import { type RouteScopes, routeScopes } from './scopes';

/** "a", "a or b", "a, b or c" */
const either = (words: readonly string[]) => (words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words.join(''));

/** Whether a legacy api key holds what a route needs (LEGACY_KEY_SCOPES). */
export function legacyKeySuffices({ scopes, anyScope }: RouteScopes): boolean {
  const held = (scope: Scope) => LEGACY_KEY_SCOPES.includes(scope);
  return scopes.length > 0 && (anyScope ? scopes.some(held) : scopes.every(held));
}

/** The 403 of a token without the scopes: every one of them is needed, or any one of them. */
function missingScopes({ scopes, anyScope }: RouteScopes): string {
  if (!anyScope) return `The token lacks ${either(scopes)}`;
  // sales:read, or purchase:verify that implies it (IMPLIED_SCOPES): one scope, named first.
  const implied = scopes.find((scope) => scopes.every((other) => other === scope || scopesImplying(scope).includes(other)));
  if (implied) return `The token lacks ${implied} (or ${either(scopes.filter((scope) => scope !== implied))}, which implies it)`;
  return scopes.length === 2 ? `The token has neither ${scopes[0]} nor ${scopes[1]}` : `The token has none of ${scopes.join(', ')}`;
}

export function documentedErrors(route: Route): Partial<Record<number, string>> {
  // 002_…'s errors carry their symbolic code.
  const coded = (text: string, code: string) => (route.profile === 'products' ? `${text} (${code})` : text);
  const derived: Partial<Record<number, string>> = {};
  const list = route.list;
  if (list) {
    const parameters = ['page', 'per_page', 'sort', ...(list.filters?.length ? ['filter'] : []), ...(list.search ? ['search'] : []), 'cursor'];
    derived[400] = coded(`A bad ${either(parameters)}`, 'VALIDATION_ERROR');
  } else if (route.docs?.body) {
    derived[400] = coded('A malformed body', 'VALIDATION_ERROR');
  }
  if (!route.public) {
    // 001_…'s credential is the api_key (a bearer token works there too).
    derived[401] = coded(route.profile === 'legacy' ? 'No key, or a bad one' : 'No credential, or a bad one', 'UNAUTHORIZED');
    const needed = routeScopes(route);
    // A legacy key holds every scope the legacy paths need: no 403 for their credential.
    const refusable = needed.scopes.length > 0 && !(route.profile === 'legacy' && legacyKeySuffices(needed));
    if (refusable) derived[403] = coded(missingScopes(needed), 'FORBIDDEN');
  }
  return { ...derived, ...route.docs?.errors };
}
