/**
 * What a desktop tells the registry about the release's plugins (a `HealthReport`): each
 * plugin's state and failure from `host.plugins.list()`, and since the last report its run-time
 * errors, the invocations its listeners aborted, its guardrail timeouts and the invocations of
 * the actions it hooks — the last from `host.plugins.metrics()` when the host measures (older
 * hosts do not: the figure is then 0, the rest still counts).
 */
import type { Disposable } from '@switchboard/actions';
import type { Host, PluginStatus } from '@switchboard/host';
import type { HealthReport } from '@switchboard/contact-center';

/** The figures of `host.plugins.metrics()` the report uses (the host's `PluginMetrics` has more). */
export interface PluginMetricsFigures {
  /** Invocations its hooks ran in (since it was first loaded). */
  invocations?: number;
  actions?: Record<string, { count: number; p50: number; p95: number }>;
}

type MetricsSource = { metrics?: () => Record<string, PluginMetricsFigures | undefined> };
type Counters = { errors: number; aborts: number; timeouts: number };
type ReportedPlugin = HealthReport['plugins'][number];

/** The key of the total in the last counts (not an action name: those are PascalCase words). */
const TOTAL = ' total';
const zero = (): Counters => ({ errors: 0, aborts: 0, timeouts: 0 });

/**
 * Counts per plugin between reports. `take()` builds the report of the named plugins and
 * starts the next period; `changed` says whether it is worth sending.
 *
 * @example
 * const health = new HealthCollector(host);
 * const { report, changed } = health.take('PR…', new Set(['crm-sync']));
 * if (changed) await registry.reportHealth(report);
 */
export class HealthCollector implements Disposable {
  readonly #host: Host;
  readonly #counters = new Map<string, Counters>();
  /** Action counts at the last report, per plugin and action (metrics are cumulative). */
  readonly #lastCounts = new Map<string, Record<string, number>>();
  #lastStates = '';
  readonly #subscriptions: Disposable[];

  constructor(host: Host) {
    this.#host = host;
    const bump = (plugin: string | undefined, key: keyof Counters) => {
      if (!plugin) return;
      const c = this.#counters.get(plugin) ?? zero();
      c[key] += 1;
      this.#counters.set(plugin, c);
    };
    const events = host.events as unknown as {
      on(event: string, listener: (report: { plugin?: string }) => void): Disposable;
    };
    this.#subscriptions = [
      host.events.on('pluginError', (e) => bump(e.plugin, 'errors')),
      host.actions.addListener('invocationEnd', (_invocation, outcome) => {
        if (outcome.status === 'aborted') bump(outcome.error.owner, 'aborts');
      }),
      // Hosts with guardrails emit it; on others the listener is never called.
      events.on('guardrailTripped', (e) => bump(e.plugin, 'timeouts')),
    ];
  }

  /** The report of `names` (the release's plugins) for this period; the counters start again. */
  take(releaseSid: string, names: ReadonlySet<string>): { report: HealthReport; changed: boolean } {
    const plugins = this.#host.plugins as unknown as MetricsSource;
    const metrics = typeof plugins.metrics === 'function' ? plugins.metrics.call(this.#host.plugins) : {};
    const statuses = this.#host.plugins.list().filter((s) => names.has(s.name) && s.id === s.name);
    const report: HealthReport = { releaseSid, plugins: statuses.map((s) => this.#plugin(s, metrics[s.name])) };
    const states = JSON.stringify([releaseSid, statuses.map((s) => [s.name, s.version, s.state, s.error?.code])]);
    const changed =
      states !== this.#lastStates || report.plugins.some((p) => p.errors + p.aborts + p.timeouts + p.invocations > 0);
    this.#lastStates = states;
    return { report, changed };
  }

  #plugin(status: PluginStatus, metrics: PluginMetricsFigures | undefined): ReportedPlugin {
    const counters = this.#counters.get(status.name) ?? zero();
    this.#counters.delete(status.name);
    const last = this.#lastCounts.get(status.name) ?? {};
    const now: Record<string, number> = {};
    let invocations = 0;
    const actions: NonNullable<ReportedPlugin['actions']> = {};
    for (const [action, figures] of Object.entries(metrics?.actions ?? {})) {
      now[action] = figures.count;
      const count = Math.max(0, figures.count - (last[action] ?? 0));
      invocations += count;
      if (count > 0) actions[action] = { p50: figures.p50, p95: figures.p95, count };
    }
    // The host's own total, when it keeps one (one invocation may run several of its hooks).
    if (metrics?.invocations !== undefined) {
      now[TOTAL] = metrics.invocations;
      invocations = Math.max(0, metrics.invocations - (last[TOTAL] ?? 0));
    }
    this.#lastCounts.set(status.name, now);
    return {
      name: status.name,
      version: status.version ?? '0.0.0',
      state: status.state,
      ...(status.error ? { failure: { code: status.error.code, message: status.error.message } } : {}),
      ...counters,
      invocations,
      ...(Object.keys(actions).length ? { actions } : {}),
    };
  }

  dispose(): void {
    for (const s of this.#subscriptions.splice(0)) s.dispose();
  }
}
