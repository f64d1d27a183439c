// `npm run bench`: the reference requests of issue 8 (a buyer's page of purchases through
// GraphQL and REST, a catalog page) against their raw-SQL floors and against peers (other
// servers on the same database and tables: PostGraphile v5, plain graphql-yoga +
// dataloader, the same with graphql-jit; bench/peers.ts), on a generated dataset.
// Prints one table per database: requests/s, p50/p99 latency, SQL statements per request,
// ratio to the floor and to PostGraphile measured in the same run, peak RSS and CPU per
// request of the serving process. See docs/benchmarks.md for how to read it, and
// `npm run bench -- --help` for the options.
//
// Order of work, per database:
//   1. build or reuse the dataset (bench/dataset.ts), make a token for the bench buyer;
//   2. start the floor server and the peers (PostgreSQL only: on PGlite the peers are
//      skipped with a note), and a gateway that counts its SQL statements; check that
//      every target answers the same rows as its request's floor (fail loudly if not);
//      count the gateway's statements per request for a small and a full page; stop that
//      gateway;
//   3. start the gateway that is timed (no statement hook), check every answer again;
//      count the floor's and the peers' statements (they count in the timed process);
//   4. for each run, each connection count, each target: warm up, then time it with
//      autocannon while sampling the serving process's RSS and every process's CPU;
//      after each run, read the servers' memory after a full GC;
//   5. stop the servers; with --profile, summarise the gateway's CPU profile over the
//      timed windows of each gateway target;
//   6. PostgreSQL: the write path on a copy of the database (bench/purchases.ts).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { buildGateway, sampleRss, startChild, type ChildServer } from './child';
import { CpuMeter, type CpuShares } from './cpu';
import {
  benchBuyerUsername,
  benchCategorySlug,
  CACHE_DIR,
  copyPgliteDataset,
  createBenchToken,
  preparePglite,
  preparePostgres,
  type DatasetInfo,
} from './dataset';
import { formatCharges, measureCharges } from './charges';
import { benchPurchases, formatPurchases } from './purchases';
import { runLoad, type LoadResult } from './load';
import { parseOptions, TARGET_NAMES, type BenchOptions, type DatabaseKind, type TargetName } from './options';
import { buildPeerTargets, isPeerRole, PEER_ROLES, PEER_SERVERS, peerIds, ratiosToPostgraphile } from './peers';
import { formatProfileSummary, summarizeProfile, type Window } from './profile';
import { formatDatabaseResult, machineInfo, type DatabaseResult, type MemoryAfterRun, type TimedRun } from './report';
import { countStatements, findProfile, floorEnv, gatewayEnv, peerEnv } from './roles';
import { buildTargets, verifyTargets, VerificationError, type Checked, type ServerRole, type Target } from './targets';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The selected targets that run on this database, and a note for each that does not. */
function targetsFor(info: DatasetInfo, all: Record<TargetName, Target>, options: BenchOptions, result: DatabaseResult): Target[] {
  const selected = options.targets.map((name) => all[name]);
  if (info.kind === 'postgres') return selected;
  const peers = selected.filter((target) => isPeerRole(target.server));
  if (peers.length)
    log(
      `${info.kind}: skipping the peers (${peers.map((t) => t.name).join(', ')}): PostGraphile and the pg-based yoga peer need a PostgreSQL server`,
    );
  for (const target of peers) result.skipped.push({ target: target.name, note: 'skipped on PGlite: the peers need a PostgreSQL server' });
  return selected.filter((target) => !isPeerRole(target.server));
}

