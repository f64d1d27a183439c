// The real process: `npm start`'s entry on an empty embedded database migrates and seeds
// by itself, refuses bad configuration, and on SIGTERM finishes in-flight requests.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function start(env: Record<string, string>) {
  const child = spawn(tsx, ['src/server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the gateway process', () => {
  it('refuses to start with bad configuration and says which variable is wrong', async () => {
    const { exited, output } = start({ PORT: 'eighty', DATA_DIR: 'memory://' });
    expect(await exited).toBe(2);
    expect(output()).toContain('PORT');
  });

  it('migrates and seeds an empty embedded database, serves it, and drains on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mg-process-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const server: { child: ChildProcess; exited: Promise<number | null>; output: () => string } = start({
      PORT: port,
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dataDir, 'db'),
      FILES_DIR: path.join(dataDir, 'files'),
    });
    cleanup.push(async () => void server.child.kill('SIGKILL'));
    await waitFor(() => server.output().includes('listening'), 60_000);
    expect(server.output()).toContain('applied migrations');
    expect(server.output()).toContain('seeded demo data');

    const query = JSON.stringify({ query: '{ items(first: 3) { totalCount edges { node { name } } } }' });
    const quick = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: query,
    });
    const body = await quick.json();
    expect(body.data.items.totalCount).toBeGreaterThan(100);

    // An in-flight request: headers sent, body still coming when SIGTERM arrives.
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(query) } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(query.slice(0, 10));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(query.slice(10)), 300);
      }, 200);
    });
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(text).data.items.edges).toHaveLength(3);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('stopped');

    // A second start finds the data and does not seed again.
    const again = start({ PORT: port, HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'db'), FILES_DIR: path.join(dataDir, 'files') });
    cleanup.push(async () => void again.child.kill('SIGKILL'));
    await waitFor(() => again.output().includes('listening'), 60_000);
    expect(again.output()).not.toContain('seeded demo data');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});
