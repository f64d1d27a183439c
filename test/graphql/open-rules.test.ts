// `{ public: true }` rules are recorded but not run (src/graphql/open-rules-plugin.ts): a
// field whose every rule is public carries no scope-auth wrapper, one under a type rule
// keeps that check alone, and the schema walks still read every declared rule.
import { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { declaredRule } from '../../src/graphql/open-rules-plugin';
import { getSchema } from '../../src/graphql/schema';

function field(typeName: string, fieldName: string) {
  const type = getSchema().getType(typeName);
  if (!(type instanceof GraphQLObjectType)) throw new Error(`${typeName} is not an object type`);
  return type.getFields()[fieldName]!;
}

const wrapped = (typeName: string, fieldName: string) => field(typeName, fieldName).extensions.pothosResolveWrapped;

describe('public rules', () => {
  it('are still declared where they were written', () => {
    expect(declaredRule(field('Category', 'name'))).toEqual({ public: true });
    expect(declaredRule(getSchema().getType('Category')!)).toEqual({ public: true });
    expect(declaredRule(field('Item', 'name'))).toEqual({ public: true });
    expect(declaredRule(field('Purchase', 'code'))).toBeTypeOf('function');
  });

  it('cost no wrapper on a field of a public type, and leave the checks that can refuse', () => {
    // Category is public and so is its name: nothing to check, nothing wraps the resolver.
    expect(wrapped('Category', 'name')).toBe(false);
    expect(wrapped('Account', 'username')).toBe(false);
    // Item's type rule (unlisted items) and Purchase's rules still run on their fields.
    expect(wrapped('Item', 'name')).toBe(true);
    expect(wrapped('Purchase', 'code')).toBe(true);
    expect(wrapped('Account', 'purchases')).toBe(true);
  });
});