async function benchDatabase(info: DatasetInfo, token: string, options: BenchOptions, stamp: string, gatewayScript: string): Promise<DatabaseResult> {
  const result: DatabaseResult = { dataset: info, skipped: [], statements: [], runs: [], memory: [] };
  // The benchmark's own processes, for the CPU meter: this one, the servers, and the
  // PostgreSQL backends serving the bench database. The same client finds PostGraphile's ids.
  const monitor = info.kind === 'postgres' ? new pg.Client({ connectionString: info.databaseUrl }) : undefined;
  await monitor?.connect();
  const ids = monitor ? await peerIds(monitor, benchBuyerUsername(), benchCategorySlug()) : {};
  const context = { token, category: benchCategorySlug(), ...ids };
  const all: Record<TargetName, Target> = { ...buildTargets(context), ...buildPeerTargets(context) };
  const selected = targetsFor(info, all, options, result);
  // Each request's floor is checked against even when it is not timed.
  const checkedTargets = TARGET_NAMES.map((name) => all[name]).filter((t) => selected.includes(t) || selected.some((s) => s.floor === t.name));
  const needs = (role: ServerRole) => checkedTargets.some((target) => target.server === role);
  const expectedRows = { purchases: info.counts.benchBuyerPurchases, catalog: info.counts.benchCategoryListed };
  const servers: Partial<Record<ServerRole, ChildServer>> = {};
  const urlOf = (role: ServerRole) => servers[role]!.url;
  const profileDir = options.profile ? path.join(CACHE_DIR, 'profiles', `${stamp}-${info.kind}`) : undefined;
  const windows = new Map<TargetName, Window[]>();
  let profiledPid = 0;
  /** PGlite folders copied for this run's servers, removed at the end. */
  const copies: string[] = [];
  const backends = new Set<number>();
  const meter = new CpuMeter(async () => {
    const pids = [process.pid, ...Object.values(servers).map((server) => server!.pid)];
    if (monitor) {
      const { rows } = await monitor.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      for (const row of rows) backends.add(row.pid);
      pids.push(...rows.map((row) => row.pid));
    }
    return pids;
  });
  const coresOf = (cpu: CpuShares, server: ChildServer) => ({
    server: cpu.cores.get(server.pid) ?? 0,
    database: [...cpu.cores].filter(([pid]) => backends.has(pid)).reduce((sum, [, cores]) => sum + cores, 0),
    loadGenerator: cpu.cores.get(process.pid) ?? 0,
  });
  const count = async (server: ChildServer, target: Target) =>
    result.statements.push(await countStatements(server, target, [options.smallPageSize, options.pageSize]));

  try {
    const pgliteDir = async (role: string) => {
      if (info.kind !== 'pglite') return undefined;
      const dir = await copyPgliteDataset(info, role);
      copies.push(dir);
      return dir;
    };
    if (needs('floor')) {
      servers.floor = await startChild(`floor (${info.kind})`, 'floor.ts', { env: floorEnv(info, options, await pgliteDir('floor')) });
    }
    for (const role of PEER_ROLES.filter(needs)) {
      log(`${info.kind}: starting the ${role} peer`);
      const { script, env } = PEER_SERVERS[role];
      servers[role] = await startChild(`${role} peer (${info.kind})`, script, { env: peerEnv(info, options, env) });
    }
    const gatewayDir = needs('gateway') ? await pgliteDir('gateway') : undefined;
    let checked: Map<TargetName, Checked>;
    if (needs('gateway')) {
      // A gateway that counts its statements: for the check and the counts, never timed.
      log(`${info.kind}: starting a statement-counting gateway`);
      servers.gateway = await startChild(`gateway, counting (${info.kind})`, gatewayScript, {
        env: { ...gatewayEnv(info, options, gatewayDir), BENCH_COUNT_STATEMENTS: '1' },
      });
      checked = await verifyTargets(checkedTargets, urlOf, options.pageSize, expectedRows);
      for (const target of selected) {
        if (target.server === 'gateway' && checked.get(target.name)!.available) await count(servers.gateway, target);
      }
      await servers.gateway.stop();
      delete servers.gateway;
      log(`${info.kind}: starting the gateway to time${options.profile ? ' (with --cpu-prof)' : ''}`);
      servers.gateway = await startChild(`gateway (${info.kind})`, gatewayScript, {
        env: gatewayEnv(info, options, gatewayDir),
        cpuProfDir: profileDir,
        nodeOptions: options.gatewayNodeOptions,
      });
      profiledPid = servers.gateway.pid;
    }
    // The timed servers answer as checked (again, now that all of them are up).
    checked = await verifyTargets(checkedTargets, urlOf, options.pageSize, expectedRows);
    // The floor and the peers count their own statements (cheaply) in the timed process.
    for (const target of selected) {
      if (target.server !== 'gateway' && checked.get(target.name)?.available) await count(servers[target.server]!, target);
    }
    result.statements.sort((a, b) => TARGET_NAMES.indexOf(a.target) - TARGET_NAMES.indexOf(b.target));
    for (const target of selected) {
      const c = checked.get(target.name)!;
      if (!c.available) result.skipped.push({ target: target.name, note: c.note ?? 'not available' });
    }
    const runnable = selected.filter((target) => checked.get(target.name)?.available);
    log(`${info.kind}: every target answers the same ${options.pageSize} rows (${[...checked.keys()].join(', ')})`);

    for (let run = 1; run <= options.runs; run++) {
      const peaks: Partial<Record<ServerRole, number>> = {};
      for (const connections of options.connections) {
        const floorRps = new Map<TargetName, number>();
        for (const target of runnable) {
          const server = servers[target.server]!;
          const c = checked.get(target.name)!;
          const request = target.request(options.pageSize);
          if (options.warmup > 0) await runLoad({ url: server.url, request, connections, duration: options.warmup, expectBody: c.stableBody });
          // Timed; repeated when other processes took too much of the machine meanwhile.
          let best: { load: LoadResult; peakRss: number; cpu: CpuShares } | undefined;
          let attempts = 0;
          while (attempts <= options.retryDisturbed) {
            if (attempts > 0) {
              log(`  disturbed: other processes used ${(best!.cpu.others * 100).toFixed(0)}% of the CPU; again in 5 s`);
              await sleep(5_000);
            }
            attempts++;
            const start = profileDir && target.server === 'gateway' ? await server.mark() : 0;
            await meter.begin();
            const sampler = sampleRss(server);
            const attempt = await runLoad({ url: server.url, request, connections, duration: options.duration, expectBody: c.stableBody });
            const attemptRss = sampler.stop();
            const cpu = await meter.end();
            if (profileDir && target.server === 'gateway') {
              windows.set(target.name, [...(windows.get(target.name) ?? []), { start, end: await server.mark() }]);
            }
            if (!best || cpu.others < best.cpu.others) best = { load: attempt, peakRss: attemptRss, cpu };
            if (cpu.others <= options.disturbedAbove) break;
          }
          const { load, peakRss, cpu } = best!;
          peaks[target.server] = Math.max(peaks[target.server] ?? 0, peakRss);
          if (target.server === 'floor') floorRps.set(target.name, load.rps);
          const floor = target.floor ? floorRps.get(target.floor) : undefined;
          const row: TimedRun = {
            ...load,
            run,
            target: target.name,
            label: target.label,
            peakRss,
            isFloor: target.server === 'floor',
            otherCpu: cpu.others,
            ourCpu: cpu.ours,
            cores: coresOf(cpu, server),
            attempts,
            ratio: floor ? load.rps / floor : undefined,
          };
          result.runs.push(row);
          log(
            `${info.kind} run ${run}/${options.runs} · ${connections} conns · ${target.name}: ${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms` +
              `${row.ratio !== undefined ? `, ${row.ratio.toFixed(2)}× floor` : ''}, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB` +
              `, cores ${row.cores.server.toFixed(2)}/${row.cores.database.toFixed(2)}/${row.cores.loadGenerator.toFixed(2)}` +
              `, other CPU ${(cpu.others * 100).toFixed(0)}%${load.failures ? `, ${load.failures} FAILED` : ''}`,
          );
        }
        ratiosToPostgraphile(result.runs, all, run, connections);
      }
      for (const role of Object.keys(servers) as ServerRole[]) {
        const server = servers[role];
        if (server && peaks[role] !== undefined) {
          const memory: MemoryAfterRun = { run, server: role, peakRss: peaks[role]!, after: await server.memory() };
          result.memory.push(memory);
        }
      }
    }
  } finally {
    for (const server of Object.values(servers)) await server?.stop();
    await monitor?.end();
    for (const dir of copies) await rm(dir, { recursive: true, force: true });
  }

  if (profileDir) {
    const file = await findProfile(profileDir, profiledPid);
    if (!file) {
      log(`${info.kind}: no CPU profile was written in ${profileDir}`);
    } else {
      const summaries: Array<{ title: string; text: string }> = [];
      for (const [target, targetWindows] of windows) {
        const summary = await summarizeProfile(file, targetWindows);
        summaries.push({ title: target, text: formatProfileSummary(`Gateway CPU profile while timing ${target}`, summary) });
      }
      const whole = await summarizeProfile(file, null);
      summaries.push({ title: 'whole process', text: formatProfileSummary('Gateway CPU profile, whole process life', whole) });
      result.profile = { file, summaries };
    }
  }
  return result;
}

