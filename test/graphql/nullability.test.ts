// The nullability rule (docs/decisions.md): a field that can be refused is nullable and
// marked @semanticNonNull, so a refusal nulls that field alone, with an error at its path,
// and the answer stays HTTP 200 while any of it stands. Walked over the whole schema, then
// shown on the pages a frontend sends.
import { getDirective } from '@graphql-tools/utils';
import { isNonNullType, isObjectType, type GraphQLField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRule } from '../../src/graphql/open-rules-plugin';
import { isRefusable } from '../../src/graphql/refusable-fields-plugin';
import { getSchema } from '../../src/graphql/schema';
import { tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';

const ruleOf = (field: GraphQLField<unknown, unknown>) => declaredRule(field);

describe('the schema', () => {
  const schema = getSchema();
  const fields = Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) => Object.values(type.getFields()).map((field) => ({ name: `${type.name}.${field.name}`, field })));
  const refusable = fields.filter(({ field }) => field.name !== 'id' && isRefusable(ruleOf(field)));

  it('finds the refusable fields it checks', () => {
    expect(refusable.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['Account.email', 'Account.purchases', 'Purchase.authorEarnings', 'Mutation.purchaseItem', 'Query.stats']),
    );
  });

  it('makes every refusable field nullable, and marks the ones declared non-null @semanticNonNull', () => {
    expect(refusable.filter(({ field }) => isNonNullType(field.type)).map(({ name }) => name)).toEqual([]);
    // Fields declared nullable stay plainly nullable; the ones made nullable by the rule say so.
    const semantic = fields.filter(({ field }) => getDirective(schema, field, 'semanticNonNull')?.length).map(({ name }) => name);
    expect(semantic).toEqual(expect.arrayContaining(['Account.email', 'Account.purchases', 'Purchase.code', 'Mutation.purchaseItem']));
    expect(semantic.filter((name) => !refusable.some((field) => field.name === name))).toEqual([]);
  });

  it('has a viewer that is simply null for anonymous callers', () => {
    const viewer = schema.getQueryType()!.getFields().viewer!;
    expect(isNonNullType(viewer.type)).toBe(false);
    expect(getDirective(schema, viewer, 'semanticNonNull')).toBeUndefined();
  });
});

describe('a refused field never nulls its siblings', () => {
  let t: TestGateway;
  let purchasesOnly: string;
  beforeAll(async () => {
    t = await startTestGateway();
    purchasesOnly = await tokenFor(t, 'johndoe', ['purchase:list']);
  });
  afterAll(() => t.close());

  it('anonymous: the catalog and a null viewer, no error, HTTP 200', async () => {
    const answer = await t.graphql<{ items: { edges: unknown[] }; viewer: unknown }>(
      '{ items(first: 2) { edges { node { name } } } viewer { username } }',
    );
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.viewer).toBeNull();
    expect(answer.data!.items.edges).toHaveLength(2);
  });

  it('a token with purchase:list only: the purchases and the username stand, the email is null with its error, HTTP 200', async () => {
    const answer = await t.graphql<{ viewer: { username: string; email: string | null; purchases: { edges: unknown[] } } }>(
      '{ viewer { username email purchases(first: 2) { edges { node { code } } } } }',
      {},
      { token: purchasesOnly },
    );
    expect(answer.status).toBe(200);
    expect(answer.data!.viewer).toMatchObject({ username: 'johndoe', email: null });
    expect(answer.data!.viewer.purchases.edges).toHaveLength(2);
    expect(answer.errors).toEqual([
      expect.objectContaining({ path: ['viewer', 'email'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
  });

  it("anonymous: an item stands when its author's email is refused", async () => {
    const answer = await t.graphql<{ items: { edges: Array<{ node: { name: string; author: { username: string; email: string | null } } }> } }>(
      '{ items(first: 1) { edges { node { name author { username email } } } } }',
    );
    expect(answer.status).toBe(200);
    const [edge] = answer.data!.items.edges;
    expect(edge!.node.name).toEqual(expect.any(String));
    expect(edge!.node.author).toMatchObject({ username: expect.any(String), email: null });
    expect(answer.errors).toEqual([
      expect.objectContaining({
        path: ['items', 'edges', 0, 'node', 'author', 'email'],
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
  });

  it('a refused root field is null beside a root field that stands, HTTP 200', async () => {
    const answer = await t.graphql<{ stats: unknown; items: { totalCount: number } }>(
      '{ stats { purchases } items { totalCount } }',
      {},
      {
        token: purchasesOnly,
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ stats: null, items: { totalCount: expect.any(Number) } });
    expect(answer.errors?.[0]).toMatchObject({ path: ['stats'], extensions: { code: 'FORBIDDEN' } });
  });

  it('nothing left standing: the refusal decides the status', async () => {
    const answer = await t.graphql('{ stats { purchases } }', {}, { token: purchasesOnly });
    expect(answer.data).toEqual({ stats: null });
    expect(answer.status).toBe(403);
    expect(answer.errors?.[0]).toMatchObject({ path: ['stats'], extensions: { code: 'FORBIDDEN' } });
  });
});
