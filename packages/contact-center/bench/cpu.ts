/**
 * CPU figures for the benchmarks, from Linux's /proc: a process's user + system clock ticks
 * (`/proc/<pid>/stat` fields 14 and 15) and the machine's busy ticks (`/proc/stat`), read
 * before and after a phase and given as % of one core. The load generator's own CPU comes
 * from `process.cpuUsage()`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Clock ticks per second (`getconf CLK_TCK`, normally 100). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The cores of this machine. */
export const CORES = os.cpus().length;

/** utime + stime of `pid` in clock ticks, or undefined when it is gone (or not Linux). */
export function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, so field k is at k - 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** The machine's busy and total ticks (all cores) from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - v[3]! - v[4]!, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** What to measure: a label and its process(es). */
export interface CpuTarget {
  label: string;
  pids: number[];
}

/** CPU used in one phase: by target, the load generator, and the whole machine, in % of one core. */
export interface CpuFigures {
  byTarget: { label: string; percent: number }[];
  loadGenerator: number;
  machine: number;
  /** How long the phase lasted. */
  seconds: number;
}

/** Starts measuring `targets`; the returned function ends the phase and gives the figures. */
export function measureCpu(targets: CpuTarget[]): () => CpuFigures {
  const t0 = process.hrtime.bigint();
  const usage0 = process.cpuUsage();
  const machine0 = machineTicks();
  const before = targets.map((t) => new Map(t.pids.map((pid) => [pid, processTicks(pid)])));
  return () => {
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const usage = process.cpuUsage(usage0);
    const machine1 = machineTicks();
    const byTarget = targets.map((t, i) => {
      let ticks = 0;
      for (const [pid, then] of before[i]!) {
        const now = processTicks(pid);
        if (now !== undefined && then !== undefined) ticks += now - then;
      }
      return { label: t.label, percent: (100 * ticks) / CLK_TCK / seconds };
    });
    return {
      byTarget,
      loadGenerator: (100 * (usage.user + usage.system)) / 1e6 / seconds,
      machine: (100 * CORES * (machine1.busy - machine0.busy)) / (machine1.total - machine0.total),
      seconds,
    };
  };
}

/** `cc-1 (engine) 61%, cc-2 23%, …; machine busy 180% of 200% (other work 40%)` */
export function formatCpu(figures: CpuFigures): string {
  const parts = figures.byTarget.map((t) => `${t.label} ${Math.round(t.percent)}%`);
  parts.push(`load generator ${Math.round(figures.loadGenerator)}%`);
  const ours = figures.byTarget.reduce((sum, t) => sum + t.percent, figures.loadGenerator);
  const others = Math.max(0, Math.round(figures.machine - ours));
  return `${parts.join(', ')}; machine busy ${Math.round(figures.machine)}% of ${CORES * 100}% (other work ${others}%)`;
}

/**
 * CPU milliseconds per unit of work (`count` of them in the phase) of the targets `which`
 * selects: unlike throughput, this hardly changes when other work competes for the cores.
 */
export function cpuMsPer(figures: CpuFigures, count: number, which: (label: string) => boolean = () => true): number {
  const percent = figures.byTarget.filter((t) => which(t.label)).reduce((sum, t) => sum + t.percent, 0);
  return ((percent / 100) * figures.seconds * 1000) / count;
}
