// Summarises a V8 CPU profile (.cpuprofile, from node --cpu-prof) over chosen time
// windows: self time by function and by package, and inclusive time by function, as
// plain-text tables. Windows are in the profile's clock (µs, CLOCK_MONOTONIC), which is
// the clock of process.hrtime in the profiled process (see servers/control.ts, /__bench/mark).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Window {
  start: number;
  end: number;
}

export interface ProfileSummary {
  /** Sampled time inside the windows, ms. */
  totalMs: number;
  samples: number;
  selfByFunction: Array<{ name: string; where: string; ms: number; share: number }>;
  selfByPackage: Array<{ name: string; ms: number; share: number }>;
  totalByFunction: Array<{ name: string; where: string; ms: number; share: number }>;
}

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** "graphql", "@prisma/client-engine-runtime", "node:internal", "src", "(garbage collector)"... */
export function packageOf(frame: CallFrame): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const url = frame.url.replace(/^file:\/\//, '');
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.startsWith('node:')) return 'node: (runtime)';
  if (url.includes('/src/generated/')) return 'src/generated (Prisma client)';
  if (url.startsWith(projectRoot)) return path.relative(projectRoot, url).split('/').slice(0, 2).join('/');
  return url;
}

function whereOf(frame: CallFrame): string {
  if (!frame.url) return '';
  const url = frame.url.replace(/^file:\/\//, '');
  const short = url.includes('node_modules/')
    ? url.slice(url.lastIndexOf('node_modules/') + 'node_modules/'.length)
    : path.relative(projectRoot, url) || url;
  return `${short}:${frame.lineNumber + 1}`;
}

export async function summarizeProfile(file: string, windows: Window[] | null, top = 25): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, { name: string; where: string; us: number }>();
  const packages = new Map<string, number>();
  const inclusive = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  let samples = 0;
  // WebAssembly frames carry no package: charge them to the nearest JavaScript caller's
  // (PGlite's PostgreSQL, Prisma's query compiler...).
  const packageCache = new Map<number, string>();
  const packageOfNode = (id: number): string => {
    const cached = packageCache.get(id);
    if (cached !== undefined) return cached;
    const frame = byId.get(id)!.callFrame;
    let pkg = packageOf(frame);
    if (
      frame.url.startsWith('wasm:') ||
      frame.functionName.startsWith('wasm-') ||
      frame.functionName.startsWith('js-to-wasm') ||
      frame.functionName === 'GenericJSToWasmWrapper'
    ) {
      let caller = parent.get(id);
      while (caller !== undefined) {
        const f = byId.get(caller)!.callFrame;
        if (f.url && !f.url.startsWith('wasm:')) break;
        caller = parent.get(caller);
      }
      pkg = caller === undefined ? 'wasm (unknown caller)' : `${packageOf(byId.get(caller)!.callFrame)} (wasm)`;
    }
    packageCache.set(id, pkg);
    return pkg;
  };
  const libraryFrame = (id: number) => {
    const pkg = packageOfNode(id);
    return !pkg.startsWith('(') && !pkg.startsWith('node:') && !pkg.startsWith('wasm') && !pkg.endsWith('(wasm)');
  };
  let time = profile.startTime;
  const inWindow = (t: number) => windows === null || windows.some((w) => t >= w.start && t <= w.end);

  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    // A sample stands for the interval up to the next one.
    const weight = profile.timeDeltas[i + 1] ?? 0;
    if (!inWindow(time) || weight <= 0) continue;
    const node = byId.get(profile.samples[i]!)!;
    const frame = node.callFrame;
    total += weight;
    samples++;
    const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}`;
    const entry = self.get(key) ?? { name: frame.functionName || '(anonymous)', where: whereOf(frame), us: 0 };
    entry.us += weight;
    self.set(key, entry);
    const pkg = packageOfNode(node.id);
    packages.set(pkg, (packages.get(pkg) ?? 0) + weight);
    // Inclusive: every distinct library or project function on the stack (recursion
    // counted once; runtime frames such as processTicksAndRejections left out).
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      const k = `${f.functionName}|${f.url}|${f.lineNumber}`;
      if (seen.has(k) || !libraryFrame(id)) continue;
      seen.add(k);
      const e = inclusive.get(k) ?? { name: f.functionName || '(anonymous)', where: whereOf(f), us: 0 };
      e.us += weight;
      inclusive.set(k, e);
    }
  }
  const share = (us: number) => (total ? us / total : 0);
  const rows = (map: Map<string, { name: string; where: string; us: number }>) =>
    [...map.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, ms: e.us / 1000, share: share(e.us) }));
  return {
    totalMs: total / 1000,
    samples,
    selfByFunction: rows(self),
    selfByPackage: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: share(us) })),
    totalByFunction: rows(inclusive),
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

export function formatProfileSummary(title: string, summary: ProfileSummary, top = 20): string {
  const lines = [`${title}: ${summary.totalMs.toFixed(0)} ms sampled (${summary.samples} samples)`, ''];
  lines.push('Self time by package:', '', '| package | self | share |', '| --- | ---: | ---: |');
  for (const row of summary.selfByPackage.slice(0, 15)) lines.push(`| ${row.name} | ${row.ms.toFixed(0)} ms | ${pct(row.share)} |`);
  lines.push('', 'Top functions by self time:', '', '| function | where | self | share |', '| --- | --- | ---: | ---: |');
  for (const row of summary.selfByFunction.slice(0, top)) lines.push(`| ${row.name} | ${row.where} | ${row.ms.toFixed(0)} ms | ${pct(row.share)} |`);
  lines.push(
    '',
    'Top library/project functions by total (inclusive) time:',
    '',
    '| function | where | total | share |',
    '| --- | --- | ---: | ---: |',
  );
  for (const row of summary.totalByFunction.slice(0, top)) lines.push(`| ${row.name} | ${row.where} | ${row.ms.toFixed(0)} ms | ${pct(row.share)} |`);
  return lines.join('\n');
}
