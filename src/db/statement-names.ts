// Names for the statements sent to a PostgreSQL server (Prisma's and the plain ones of
// `db.query`), so that each pooled connection parses a statement once and PostgreSQL can
// reuse its plan (after five executions it switches to a generic plan when that costs no
// more than the custom ones). Unnamed, every execution is parsed and planned again: for
// the reference requests that was ≈ 1 ms of the server's CPU each (docs/benchmarks.md).
//
// A statement's SQL text depends only on the shape of a query (values are parameters), so the
// number of texts is bounded by what the API can ask; still, a GraphQL client chooses its
// selections, and every named statement lives on in each connection that prepared it.
// Only the first `limit` distinct texts of the process get names; any later one is sent
// unnamed, as before.
import { createHash } from 'node:crypto';

/** Distinct statements a process names unless configured otherwise (DATABASE_PREPARED_STATEMENTS). */
export const DEFAULT_PREPARED_STATEMENTS = 500;

/** A statement's name, or undefined to send it unnamed. */
export type StatementNamer = (query: { sql: string }) => string | undefined;

export function statementNamer(limit: number): StatementNamer | undefined {
  if (limit <= 0) return undefined;
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `mpg_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name;
  };
}
