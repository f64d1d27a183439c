// Prisma CLI configuration. Only `prisma generate` is run from the CLI here: the
// schema engine binary cannot be downloaded offline, so migrations go through
// src/db/migrations (the WebAssembly schema engine) instead.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
