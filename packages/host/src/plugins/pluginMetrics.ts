/**
 * What each plugin costs: bundle load and init time, the time its hooks add to each action
 * (p50/p95 over a fixed window), errors, aborts, guardrail timeouts and long tasks.
 */
import type { PluginStatus } from './types';

/** The time (ms) one plugin's hooks added to the invocations of one action. */
export interface ActionCost {
  /** Invocations of the action the plugin's hooks ran in. */
  count: number;
  /** Over the latest {@link COST_WINDOW} invocations. */
  p50: number;
  p95: number;
  /** Over all of them. */
  totalMs: number;
}

/** One plugin's figures (`host.plugins.metrics()`, `state.switchboard.pluginMetrics`). */
export interface PluginMetrics {
  /** Its bundle's load, from the request to Loaded (latest load). */
  loadMs?: number;
  /** Its `init`, from Initializing to Initialized or Failed (latest activation). */
  initMs?: number;
  /** Run-time errors of its code (guardrail timeouts included). */
  errors: number;
  /** Invocations its before-listeners aborted. */
  aborts: number;
  /** Times its hooks ran past their guardrail budget. */
  timeouts: number;
  /** Synchronous runs of its hooks longer than {@link LONG_TASK_MS}. */
  longTasks: number;
  /** Invocations its hooks ran in. */
  invocations: number;
  /** By action. */
  actions: Record<string, ActionCost>;
}

/** A synchronous run of a plugin's hook longer than this (ms) is a long task (the browser's definition). */
export const LONG_TASK_MS = 50;
/** How many of the latest samples the percentiles are computed over, per plugin and action. */
export const COST_WINDOW = 256;

/** The latest {@link COST_WINDOW} samples, in a fixed array (no growth, no allocation per sample). */
class Window {
  private readonly samples = new Float64Array(COST_WINDOW);
  private next = 0;
  count = 0;
  totalMs = 0;

  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % COST_WINDOW;
    this.count++;
    this.totalMs += ms;
  }

  cost(): ActionCost {
    const sorted = this.samples.slice(0, Math.min(this.count, COST_WINDOW)).sort();
    return {
      count: this.count,
      p50: round(percentile(sorted, 0.5)),
      p95: round(percentile(sorted, 0.95)),
      totalMs: round(this.totalMs),
    };
  }
}

/** The nearest-rank percentile of sorted samples (0 when there are none). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

interface Figures {
  loadMs?: number;
  initMs?: number;
  loadStart?: number;
  initStart?: number;
  errors: number;
  aborts: number;
  timeouts: number;
  longTasks: number;
  invocations: number;
  actions: Map<string, Window>;
}

/** Collects {@link PluginMetrics}; `changed` is told (at most once until `snapshot()`) that figures moved. */
export class PluginMetricsRegistry {
  private readonly plugins = new Map<string, Figures>();
  private dirty = false;

  constructor(
    private readonly now: () => number,
    private readonly changed: () => void,
  ) {}

  private of(plugin: string): Figures {
    let f = this.plugins.get(plugin);
    if (!f) {
      f = { errors: 0, aborts: 0, timeouts: 0, longTasks: 0, invocations: 0, actions: new Map() };
      this.plugins.set(plugin, f);
    }
    if (!this.dirty) {
      this.dirty = true;
      this.changed();
    }
    return f;
  }

  /** Load and init times, from the plugin manager's status changes. */
  status(status: PluginStatus): void {
    const t = this.now();
    switch (status.state) {
      case 'NotStarted':
        if (status.enabled || this.plugins.has(status.id)) this.of(status.id).loadStart = t;
        break;
      case 'Loaded': {
        const f = this.of(status.id);
        if (f.loadStart !== undefined) f.loadMs = round(t - f.loadStart);
        f.loadStart = undefined;
        break;
      }
      case 'Initializing':
        this.of(status.id).initStart = t;
        break;
      default: {
        const f = this.plugins.get(status.id);
        if (f?.initStart !== undefined) {
          this.of(status.id).initMs = round(t - f.initStart);
          f.initStart = undefined;
        }
      }
    }
  }

  error(plugin: string): void {
    this.of(plugin).errors++;
  }

  abort(plugin: string): void {
    this.of(plugin).aborts++;
  }

  timeout(plugin: string): void {
    this.of(plugin).timeouts++;
  }

  longTask(plugin: string): void {
    this.of(plugin).longTasks++;
  }

  /** The time (ms) a plugin's hooks added to one invocation of `action`. */
  sample(plugin: string, action: string, ms: number): void {
    const f = this.of(plugin);
    f.invocations++;
    let w = f.actions.get(action);
    if (!w) f.actions.set(action, (w = new Window()));
    w.add(ms);
  }

  /** A plugin left the host for good. */
  forget(plugin: string): void {
    if (this.plugins.delete(plugin) && !this.dirty) {
      this.dirty = true;
      this.changed();
    }
  }

  /** Every plugin's figures, as plain data. */
  snapshot(): Record<string, PluginMetrics> {
    this.dirty = false;
    const out: Record<string, PluginMetrics> = {};
    for (const [plugin, f] of this.plugins) {
      const actions: Record<string, ActionCost> = {};
      for (const [action, w] of f.actions) actions[action] = w.cost();
      out[plugin] = {
        ...(f.loadMs === undefined ? {} : { loadMs: f.loadMs }),
        ...(f.initMs === undefined ? {} : { initMs: f.initMs }),
        errors: f.errors,
        aborts: f.aborts,
        timeouts: f.timeouts,
        longTasks: f.longTasks,
        invocations: f.invocations,
        actions,
      };
    }
    return out;
  }
}
