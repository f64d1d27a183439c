// What a process loads at start is what it holds for its whole life. Two large packages
// serve only some deployments, so the server imports them where they are used:
//   - PGlite and its Prisma adapter (≈ 23 MB of RSS): only on the embedded database;
//   - GraphiQL's bundle (@graphql-yoga/render-graphiql, a 9 MB module, ≈ 78 MB of RSS):
//     only on the first visit of its page.
// esbuild's metafile of the server's entry point tells how each package is imported; a
// static import anywhere in the graph would load it at start again.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const LOADED_WHEN_USED = ['@electric-sql/pglite', 'pglite-prisma-adapter', '@graphql-yoga/render-graphiql'];

describe('what the server loads at start', () => {
  it('imports PGlite and GraphiQL only where they are used, never statically', async () => {
    const { metafile } = await build({
      entryPoints: ['src/server/main.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const kinds = new Map<string, Set<string>>();
    for (const input of Object.values(metafile.inputs)) {
      for (const imported of input.imports) {
        if (!LOADED_WHEN_USED.includes(imported.path)) continue;
        const seen = kinds.get(imported.path) ?? new Set<string>();
        seen.add(imported.kind);
        kinds.set(imported.path, seen);
      }
    }
    // Each is still imported (the feature is there), and only by import().
    expect(Object.fromEntries([...kinds].map(([path, seen]) => [path, [...seen]]))).toEqual(
      Object.fromEntries(LOADED_WHEN_USED.map((path) => [path, ['dynamic-import']])),
    );
  });
});
