// The secret that signs session tokens and download links. Instances behind one load
// balancer must share it, so a PostgreSQL deployment must set APP_SECRET; the embedded
// database keeps a generated one beside its data so restarts keep sessions valid.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from './index';

/** A server on a PostgreSQL database needs APP_SECRET set (checked before anything is done). */
export function checkAppSecret(config: Config): void {
  if (config.DATABASE_URL && !config.APP_SECRET) {
    throw new ConfigError([
      'APP_SECRET: required with DATABASE_URL (at least 32 characters, the same on every instance); e.g. `openssl rand -hex 32`',
    ]);
  }
}

export async function resolveAppSecret(config: Config): Promise<string> {
  checkAppSecret(config);
  if (config.APP_SECRET) return config.APP_SECRET;
  if (config.DATA_DIR.startsWith('memory://')) return randomBytes(32).toString('hex');
  const file = path.join(config.DATA_DIR, 'app-secret');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing && existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString('hex');
  await mkdir(config.DATA_DIR, { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
