// How much of the machine the benchmark had to itself during a timed run. The machine is
// shared (other people's test suites run on it), and a run disturbed by them says little.
// Ticks from /proc/stat (whole machine) are compared with the ticks of the benchmark's
// own processes: this process (autocannon), the servers, and the PostgreSQL backends
// connected to the bench database. What is left is "other" CPU: someone else's.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Busy ticks that belong to processes (user, system) or to other machines (steal), and
 * all ticks. Interrupt and softirq time is left out of "busy": no process is charged for
 * it, and here it is mostly the benchmark's own loopback traffic (several % at floor rates).
 */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = user! + nice! + system! + (steal ?? 0);
  return { busy, total: busy + idle! + (iowait ?? 0) + (irq ?? 0) + (softirq ?? 0) };
}

/** utime + stime of a process (all its threads), in clock ticks; null when it is gone. */
function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return null;
  }
}

export interface CpuShares {
  /** Share of the machine's CPU time used by the benchmark's processes (0..1). */
  ours: number;
  /** Share used by everything else (0..1); high means the run was disturbed. */
  others: number;
  /** CPU used by each of the benchmark's processes, in cores (1 = one core busy the whole run). */
  cores: Map<number, number>;
}

export class CpuMeter {
  private machine = machineTicks();
  private start = new Map<number, number>();

  constructor(private readonly pids: () => Promise<number[]>) {}

  async begin(): Promise<void> {
    this.start.clear();
    for (const pid of await this.pids()) {
      const ticks = processTicks(pid);
      if (ticks !== null) this.start.set(pid, ticks);
    }
    this.machine = machineTicks();
  }

  async end(): Promise<CpuShares> {
    const machine = machineTicks();
    let ours = 0;
    const perPid = new Map<number, number>();
    const pids = new Set([...this.start.keys(), ...(await this.pids())]);
    for (const pid of pids) {
      const now = processTicks(pid);
      // A process that appeared during the window (a new pool connection) counts whole.
      if (now !== null) {
        perPid.set(pid, now - (this.start.get(pid) ?? 0));
        ours += now - (this.start.get(pid) ?? 0);
      }
    }
    const total = machine.total - this.machine.total;
    const busy = machine.busy - this.machine.busy;
    if (total <= 0) return { ours: 0, others: 0, cores: new Map() };
    const cpus = availableParallelism();
    const cores = new Map([...perPid].map(([pid, ticks]) => [pid, (ticks / total) * cpus]));
    return { ours: Math.min(1, ours / total), others: Math.max(0, (busy - ours) / total), cores };
  }
}
