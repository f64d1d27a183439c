// The scopes a REST route needs, derived from what its stored operation selects: each
// field's scope rule (and the rule of the type it returns) says which scopes open it, any
// one of them. A route needs one scope of each field's set; sets a narrower one already
// satisfies are dropped ("purchase:list" makes "purchase:list or sales:read" moot). What
// the OpenAPI document and docs/scopes.md print is therefore what the schema enforces.
// A scope that implies a needed one (src/accounts/scopes.ts) is one more alternative.
import {
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLField,
  getNamedType,
  isObjectType,
  type GraphQLSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { type Scope, scopesImplying } from '../accounts/scopes';
import { scopesOfRule } from '../graphql/authorization';
import { getSchema } from '../graphql/schema';
import { isOperationRoute, type Route } from './route';

/** Rules that open a field to everyone, or to anyone signed in, whatever the credential's scopes. */
const OPEN = new Set(['public', 'authenticated', 'session']);

type Rule = unknown;

/** A field asking for a scope is also opened by the scopes that imply it (IMPLIED_SCOPES). */
const withImplying = (scopes: readonly Scope[]): Scope[] => [...new Set(scopes.flatMap((scope) => [scope, ...scopesImplying(scope)]))];

/** The scopes that satisfy a rule (any one of them, implying scopes included); null when it asks for none. */
function alternatives(rule: Rule, where: string): Scope[] | null {
  if (rule === undefined || rule === true) return null;
  if (typeof rule === 'function') {
    const scopes = scopesOfRule(rule);
    if (!scopes) throw new Error(`${where}: a scope rule written as a function must declare its scopes (scopeRule)`);
    return scopes.length ? withImplying(scopes) : null;
  }
  const { $any, $all, $granted: _grants, ...named } = rule as Record<string, unknown>;
  if ($all) throw new Error(`${where}: $all rules are not derivable; split the field`);
  const keys = Object.keys(named);
  if (keys.some((key) => OPEN.has(key))) return null;
  const nested = $any ? (alternatives($any, where) ?? []) : [];
  const found = [...(keys as Scope[]), ...nested];
  return found.length ? withImplying(found) : null;
}

const ruleOf = (owner: { extensions: Record<string, unknown> }) => (owner.extensions.pothosOptions as { authScopes?: Rule } | undefined)?.authScopes;

/** One set per selected field that needs a scope (any one of the set). */
function requirementsOf(schema: GraphQLSchema, document: DocumentNode): Scope[][] {
  const typeInfo = new TypeInfo(schema);
  const found: Scope[][] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef() as GraphQLField<unknown, unknown> | null;
        const parent = typeInfo.getParentType() as GraphQLCompositeType | null;
        if (!field || !parent || field.name.startsWith('__')) return;
        const where = `${parent.name}.${field.name}`;
        const own = alternatives(ruleOf(field), where);
        if (own) found.push(own);
        const returned = getNamedType(field.type);
        if (isObjectType(returned)) {
          const typeRule = alternatives(ruleOf(returned), returned.name);
          if (typeRule) found.push(typeRule);
        }
      },
    }),
  );
  return found;
}

/** The fewest sets that say it all: a set containing a smaller one adds nothing. */
function simplify(sets: Scope[][]): Scope[][] {
  const unique = [...new Map(sets.map((set) => [[...new Set(set)].sort().join(' '), [...new Set(set)].sort()])).values()];
  return unique.filter((set) => !unique.some((other) => other !== set && other.length < set.length && other.every((s) => set.includes(s))));
}

export interface RouteScopes {
  scopes: Scope[];
  /** Any one of `scopes` is enough; otherwise all of them are needed. */
  anyScope: boolean;
}

/** What a token must hold to be served by a route running this operation. */
export function operationScopes(schema: GraphQLSchema, document: DocumentNode): RouteScopes {
  const sets = simplify(requirementsOf(schema, document));
  if (sets.length === 1) return { scopes: sets[0]!, anyScope: sets[0]!.length > 1 };
  if (sets.some((set) => set.length > 1)) {
    throw new Error(`an operation needing ${JSON.stringify(sets)} cannot be documented as all-of or any-of scopes`);
  }
  return { scopes: sets.flat().sort(), anyScope: false };
}

const derived = new WeakMap<Route, RouteScopes>();

/** The scopes a route documents: none for public routes, else its operation's. */
export function routeScopes(route: Route): RouteScopes {
  if (route.public || !isOperationRoute(route)) return { scopes: [], anyScope: false };
  let scopes = derived.get(route);
  if (!scopes) {
    scopes = operationScopes(getSchema(), route.operation);
    derived.set(route, scopes);
  }
  return scopes;
}
