// `seed [--force]`: fills the configured database with the deterministic demo data.
import { withDatabase } from '../database';
import { seedDemoData, wipeData } from '../../db/seed';
import { LocalFileStore } from '../../downloads/file-store';
import type { Command } from '../command';

const USAGE = 'seed [--force]';

const seed: Command = {
  name: 'seed',
  usage: USAGE,
  summary: 'Fill the database with demo data (--force first empties every data table)',
  async run(args, context) {
    const unknown = args.filter((arg) => arg !== '--force');
    if (unknown.length > 0) {
      context.info(`Unknown argument: ${unknown.join(' ')}\nUsage: npm run cli -- ${USAGE}`);
      return 2;
    }
    const force = args.includes('--force');
    const { config } = context;
    return withDatabase(config, async (db) => {
      const [schema] = await db.query<{ ready: boolean }>(`SELECT to_regclass('accounts') IS NOT NULL AS ready`);
      if (!schema?.ready) {
        context.info('The database has no tables yet: apply the migrations first (`npm run cli -- migrate apply`).');
        return 1;
      }
      const accounts = await db.prisma.account.count();
      if (accounts > 0) {
        if (!force) {
          context.info(`The database already has ${accounts} accounts; nothing seeded. \`seed --force\` empties it first.`);
          return 1;
        }
        const tables = await wipeData(db.prisma);
        context.info(`Emptied ${tables.length} tables (the migration history is kept).`);
      }

      const started = performance.now();
      const summary = await seedDemoData(db.prisma, {
        password: config.DEMO_PASSWORD,
        fileStore: new LocalFileStore(config.FILES_DIR),
        platformFeePercent: config.PLATFORM_FEE_PERCENT,
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const counts = Object.entries(summary)
        .map(([what, count]) => `${count} ${what.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`)
        .join(', ');
      context.info(`Seeded in ${seconds} s: ${counts}.`);
      context.info(`Release files are in ${config.FILES_DIR}. Every demo account (johndoe, pixelforge, admin, ...) has the DEMO_PASSWORD password.`);
      return 0;
    });
  },
};

export const seedCommands: Command[] = [seed];
