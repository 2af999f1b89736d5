/**
 * The host's side of guardrails, provenance and per-plugin cost: the shared runtime the
 * plugins' guarded actions APIs use ({@link guardActions}), the invocation log fed by the
 * Actions instance's lifecycle events, the metrics, and their throttled mirror in the store.
 */
import type { ActionsApi, Disposable } from '@switchboard/actions';
import type { GuardRuntime } from './guardedActions';
import { actionTimedOut, resolveGuardrails, Watchdog, type GuardrailOptions, type GuardrailTrip } from './guardrails';
import { InvocationLog, type InvocationRecord } from './invocationLog';
import { PluginMetricsRegistry, type PluginMetrics } from './pluginMetrics';
import type { PluginStatus } from './types';

/** `host.invocations`: the provenance of the latest invocations. */
export interface HostInvocations {
  /**
   * The latest 50 invocations that plugins hooked and that ended, oldest first: who aborted (and
   * why), replaced, changed the payload of, or ran past its budget in each. Empty with
   * `createHost({ metrics: false })`.
   *
   * @example
   * const last = host.invocations.recent().at(-1);
   * if (last?.abortedBy) console.log(`stopped by ${last.abortedBy.plugin}: ${last.abortedBy.reason}`);
   */
  recent(): InvocationRecord[];
}

/** What the store mirrors (`state.switchboard.invocations`, `.pluginMetrics`). */
export interface GuardFigures {
  invocations: InvocationRecord[];
  pluginMetrics: Record<string, PluginMetrics>;
}

/** Options of {@link createActionGuard}. */
export interface ActionGuardOptions {
  actions: ActionsApi;
  /** `false`: no wrappers, no listeners, nothing measured (and no guardrails). */
  metrics: boolean;
  guardrails?: GuardrailOptions;
  /** A plugin's hook ran past its budget (already counted and recorded). */
  onTrip(trip: GuardrailTrip, error: Error): void;
  /** The figures changed: called at most once per `mirrorMs`. */
  mirror(figures: GuardFigures): void;
  /** Default 1000. */
  mirrorMs?: number;
}

/** The host's guard (see the file comment). */
export interface ActionGuard {
  /** What `guardActions` wraps plugins' hooks with; undefined when metrics are off. */
  readonly runtime: GuardRuntime | undefined;
  /** The host's Actions API: the instance, whose invocations reject with ACTION_TIMED_OUT under the `fail` policy. */
  readonly actions: ActionsApi;
  readonly invocations: HostInvocations;
  metrics(): Record<string, PluginMetrics>;
  /** A plugin's status changed (load and init times). */
  status(status: PluginStatus): void;
  /** A plugin's code failed at run time. */
  error(plugin: string): void;
  /** A plugin left the host for good. */
  forget(plugin: string): void;
  dispose(): void;
}

const now: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? () => performance.now()
    : () => Date.now();

/** Creates the host's {@link ActionGuard}. */
export function createActionGuard(options: ActionGuardOptions): ActionGuard {
  const guardrails = resolveGuardrails(options.guardrails);
  const { actions } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const flush = () => {
    timer = undefined;
    if (!disposed) options.mirror({ invocations: log.recent(), pluginMetrics: metrics.snapshot() });
  };
  const changed = () => {
    if (timer !== undefined || disposed) return;
    timer = setTimeout(flush, options.mirrorMs ?? 1000);
    (timer as { unref?: () => void }).unref?.();
  };
  const metrics = new PluginMetricsRegistry(now, changed);
  const log = new InvocationLog(now, (rec) => {
    const plugins = rec.costPlugins;
    if (plugins !== undefined)
      for (let i = 0; i < plugins.length; i++) metrics.sample(plugins[i]!, rec.action, rec.costMs![i]!);
    // Only plugins' aborts go through a guarded abort (which records a reason, maybe undefined).
    if (rec.abortedBy && rec.reasons?.has(rec.abortedBy.plugin)) metrics.abort(rec.abortedBy.plugin);
    changed();
  });
  const invocations: HostInvocations = { recent: () => log.recent() };

  if (!options.metrics) {
    return {
      runtime: undefined,
      actions,
      invocations: { recent: () => [] },
      metrics: () => ({}),
      status() {},
      error() {},
      forget() {},
      dispose() {},
    };
  }

  const watchdog = new Watchdog(Math.max(5, Math.min(250, guardrails.budgetMs / 8)));
  const runtime: GuardRuntime = {
    log,
    metrics,
    guardrails,
    watchdog,
    now,
    tripped(trip, rec) {
      if (rec?.status === 'pending') log.timeout(rec, trip.plugin, trip.phase);
      metrics.timeout(trip.plugin);
      metrics.error(trip.plugin);
      options.onTrip(trip, actionTimedOut(trip));
    },
    fail(rec, error) {
      if (rec.status !== 'pending' || rec.onEnd) return;
      // The newest replacement runs first: for this invocation only, it fails in place of the
      // chain and the body (abort() would reject with ACTION_ABORTED); gone when it ends.
      const registration = actions.replaceAction(rec.action, function guardrailTimedOut(payload, _original, next) {
        if (payload === rec.payload && rec.status === 'pending') throw error;
        return next(payload);
      });
      rec.onEnd = () => registration.dispose();
    },
  };
  const registrations: Disposable[] = [actions.addListener('invocationEnd', (inv, outcome) => log.end(inv, outcome))];
  return {
    runtime,
    actions,
    invocations,
    metrics: () => metrics.snapshot(),
    status: (status) => metrics.status(status),
    error: (plugin) => metrics.error(plugin),
    forget: (plugin) => metrics.forget(plugin),
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      watchdog.dispose();
      for (const r of registrations) r.dispose();
    },
  };
}
