// The operator CLI end to end on a fresh database: migrate, seed, then tokens and keys.
// `tokens create` prints only the secret on stdout, and the secret works.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWellFormedSecret, LEGACY_KEY_PREFIX, TOKEN_PREFIX } from '../../src/accounts/secrets';
import { databaseUrl, onServer, testDatabaseKind } from '../support/databases';

const root = path.resolve(import.meta.dirname, '../..');
let env: Record<string, string>;
let cleanup: () => Promise<void>;

function cli(...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/main.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'mg-cli-'));
  env = { DATA_DIR: path.join(dir, 'db'), FILES_DIR: path.join(dir, 'files'), DEMO_PASSWORD: 'cli-demo-password' };
  let dropDatabase = async () => {};
  if (testDatabaseKind() === 'postgres') {
    const name = `mg_cli_${process.pid}`;
    await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await onServer(`CREATE DATABASE ${name}`);
    env.DATABASE_URL = databaseUrl(name);
    dropDatabase = () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  cleanup = async () => {
    await dropDatabase();
    await rm(dir, { recursive: true, force: true });
  };
  expect((await cli('migrate', 'apply', '--create')).code).toBe(0);
  expect((await cli('seed')).code).toBe(0);
}, 120_000);
afterAll(() => cleanup());

describe('operator CLI', () => {
  it('creates a token and prints only its secret on stdout, lists it, revokes it', async () => {
    const created = await cli('tokens', 'create', 'johndoe', '--scopes', 'items:read,purchase:list', '--name', 'ci-bot');
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(created.stdout).toBe(`${secret}\n`);
    expect(isWellFormedSecret(secret, TOKEN_PREFIX)).toBe(true);

    const listed = await cli('tokens', 'list', 'johndoe');
    expect(listed.stdout).toContain('ci-bot');
    expect(listed.stdout).toContain('active');
    expect(listed.stdout).not.toContain(secret);
    const id = listed.stdout.trim().split('\t')[0]!;

    expect((await cli('tokens', 'revoke', 'johndoe', id)).code).toBe(0);
    expect((await cli('tokens', 'list', 'johndoe')).stdout).toContain('revoked');
  });

  it('refuses unknown scopes and users with a message and a non-zero exit', async () => {
    const scope = await cli('tokens', 'create', 'johndoe', '--scopes', 'everything');
    expect(scope.code).not.toBe(0);
    expect(scope.stderr).toContain('everything');
    expect(scope.stdout).toBe('');
    const user = await cli('tokens', 'create', 'nobody', '--scopes', 'items:read');
    expect(user.code).not.toBe(0);
    expect(user.stderr).toContain('nobody');
  });

  it('issues a legacy api key', async () => {
    const created = await cli('keys', 'create-legacy', 'johndoe');
    expect(created.code).toBe(0);
    expect(isWellFormedSecret(created.stdout.trim(), LEGACY_KEY_PREFIX)).toBe(true);
  });
});
