// The real process: `npm start`'s entry on an empty embedded database migrates and seeds
// by itself, refuses bad configuration and a busy port, keeps the embedded database to
// itself while it runs, and on SIGTERM stops being ready, answers what it accepted, and exits.
// Waits are for events (a log line, an exit), with deadlines far beyond what they need.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/http';

const root = path.resolve(import.meta.dirname, '../..');
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

// A first start migrates and seeds the embedded (WebAssembly) database: about 30 s alone,
// several times that while the rest of the suite shares the machine's two cores.
const STARTUP = 480_000;

// What `npm start` runs: the bundle scripts/build.mjs writes (built once for this file).
await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { cwd: root });

function run(script: string, args: string[], env: Record<string, string>) {
  // One process, as `npm start` execs it, so signals reach the server itself; the CLI's
  // TypeScript runs through tsx as a loader inside that process.
  const loader = script.endsWith('.mjs') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...loader, script, ...args], {
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

const start = (env: Record<string, string>) => run('dist/server/main.mjs', [], env);
const cli = (env: Record<string, string>, ...args: string[]) => run('src/cli/main.ts', args, env);

/** A raw HTTP/1.1 exchange on a connection opened beforehand: the status line, or what went wrong. */
function connect(port: string) {
  const socket = net.connect(Number(port), '127.0.0.1');
  const opened = new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('error', reject));
  let received = '';
  socket.on('data', (chunk) => (received += chunk));
  const ended = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(received));
    socket.on('error', (error) => resolve(`error: ${error.message}`));
  });
  return {
    opened,
    send: () => socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n'),
    /** What came back before the server closed the connection. */
    answer: ended,
  };
}

async function waitFor(check: () => boolean, timeoutMs: number, process?: { child: ChildProcess; output: () => string }) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (process && process.child.exitCode !== null) throw new Error(`exited with ${process.child.exitCode}:\n${process.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out${process ? `:\n${process.output()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the gateway process', () => {
  it(
    'refuses to start with bad configuration and says which variable is wrong',
    async () => {
      const { exited, output } = start({ PORT: 'eighty', DATA_DIR: 'memory://' });
      expect(await exited).toBe(2);
      expect(output()).toContain('PORT');
    },
    STARTUP,
  );

  it(
    'migrates and seeds an empty embedded database, serves it, keeps it to itself, and drains on SIGTERM',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'mg-process-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      const server: { child: ChildProcess; exited: Promise<number | null>; output: () => string } = start({
        PORT: port,
        HOST: '127.0.0.1',
        DATA_DIR: path.join(dataDir, 'db'),
        FILES_DIR: path.join(dataDir, 'files'),
      });
      cleanup.push(async () => void server.child.kill('SIGKILL'));
      await waitFor(() => server.output().includes('listening'), STARTUP, server);
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

      // The embedded database has one writer: the CLI refuses while the server holds it.
      const env = { DATA_DIR: path.join(dataDir, 'db'), FILES_DIR: path.join(dataDir, 'files') };
      const refused = cli(env, 'tokens', 'create', 'johndoe', '--scopes', 'items:read');
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain('in use by another process');

      // An in-flight request: headers sent, body still coming when SIGTERM arrives.
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(query) },
          },
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

      // Stopped, the folder is free again.
      const allowed = cli(env, 'tokens', 'create', 'johndoe', '--scopes', 'items:read');
      expect(await allowed.exited).toBe(0);

      // A second start finds the data and does not seed again.
      const again = start({ PORT: port, HOST: '127.0.0.1', ...env, SHUTDOWN_DRAIN_MS: '2000' });
      cleanup.push(async () => void again.child.kill('SIGKILL'));
      await waitFor(() => again.output().includes('listening'), STARTUP, again);
      expect(again.output()).not.toContain('seeded demo data');

      // Connections accepted just before SIGTERM, whose requests come after it, are answered;
      // readiness says draining meanwhile; every answer closes its connection.
      const early = Array.from({ length: 20 }, () => connect(port));
      await Promise.all(early.map((connection) => connection.opened));
      again.child.kill('SIGTERM');
      await waitFor(() => again.output().includes('shutting down'), 30_000, again);
      for (const connection of early) connection.send();
      const answers = await Promise.all(early.map((connection) => connection.answer));
      for (const text of answers) {
        expect(text).toMatch(/^HTTP\/1\.1 200/);
        expect(text.toLowerCase()).toContain('connection: close');
      }
      expect(await again.exited).toBe(0);
    },
    2 * STARTUP,
  );

  it(
    'says once, before doing any work, that the port is taken',
    async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      cleanup.push(() => new Promise((resolve) => blocker.close(() => resolve())));
      const port = String((blocker.address() as net.AddressInfo).port);
      const dataDir = await mkdtemp(path.join(tmpdir(), 'mg-busy-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const busy = start({ PORT: port, HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'db') });
      expect(await busy.exited).toBe(1);
      expect(busy.output().trim()).toBe(`Port ${port} on 127.0.0.1 is already in use (another gateway?): set PORT to a free one.`);
      // Nothing was migrated or seeded.
      expect(existsSync(path.join(dataDir, 'db'))).toBe(false);
    },
    STARTUP,
  );

  it(
    'reports an embedded database that is not there instead of creating an empty one',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'mg-none-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const missing = cli({ DATA_DIR: path.join(dataDir, 'nothing-here') }, 'tokens', 'list', 'johndoe');
      expect(await missing.exited).toBe(1);
      expect(missing.output()).toContain('There is no database in');
      expect(existsSync(path.join(dataDir, 'nothing-here'))).toBe(false);
    },
    STARTUP,
  );

  it(
    'reports readiness with the migrations: an instance on a database with pending migrations is not ready',
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'mg-pending-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      const server = start({ PORT: port, HOST: '127.0.0.1', DATA_DIR: path.join(dataDir, 'db'), AUTO_MIGRATE: 'false', SEED_DEMO_DATA: 'false' });
      cleanup.push(async () => void server.child.kill('SIGKILL'));
      await waitFor(() => server.output().includes('listening'), STARTUP, server);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('migrations pending') });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    },
    STARTUP,
  );
});
