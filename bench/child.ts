// Starts a bench server (bench/servers/*.ts) as a child Node process running TypeScript
// through tsx, or the gateway's bundle (as `npm start` runs it), waits for its port,
// samples its memory, and stops it cleanly.
import { execFile, fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { BENCH_DIR } from './dataset';
import { procStatus, type ChildMessage, type MemoryReport } from './servers/control';

export interface ChildServer {
  name: string;
  pid: number;
  port: number;
  url: string;
  /** Current and peak (VmHWM) resident set of the process, bytes. */
  status(): { rss: number; hwm: number };
  /** Memory after a forced full GC (the process runs with --expose-gc). */
  memory(): Promise<MemoryReport>;
  /** The child's monotonic clock in µs (the clock of --cpu-prof samples). */
  mark(): Promise<number>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env: Record<string, string>;
  /** Directory for a --cpu-prof profile; none when absent. */
  cpuProfDir?: string;
  /** More node flags, e.g. --max-old-space-size=256 (--gateway-node-options). */
  nodeOptions?: string[];
}

/**
 * Builds the bench gateway as production builds the server (scripts/build.mjs): one
 * JavaScript file, no TypeScript loader. Returns its path, for startChild.
 */
export async function buildGateway(): Promise<string> {
  const root = path.resolve(BENCH_DIR, '..');
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--bench'], { cwd: root });
  return path.join(root, 'dist', 'bench', 'gateway.mjs');
}

export async function startChild(name: string, script: string, options: StartOptions): Promise<ChildServer> {
  const execArgv = [...(script.endsWith('.mjs') ? [] : ['--import', 'tsx']), '--expose-gc'];
  if (options.cpuProfDir) execArgv.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir);
  execArgv.push(...(options.nodeOptions ?? []));
  const child: ChildProcess = fork(path.resolve(BENCH_DIR, 'servers', script), [], {
    execArgv,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const ready = await new Promise<ChildMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not ready after 120 s`)), 120_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited before listening (code ${code}, signal ${signal})`));
    });
    child.on('message', (message: ChildMessage) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
  });
  const url = `http://127.0.0.1:${ready.port}`;
  return {
    name,
    pid: ready.pid,
    port: ready.port,
    url,
    status: () => procStatus(ready.pid),
    async memory() {
      return (await (await fetch(`${url}/__bench/memory`)).json()) as MemoryReport;
    },
    async mark() {
      return ((await (await fetch(`${url}/__bench/mark`)).json()) as { ts: number }).ts;
    },
    async stop() {
      if (exited) return;
      child.send('stop');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
      if ((await Promise.race([exit, timeout])) === 'timeout') {
        process.stderr.write(`${name}: did not stop within 30 s, killing it (pid ${ready.pid})\n`);
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
}

/** Samples VmRSS of a process every `everyMs` while running; returns the peak. */
export function sampleRss(server: ChildServer, everyMs = 100): { stop(): number } {
  let peak = server.status().rss;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, server.status().rss);
    } catch {
      // the process is gone: keep the peak seen so far
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, server.status().rss);
      } catch {
        // gone
      }
      return peak;
    },
  };
}
