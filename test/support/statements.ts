// Reading what a request sent to the database: each statement by the table it reads, so a
// test can say "the page, then one statement per relation", whatever the page size.

/** The table a statement reads first (`FROM "public"."items"`), or its verb for the rest. */
export function tableOf(sql: string): string {
  return /FROM "public"\."(\w+)"/.exec(sql)?.[1] ?? sql.trim().split(/\s+/)[0]!.toUpperCase();
}

/** The tables of a list of statements, sorted (the order of batched loads is not fixed). */
export function tablesOf(statements: readonly string[]): string[] {
  return statements.map(tableOf).sort();
}

/** Statements that load one row by its id: what DataLoaders exist to avoid. */
export function rowByRowLoads(statements: readonly string[]): string[] {
  return statements.filter((sql) => /WHERE\s+\(?"t0"\."id" = \$1\)?(\s+AND 1=1)?\s+LIMIT/i.test(sql));
}
