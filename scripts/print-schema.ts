// Prints the schema built from code into schema.graphql (sorted, so diffs stay small).
// `npm run schema:print` writes it; `--check` exits 1 when the committed file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { printedSchema } from '../src/graphql/schema';

const target = new URL('../schema.graphql', import.meta.url);
const printed = printedSchema();

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== printed) {
    process.stderr.write('schema.graphql is out of date: run `npm run schema:print` and commit it.\n');
    process.exit(1);
  }
} else {
  await writeFile(target, printed);
  process.stderr.write('wrote schema.graphql\n');
}
