// Scope-auth with a fast path for the answer almost every field gets: "allowed".
//
// Scope-auth runs each checked field through a chain of steps (the type's rule, the
// field's rule, the resolver), with closures and request-cache lookups on every field of
// every row: on request 1 of docs/benchmarks.md that machinery was the largest share of
// the allocations after graphql-jit's own. This plugin is scope-auth itself (a subclass,
// registered in its place): for a field whose rules are functions or plain scope maps,
// and which has no grants, it first asks the same rules directly, and when they admit the
// caller (`true`, or a map naming a scope the request holds) it calls the resolver at once.
// Any other answer (a refusal, `$granted`, `$any`/`$all`, a promise, a scope loader) goes
// through scope-auth's own wrapper, which decides and words the error exactly as before:
// the fast path can only say yes where scope-auth says yes.
// test/graphql/scope-checks.test.ts runs one schema through both and compares every answer.
import SchemaBuilder, { isThenable, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { PothosScopeAuthPlugin, RequestCache } from '@pothos/plugin-scope-auth';
import type { GraphQLFieldResolver } from 'graphql';

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      scopeChecks: ScopeChecksPlugin<Types>;
    }
  }
}

type Scopes = Record<string, unknown>;
type TypeRule = (parent: unknown, context: object) => unknown;
type FieldRule = (parent: unknown, args: unknown, context: object, info: unknown) => unknown;

/** Whether a rule's answer admits the caller outright (scope-auth's default strategy, "any"). */
function admits(answer: unknown, scopes: Scopes): boolean {
  if (answer === true) return true;
  if (typeof answer !== 'object' || answer === null || isThenable(answer)) return false;
  for (const name in answer) {
    if (name.charCodeAt(0) === 36 /* $ */) continue; // $granted, $any, $all: scope-auth's to decide
    const held = scopes[name];
    if (held === true) return true;
  }
  return false;
}

/**
 * A rule the fast path can ask: nothing, a scope map, or a synchronous function. A rule
 * that answers with a promise is asked again by scope-auth (which caches a type rule per
 * row): async rules are left to scope-auth alone. This schema's rules are all synchronous.
 */
const askable = (rule: unknown) =>
  rule === undefined || (typeof rule === 'function' && rule.constructor.name !== 'AsyncFunction') || (typeof rule === 'object' && rule !== null);

export class ScopeChecksPlugin<Types extends SchemaTypes> extends PothosScopeAuthPlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const checked = super.wrapResolve(resolver, fieldConfig);
    if (checked === resolver || this.options.disableScopeAuth) return checked;
    const rules = this.fastRules(fieldConfig);
    if (!rules) return checked;
    const { typeRule, fieldRule } = rules;
    const builder = this.builder;
    // No closure per call: this runs on every checked field of every row.
    const opens = (parent: unknown, args: object, context: object, info: unknown, scopes: Scopes) => {
      try {
        const typeAnswer = typeof typeRule === 'function' ? (typeRule as TypeRule)(parent, context) : typeRule;
        if (typeRule !== undefined && !admits(typeAnswer, scopes)) return false;
        const fieldAnswer = typeof fieldRule === 'function' ? (fieldRule as FieldRule)(parent, args, context, info) : fieldRule;
        return fieldRule === undefined || admits(fieldAnswer, scopes);
      } catch {
        return false; // scope-auth asks again and reports the failure its own way
      }
    };
    return (parent, args, context, info) => {
      const scopes = RequestCache.fromContext(context, builder).getScopes() as Scopes;
      if (!isThenable(scopes) && opens(parent, args, context, info, scopes)) return resolver(parent, args, context, info);
      return checked(parent, args, context, info);
    };
  }

  /** The type's and the field's rules, when the fast path may ask them; null otherwise. */
  private fastRules(fieldConfig: PothosOutputFieldConfig<Types>): { typeRule: unknown; fieldRule: unknown } | null {
    if (fieldConfig.kind === 'Subscription' || fieldConfig.declaringType) return null;
    if ((this.builder.options.scopeAuth?.defaultStrategy ?? 'any') !== 'any') return null;
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    if (typeConfig.kind !== 'Object' && typeConfig.kind !== 'Query' && typeConfig.kind !== 'Mutation') return null;
    const fieldOptions = fieldConfig.pothosOptions as {
      authScopes?: unknown;
      grantScopes?: unknown;
      skipTypeScopes?: boolean;
      skipInterfaceScopes?: boolean;
    };
    const typeOptions = typeConfig.pothosOptions as { authScopes?: unknown; grantScopes?: unknown; skipInterfaceScopes?: boolean };
    if (fieldOptions.grantScopes !== undefined || typeOptions.grantScopes !== undefined) return null;
    // Interface rules are further steps of scope-auth's own: leave such fields to it.
    const interfaceRules =
      !fieldOptions.skipInterfaceScopes && !typeOptions.skipInterfaceScopes && typeConfig.kind === 'Object'
        ? typeConfig.interfaces.some(
            (iface) => (this.buildCache.getTypeConfig(iface, 'Interface').pothosOptions as { authScopes?: unknown }).authScopes,
          )
        : false;
    if (interfaceRules) return null;
    const typeRule = this.runTypeScopesOnField(typeConfig) && !fieldOptions.skipTypeScopes ? typeOptions.authScopes : undefined;
    const fieldRule = fieldOptions.authScopes;
    if (!askable(typeRule) || !askable(fieldRule)) return null;
    return { typeRule, fieldRule };
  }
}

SchemaBuilder.registerPlugin('scopeChecks', ScopeChecksPlugin);

export default 'scopeChecks';
