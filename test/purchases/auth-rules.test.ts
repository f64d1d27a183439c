// Every field this domain adds carries an explicit authScopes rule, so a new field cannot
// be public by accident. (Value types such as Money and the generated connection/edge
// types are covered by the field that returns them.)
import { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { declaredRule } from '../../src/graphql/open-rules-plugin';
import { getSchema } from '../../src/graphql/schema';

const WHOLE_TYPES = ['Purchase', 'LedgerEntry', 'PurchaseItemPayload', 'SalesSummary'];
const FIELDS: Record<string, string[]> = {
  Account: ['purchases', 'purchase', 'sales', 'salesSummary', 'statement'],
  Query: ['verifyPurchase'],
  Mutation: ['purchaseItem'],
};

function ruleOf(typeName: string, fieldName: string): unknown {
  const type = getSchema().getType(typeName);
  if (!(type instanceof GraphQLObjectType)) throw new Error(`${typeName} is not an object type`);
  const field = type.getFields()[fieldName];
  if (!field) throw new Error(`${typeName}.${fieldName} does not exist`);
  return declaredRule(field);
}

describe('authorization rules of purchases and ledger', () => {
  it('puts a rule on every field', () => {
    const missing: string[] = [];
    const check = (typeName: string, fieldName: string) => {
      if (ruleOf(typeName, fieldName) === undefined) missing.push(`${typeName}.${fieldName}`);
    };
    for (const typeName of WHOLE_TYPES) {
      const type = getSchema().getType(typeName) as GraphQLObjectType;
      for (const fieldName of Object.keys(type.getFields())) check(typeName, fieldName);
    }
    for (const [typeName, fields] of Object.entries(FIELDS)) for (const fieldName of fields) check(typeName, fieldName);
    expect(missing).toEqual([]);
  });

  it('guards the node types themselves (node(id:) goes through the type rule)', () => {
    for (const typeName of ['Purchase', 'LedgerEntry']) {
      const type = getSchema().getType(typeName) as GraphQLObjectType;
      expect(declaredRule(type), typeName).toBeTypeOf('function');
    }
  });
});
