// Plain-text (markdown) tables of a benchmark's results, and the machine it ran on.
import { readFileSync } from 'node:fs';
import os, { availableParallelism } from 'node:os';
import type { DatasetInfo } from './dataset';
import type { LoadResult } from './load';
import type { BenchOptions, TargetName } from './options';
import type { PurchaseBenchResult } from './purchases';
import type { MemoryReport } from './servers/control';
import type { ServerRole } from './targets';

export interface TimedRun extends LoadResult {
  run: number;
  target: TargetName;
  label: string;
  /** Peak VmRSS of the serving process during this timed run, bytes. */
  peakRss: number;
  /** Share of the machine's CPU used by other processes during the run (0..1), and by the benchmark's own. */
  otherCpu: number;
  ourCpu: number;
  /** Cores used during the run by the serving process, the PostgreSQL backends and the load generator (this process). */
  cores: { server: number; database: number; loadGenerator: number };
  /** Timed attempts made (more than one when earlier ones were disturbed). */
  attempts: number;
  /** A raw floor (its ratio is 1 by definition). */
  isFloor: boolean;
  /** Throughput relative to the floor measured at the same connection count in the same run (absent: floor not run). */
  ratio?: number;
  /** Throughput relative to PostGraphile's on the same request, same connection count, same run (absent: not run). */
  vsPostgraphile?: number;
}

export interface StatementCount {
  target: TargetName;
  /** page size → statements per request */
  counts: Record<number, number>;
  /** The statements of one full-page request. */
  statements: string[];
}

export interface MemoryAfterRun {
  run: number;
  server: ServerRole;
  /** Highest VmRSS sampled during this run's timed runs. */
  peakRss: number;
  /** After the run and a forced full GC. */
  after: MemoryReport;
}

export interface DatabaseResult {
  dataset: DatasetInfo;
  skipped: Array<{ target: TargetName; note: string }>;
  statements: StatementCount[];
  runs: TimedRun[];
  memory: MemoryAfterRun[];
  profile?: { file: string; summaries: Array<{ title: string; text: string }> };
  /** The write path (PostgreSQL only). */
  purchases?: PurchaseBenchResult;
}

