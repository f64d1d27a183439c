// The scopes a REST route needs, derived from what its stored operation selects: each
// field's scope rule (and the rule of the type it returns) says which scopes open it, any
// one of them. A route needs one scope of each field's set; sets a narrower one already
// satisfies are dropped ("purchase:list" makes "purchase:list or sales:read" moot). What
// the OpenAPI document and docs/scopes.md print is therefore what the schema enforces.
// A scope that implies a needed one (src/accounts/scopes.ts) is one more alternative.
import {
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type InlineFragmentNode,
  Kind,
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
import { grantOfRule, scopesOfRule } from '../graphql/authorization';
import { declaredRule } from '../graphql/open-rules-plugin';
import { getSchema } from '../graphql/schema';
import { isOperationRoute, type Route } from './route';

/** Rules that open a field to everyone, or to anyone signed in, whatever the credential's scopes. */
const OPEN = new Set(['public', 'authenticated', 'session']);

type Rule = unknown;

/** A field asking for a scope is also opened by the scopes that imply it (IMPLIED_SCOPES). */
const withImplying = (scopes: readonly Scope[]): Scope[] => [...new Set(scopes.flatMap((scope) => [scope, ...scopesImplying(scope)]))];

/**
 * The scopes that satisfy a rule (any one of them, implying scopes included); null when it
 * asks for none, or when the field above grants what the rule accepts (`$granted`).
 */
function alternatives(rule: Rule, where: string, granted: ReadonlySet<string> = NO_GRANTS): Scope[] | null {
  if (rule === undefined || rule === true) return null;
  if (typeof rule === 'function') {
    const grant = grantOfRule(rule);
    if (grant && granted.has(grant)) return null;
    const scopes = scopesOfRule(rule);
    if (!scopes) throw new Error(`${where}: a scope rule written as a function must declare its scopes (scopeRule)`);
    return scopes.length ? withImplying(scopes) : null;
  }
  const { $any, $all, $granted, ...named } = rule as Record<string, unknown>;
  if ($all) throw new Error(`${where}: $all rules are not derivable; split the field`);
  if (typeof $granted === 'string' && granted.has($granted)) return null;
  const keys = Object.keys(named);
  if (keys.some((key) => OPEN.has(key))) return null;
  const nested = $any ? (alternatives($any, where, granted) ?? []) : [];
  const found = [...(keys as Scope[]), ...nested];
  return found.length ? withImplying(found) : null;
}

const NO_GRANTS: ReadonlySet<string> = new Set();

const optionsOf = (owner: { extensions: Record<string, unknown> }) =>
  owner.extensions.pothosOptions as { authScopes?: Rule; grantScopes?: unknown } | undefined;
const ruleOf = (owner: { extensions: Record<string, unknown> }) => declaredRule(owner) as Rule | undefined;
/** What a field grants the object it returns (`grantScopes` as a list; a function grants nothing knowable). */
const grantsOf = (field: GraphQLField<unknown, unknown>): ReadonlySet<string> => {
  const grants = optionsOf(field)?.grantScopes;
  return Array.isArray(grants) ? new Set(grants as string[]) : NO_GRANTS;
};

/**
 * The operations with every fragment spread replaced by its selections (as an inline
 * fragment on its type), so each field is visited below the field it is selected under:
 * a grant depends on where a field stands.
 */
function withFragmentsInlined(document: DocumentNode): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const inline = <Node extends ASTNode>(node: Node): Node =>
    visit(node, {
      FragmentSpread(spread): InlineFragmentNode {
        const fragment = fragments.get(spread.name.value);
        if (!fragment) throw new Error(`unknown fragment ${spread.name.value}`);
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          directives: spread.directives,
          selectionSet: inline(fragment.selectionSet),
        };
      },
    });
  return { ...document, definitions: document.definitions.filter((definition) => definition.kind !== Kind.FRAGMENT_DEFINITION).map(inline) };
}

/**
 * One set per selected field that needs a scope (any one of the set). A field's grants
 * (`grantScopes`, "readable because you just wrote it") reach what scope-auth lets them
 * reach: the type the field returns and that object's own fields, no deeper.
 */
function requirementsOf(schema: GraphQLSchema, stored: DocumentNode): Scope[][] {
  const document = withFragmentsInlined(stored);
  const typeInfo = new TypeInfo(schema);
  const found: Scope[][] = [];
  const grantsAbove: ReadonlySet<string>[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter() {
          const field = typeInfo.getFieldDef() as GraphQLField<unknown, unknown> | null;
          const parent = typeInfo.getParentType() as GraphQLCompositeType | null;
          const grants = field ? grantsOf(field) : NO_GRANTS;
          const fromParent = grantsAbove.at(-1) ?? NO_GRANTS;
          grantsAbove.push(grants);
          if (!field || !parent || field.name.startsWith('__')) return;
          const where = `${parent.name}.${field.name}`;
          const own = alternatives(ruleOf(field), where, fromParent);
          if (own) found.push(own);
          const returned = getNamedType(field.type);
          if (isObjectType(returned)) {
            const typeRule = alternatives(ruleOf(returned), returned.name, grants);
            if (typeRule) found.push(typeRule);
          }
        },
        leave() {
          grantsAbove.pop();
        },
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
