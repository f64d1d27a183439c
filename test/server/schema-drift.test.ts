// schema.graphql is printed from the code and committed: it must match the code exactly.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../src/graphql/schema';

describe('schema.graphql', () => {
  it('matches the schema built from code (run `npm run schema:print` after a schema change)', async () => {
    const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printedSchema());
  });
});
