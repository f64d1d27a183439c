// Where the committed migrations and the data model live, anchored at the project, not
// the working directory, so the server can start from anywhere. A module of its own so that
// readiness checks can find the migrations without loading the schema engine.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_MIGRATIONS_DIR = path.join(projectRoot, 'prisma', 'migrations');
export const DEFAULT_SCHEMA_PATH = path.join(projectRoot, 'prisma', 'schema.prisma');
