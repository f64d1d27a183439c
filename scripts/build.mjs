// Builds what `npm start` runs: the server as one JavaScript file (dist/server/main.mjs),
// its dependencies left as imports of node_modules. Running TypeScript through tsx at run
// time kept a loader thread and every transpiled module in memory: the bundle starts with
// about 120 MB less (docs/decisions.md). `--bench` also builds the benchmark's gateway
// (dist/bench/gateway.mjs), so the benchmark times what production runs.
// Both files sit two folders below the project root, as their sources do: paths found
// from import.meta.url (the migrations folder) resolve the same way.
import { build } from 'esbuild';

const entries = { 'server/main': 'src/server/main.ts' };
if (process.argv.includes('--bench')) entries['bench/gateway'] = 'bench/servers/gateway.ts';

await build({
  entryPoints: entries,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