export function machineInfo(): Record<string, string> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpus: `${os.availableParallelism()} (nproc), ${model}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadavg: os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' '),
  };
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export function formatDatabaseResult(result: DatabaseResult, options: BenchOptions): string {
  const { dataset } = result;
  const lines: string[] = [];
  lines.push(
    `### ${dataset.kind} · ${dataset.label} · ${dataset.counts.purchases} purchases, ${dataset.counts.items} items, ${dataset.counts.accounts} users, ${dataset.counts.categories} categories`,
    '',
    `${dataset.serverVersion}. Bench buyer: ${dataset.counts.benchBuyerPurchases} purchases; bench category: ${dataset.counts.benchCategoryListed} listed items. ` +
      `Pool ${options.poolSize} connections per server process; ${options.duration} s per timed run after ${options.warmup} s of warm-up.` +
      (dataset.kind === 'postgres'
        ? ` Floor statement: ${options.floorStatement === 'named' ? 'prepared once per connection (named)' : 'parsed and planned per request (unnamed)'}.`
        : ''),
    '',
  );
  const counts = new Map(result.statements.map((s) => [s.target, s]));
  const pages = [options.smallPageSize, options.pageSize];
  lines.push(
    `| run | conns | target | req/s | p50 ms | p99 ms | vs floor | vs PostGraphile | SQL stmts/req (page ${pages.join(' / ')}) | peak RSS MB | CPU ms/req: server / db | cores: server / db / load | failed | other CPU |`,
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const row of result.runs) {
    const count = counts.get(row.target);
    // Core-seconds per second over requests per second: CPU milliseconds per request.
    const perRequest = (cores: number) => (row.rps > 0 ? fixed((cores * 1000) / row.rps, 2) : 'n/a');
    const cells = [
      row.run,
      row.connections,
      row.label,
      fixed(row.rps, 0),
      row.p50,
      row.p99,
      row.isFloor ? '1.00' : row.ratio === undefined ? 'n/a' : fixed(row.ratio, 2),
      row.vsPostgraphile === undefined ? 'n/a' : fixed(row.vsPostgraphile, 2),
      count ? pages.map((page) => count.counts[page] ?? '?').join(' / ') : '',
      mb(row.peakRss),
      `${perRequest(row.cores.server)} / ${perRequest(row.cores.database)}`,
      [row.cores.server, row.cores.database, row.cores.loadGenerator].map((c) => c.toFixed(2)).join(' / '),
      row.failures,
      `${(row.otherCpu * 100).toFixed(0)}%${row.otherCpu > options.disturbedAbove ? ' ⚠' : ''}`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  for (const skip of result.skipped) lines.push(`| – | – | ${skip.target}: ${skip.note} | – | – | – | – | – | – | – | – | – | – | – |`);
  // Issue 8 asks for the REST twin within 10% of request 1: compare them timed side by side.
  const twins = result.runs.flatMap((rest) => {
    if (rest.target !== 'rest') return [];
    const graphql = result.runs.find((row) => row.target === 'graphql' && row.run === rest.run && row.connections === rest.connections);
    return graphql && graphql.rps > 0 ? [`run ${rest.run}, ${rest.connections} conns: ${fixed(rest.rps / graphql.rps, 2)}×`] : [];
  });
  if (twins.length) lines.push('', `REST (req 2) throughput relative to GraphQL (req 1) in the same run: ${twins.join('; ')}.`);
  const disturbed = result.runs.filter((row) => row.otherCpu > options.disturbedAbove);
  if (result.runs.some((row) => row.vsPostgraphile !== undefined)) {
    lines.push(
      '',
      '"vs PostGraphile": throughput relative to PostGraphile v5 (amber preset) on the same request, timed at the same connection count in the same run. ' +
        "PostGraphile is given the buyer's id and checks no token; the yoga peers check the token as the gateway does (one SELECT by its hash). " +
        '"CPU ms/req": CPU time of the serving process and of the bench database\'s PostgreSQL backends per successful request.',
    );
  }
  lines.push(
    '',
    `"cores": CPU used during the timed run by the serving process, the PostgreSQL backends of the bench database (PGlite runs inside the server) and the load generator (autocannon), on a ${availableParallelism()}-core machine. ` +
      `"other CPU": share of the machine's CPU used by processes other than the benchmark (its servers, autocannon, the bench database's PostgreSQL backends) during the timed run. ` +
      (disturbed.length
        ? `⚠ ${disturbed.length} run(s) above ${(options.disturbedAbove * 100).toFixed(0)}% even after ${options.retryDisturbed} retries: those numbers are disturbed by other work on the machine.`
        : `Every run stayed below ${(options.disturbedAbove * 100).toFixed(0)}%.`),
  );
  if (result.memory.length) {
    lines.push(
      '',
      'Memory of the server processes, run after run (same processes throughout):',
      '',
      '| run | process | peak RSS during run MB | RSS after run + GC MB | heap used after GC MB | peak RSS since start (VmHWM) MB |',
      '| ---: | --- | ---: | ---: | ---: | ---: |',
    );
    for (const m of result.memory) {
      lines.push(`| ${m.run} | ${m.server} | ${mb(m.peakRss)} | ${mb(m.after.rss)} | ${mb(m.after.heapUsed)} | ${mb(m.after.hwm)} |`);
    }
  }
  if (result.statements.length) {
    lines.push('', `Statements of one request (page ${options.pageSize}):`, '');
    for (const s of result.statements) {
      lines.push(`- ${s.target}: ${s.statements.length}`);
      for (const sql of s.statements) lines.push(`  - \`${sql.replace(/\s+/g, ' ').slice(0, 180)}${sql.length > 180 ? '…' : ''}\``);
    }
  }
  return lines.join('\n');
}
