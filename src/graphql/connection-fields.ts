// What every list of the schema shares: the `offset` argument beside Relay's cursors, and
// `totalCount` on the connection (src/graphql/pages.ts loads both).
import { builder } from './builder';
import { MAX_OFFSET, type Page } from './pages';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Arguments every connection takes besides first/after/last/before. */
export const offsetArgument = () =>
  builder.args((t) => ({
    offset: t.int({
      required: false,
      description:
        `Rows to skip before the page (page by number: offset = (page - 1) × first), at most ${MAX_OFFSET}. ` +
        'With last, rows skipped from the end. Not together with after or before.',
    }),
  }));

/** The connection type's own fields: the total, over every page. */
export const withTotalCount = {
  fields: (t: PothosSchemaTypes.ObjectFieldBuilder<Types, object>) => ({
    totalCount: t.int({
      description: 'How many rows the whole list holds, over every page (counted only when asked).',
      resolve: (connection) => (connection as Page<unknown>).totalCount(),
    }),
  }),
};
