// The loaded-columns plugin answers a field from its row only when the field reads plain
// columns of that row; anything else (relations, computed selections) keeps plugin-prisma's
// loader, which plans and records what nested fields need.
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { plainColumns } from '../../src/graphql/loaded-columns-plugin';
import { getSchema } from '../../src/graphql/schema';

describe('plainColumns', () => {
  it('accepts a selection of scalar and enum columns of the model', () => {
    expect(plainColumns({ name: true }, 'Item')).toEqual(['name']);
    expect(plainColumns({ regularPriceCents: true, extendedPriceCents: true, currency: true }, 'Item')).toEqual([
      'regularPriceCents',
      'extendedPriceCents',
      'currency',
    ]);
    expect(plainColumns({ status: true }, 'Item')).toEqual(['status']);
  });

  it('refuses relations, nested or conditional selections, unknown models and empty selections', () => {
    expect(plainColumns({ author: true }, 'Item')).toBeNull();
    expect(plainColumns({ purchase: { select: { code: true } } }, 'LedgerEntry')).toBeNull();
    expect(plainColumns({ name: false }, 'Item')).toBeNull();
    expect(plainColumns({ name: true }, 'NoSuchModel')).toBeNull();
    expect(plainColumns({}, 'Item')).toBeNull();
    expect(plainColumns(() => ({ name: true }), 'Item')).toBeNull();
  });

  it('finds plain-column fields in the schema, so the fast path is in use', () => {
    // Each select-mode field whose selection is plain columns gets the fast path: there must be
    // many of them (every t.expose* on a Prisma object), or the plugin silently stopped applying.
    const fields = Object.values(getSchema().getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type, field })))
      .filter(({ type, field }) => {
        const model = (type.extensions as { pothosPrismaModel?: string } | undefined)?.pothosPrismaModel;
        const select = (field.extensions as { pothosPrismaSelect?: unknown } | undefined)?.pothosPrismaSelect;
        return typeof model === 'string' && plainColumns(select, model) !== null;
      })
      .map(({ type, field }) => `${type.name}.${field.name}`);
    expect(fields).toEqual(expect.arrayContaining(['Item.name', 'Item.price', 'Purchase.code', 'Account.username', 'Category.name']));
  });
});
