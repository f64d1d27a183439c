// What the benchmark's child servers share: the /__bench/* control routes (statement
// counts, memory after a full GC, clock marks for profile windows), reporting the port to
// the parent over IPC, and a clean stop (so PGlite flushes and --cpu-prof is written).
import { readFileSync } from 'node:fs';
import type { Server, ServerResponse } from 'node:http';

export interface ChildMessage {
  type: 'ready';
  port: number;
  pid: number;
}

export interface MemoryReport {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Peak resident set since the process started (VmHWM), bytes. */
  hwm: number;
}

export function procStatus(pid: number | 'self'): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

export interface BenchHooks {
  /** Statements sent since the last call (the count resets). */
  statements(): { count: number; statements: string[] };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** /__bench/statements, /__bench/memory, /__bench/mark; anything else: 404. */
export async function handleBenchRequest(url: URL, res: ServerResponse, hooks: BenchHooks): Promise<void> {
  switch (url.pathname) {
    case '/__bench/statements':
      return json(res, 200, hooks.statements());
    case '/__bench/memory': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) {
        gc();
        gc();
      }
      const usage = process.memoryUsage();
      const report: MemoryReport = {
        rss: usage.rss,
        heapUsed: usage.heapUsed,
        heapTotal: usage.heapTotal,
        external: usage.external,
        arrayBuffers: usage.arrayBuffers,
        hwm: procStatus('self').hwm,
      };
      return json(res, 200, { ...report, gc: Boolean(gc) });
    }
    case '/__bench/mark':
      // The same clock V8 stamps profile samples with (CLOCK_MONOTONIC), in microseconds.
      return json(res, 200, { ts: Number(process.hrtime.bigint() / 1000n) });
    default:
      return json(res, 404, { error: 'not found' });
  }
}

export function reportReady(server: Server): void {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const message: ChildMessage = { type: 'ready', port, pid: process.pid };
  if (process.send) process.send(message);
  else process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
}

/** On "stop" from the parent (or SIGTERM/SIGINT): close connections, clean up, exit 0. */
export function stopOn(server: Server, cleanup: () => Promise<unknown>): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`cleanup failed: ${String(error)}\n`);
    }
    process.exit(0); // also writes the --cpu-prof profile
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