async function prepare(kind: DatabaseKind, options: BenchOptions): Promise<DatasetInfo> {
  const started = performance.now();
  const info =
    kind === 'postgres'
      ? await preparePostgres(options.postgresUrl, options.size, { rebuild: options.rebuild, log })
      : await preparePglite(options.size, { rebuild: options.rebuild, log });
  log(
    `${kind}: dataset ${info.label} ${info.built ? `built in ${info.buildSeconds.toFixed(1)} s` : `reused (checked in ${((performance.now() - started) / 1000).toFixed(1)} s)`}: ` +
      `${info.counts.purchases} purchases, ${info.counts.items} items, ${info.counts.accounts} users, ${info.counts.categories} categories`,
  );
  return info;
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const machine = machineInfo();
  const header = [
    `# npm run bench ${process.argv.slice(2).join(' ')}`.trimEnd(),
    '',
    `Machine: ${machine.cpus}; ${machine.memory}; Node ${machine.node}; ${machine.os}. Load average at start: ${machine.loadavg}. Load generator: autocannon, in the benchmark's own process on the same machine.`,
    `Targets: ${options.targets.join(', ')} (of ${TARGET_NAMES.join(', ')}); connections ${options.connections.join(', ')}; ${options.runs} run(s); gateway rate limits 1e9 per ${options.rateWindow} s` +
      `${options.gatewayNodeOptions.length ? `; gateway node flags ${options.gatewayNodeOptions.join(' ')}` : ''}; the gateway runs its bundle (scripts/build.mjs).`,
  ];
  const sections: string[] = [];
  const results: DatabaseResult[] = [];
  if (!options.prepareOnly) {
    log('measuring budget charges (memory and the local Redis)');
    const charges = await measureCharges(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    sections.push(formatCharges(charges));
  }
  const gatewayScript = await buildGateway();
  for (const kind of options.databases) {
    const info = await prepare(kind, options);
    if (options.prepareOnly) continue;
    const token = await createBenchToken(info);
    const result = await benchDatabase(info, token, options, stamp, gatewayScript);
    results.push(result);
    sections.push(formatDatabaseResult(result, options));
    if (kind === 'postgres' && options.purchaseBuyers > 0) {
      result.purchases = await benchPurchases(info, options, log, gatewayScript);
      sections.push(formatPurchases(result.purchases));
    }
    if (result.profile) {
      sections.push(`CPU profile: ${path.relative(process.cwd(), result.profile.file)}`);
      for (const summary of result.profile.summaries) sections.push(summary.text);
    }
  }
  if (options.prepareOnly) return;
  const text = `${[...header, '', ...sections.flatMap((section) => [section, ''])].join('\n')}`;
  process.stdout.write(`\n${text}`);
  const resultsDir = path.join(CACHE_DIR, 'results');
  await mkdir(resultsDir, { recursive: true });
  const json = JSON.stringify({ argv: process.argv.slice(2), options, machine, results }, null, 2);
  await writeFile(path.join(resultsDir, `${stamp}.md`), text);
  await writeFile(path.join(resultsDir, `${stamp}.json`), json);
  if (options.out) await writeFile(options.out, json);
  log(`\nresults saved in ${path.relative(process.cwd(), resultsDir)}/${stamp}.{md,json}`);
}

try {
  await main();
} catch (error) {
  if (error instanceof VerificationError) {
    process.stderr.write(`\nBENCHMARK ABORTED: the targets do not answer the same rows.\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
