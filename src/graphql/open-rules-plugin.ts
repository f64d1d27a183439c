// `{ public: true }` admits everyone, so checking it per field and per row is work with no
// possible outcome but "yes": scope-auth would still wrap the resolver, run a step for
// the rule and one for the resolver, and look the rule up in its request cache. Request 1
// of docs/benchmarks.md ran 16 such checks per purchase row, 8 of them public. This
// plugin records the declared rule in the field's (or type's) extensions and hands
// scope-auth a config without it: a field whose rules are all public is not wrapped at
// all, and one under a type rule keeps only that check. `declaredRule` is where the
// schema walks (the coverage and nullability tests, docs/scopes.md, the REST scope
// derivation) read every rule, public ones included.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type PothosTypeConfig, type SchemaTypes } from '@pothos/core';

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      openRules: OpenRulesPlugin<Types>;
    }
  }
}

/** A rule that admits everyone: `{ public: true }` and nothing else. */
export function isPublicRule(rule: unknown): boolean {
  if (typeof rule !== 'object' || rule === null) return false;
  const keys = Object.keys(rule);
  return keys.length === 1 && keys[0] === 'public' && (rule as { public: unknown }).public === true;
}

type Declared = { extensions?: Record<string, unknown> | null | undefined };

/** The `authScopes` a field or type was declared with, `{ public: true }` included. */
export function declaredRule(thing: Declared): unknown {
  const extensions = thing.extensions ?? {};
  if ('publicRule' in extensions) return extensions.publicRule;
  return (extensions.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
}

function withoutPublicRule<Config extends { pothosOptions: object; extensions?: Record<string, unknown> | null }>(config: Config): Config {
  const rule = (config.pothosOptions as { authScopes?: unknown }).authScopes;
  if (!isPublicRule(rule)) return config;
  return {
    ...config,
    pothosOptions: { ...config.pothosOptions, authScopes: undefined },
    extensions: { ...config.extensions, publicRule: rule },
  };
}

export class OpenRulesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onTypeConfig(typeConfig: PothosTypeConfig): PothosTypeConfig {
    return withoutPublicRule(typeConfig);
  }

  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    return withoutPublicRule(fieldConfig);
  }
}

SchemaBuilder.registerPlugin('openRules', OpenRulesPlugin);

export default 'openRules';
