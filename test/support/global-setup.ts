// Builds the template database every test file copies: migrated with the committed
// migrations and filled with the demo seed, once per run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrations';
import { seedDemoData } from '../../src/db/seed';
import { LocalFileStore } from '../../src/downloads/file-store';
import { databaseUrl, onServer, testDatabaseKind } from './databases';

export const DEMO_PASSWORD = 'test-demo-password';

export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(path.join(tmpdir(), 'mg-test-'));
  const filesDir = path.join(workDir, 'files');
  const fileStore = new LocalFileStore(filesDir);
  project.provide('filesDir', filesDir);
  project.provide('demoPassword', DEMO_PASSWORD);
  project.provide('pgliteTemplateDump', '');
  project.provide('postgresTemplate', '');

  let templateName: string | undefined;
  if (testDatabaseKind() === 'postgres') {
    templateName = `mg_template_${process.pid}`;
    await onServer(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
    await onServer(`CREATE DATABASE ${templateName}`);
    const db = await openDatabase({ databaseUrl: databaseUrl(templateName) });
    await applyMigrations(db);
    await seedDemoData(db.prisma, { password: DEMO_PASSWORD, fileStore });
    await db.close();
    project.provide('postgresTemplate', templateName);
  } else {
    const pglite = await PGlite.create();
    const db = await openDatabase({ pglite });
    await applyMigrations(db);
    await seedDemoData(db.prisma, { password: DEMO_PASSWORD, fileStore });
    const dumpPath = path.join(workDir, 'template.tar.gz');
    await writeFile(dumpPath, Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer()));
    await db.close();
    project.provide('pgliteTemplateDump', dumpPath);
  }

  return async () => {
    if (templateName) await onServer(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
    await rm(workDir, { recursive: true, force: true });
  };
}
