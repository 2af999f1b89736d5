/**
 * Provenance of invocations: which plugin aborted each one (and why), replaced it, changed its
 * payload, or ran past its budget. The host's lifecycle listeners open and close the records;
 * the plugins' guarded hooks ({@link guardActions}) fill them in.
 */
import type { ActionAbortedError, Invocation, InvocationOutcome } from '@switchboard/actions';
import type { GuardedPhase } from './guardrails';

/** Who aborted an invocation. */
export interface AbortedBy {
  /** The owner of the before-listener that called `abort` (a plugin's name, or `host`). */
  plugin: string;
  /** What it gave `abort(reason)`, if anything. */
  reason?: string;
}

/** One invocation, as `host.invocations.recent()` and `state.switchboard.invocations` show it. */
export interface InvocationRecord {
  /** The Actions instance's invocation id. */
  id: number;
  action: string;
  status: 'pending' | InvocationOutcome['status'];
  abortedBy?: AbortedBy;
  /** Plugins whose replacement ran, newest replacement first. */
  replacedBy: string[];
  /** Plugins that changed top-level keys of the payload, in the order they did. */
  payloadChangedBy: Array<{ plugin: string; keys: string[] }>;
  /** Plugins whose hook ran past its budget. */
  timedOut: Array<{ plugin: string; phase: GuardedPhase }>;
  /** Epoch ms. */
  startedAt: number;
  durationMs: number;
}

/** How many records the log keeps. */
export const INVOCATION_LOG_SIZE = 50;
/**
 * Plugins' hooks are timed in the first {@link TIMED_FIRST} invocations, then in one of every
 * `TIMED_EVERY`: a clock read costs about as much as a listener call, and percentiles over a
 * sample are as good. Counts, provenance and guardrails cover every invocation.
 */
export const TIMED_EVERY = 16;
export const TIMED_FIRST = 256;

/** The running state of an invocation: what the hooks fill in (arrays made on first use). */
export interface LiveInvocation {
  readonly id: number;
  readonly action: string;
  readonly payload: unknown;
  /** `performance.now()` at its start. */
  readonly t0: number;
  status: InvocationRecord['status'];
  /** Whether its hooks are timed (see {@link TIMED_EVERY}). */
  readonly timed: boolean;
  replacedBy: string[] | undefined;
  payloadChangedBy: InvocationRecord['payloadChangedBy'] | undefined;
  timedOut: InvocationRecord['timedOut'] | undefined;
  /** The payload's top-level keys and values as last seen, `[k0, v0, k1, v1, …]` (objects only). */
  seen: unknown[] | undefined;
  /** ms from its start to its end. */
  durationMs: number;
  abortedBy: AbortedBy | undefined;
  /** Its public record, made once it ended and someone asked. */
  shown: InvocationRecord | undefined;
  /** ms per plugin, summed over its hooks (parallel arrays: a few plugins, no Map per invocation). */
  costPlugins: string[] | undefined;
  costMs: number[] | undefined;
  /** The reason each plugin gave `abort`. */
  reasons: Map<string, string | undefined> | undefined;
  /** Called when it ends (undoes what a guardrail set up for it). */
  onEnd: (() => void) | undefined;
}

const NONE: never[] = Object.freeze([]) as unknown as never[];

const hasOwn = Object.prototype.hasOwnProperty;

/** Copies what `payload` has at the top level into `rec` (one array). */
function snapshot(rec: LiveInvocation, payload: unknown): void {
  if (payload === null || typeof payload !== 'object') return;
  const seen: unknown[] = [];
  const p = payload as Record<string, unknown>;
  for (const k in p) if (hasOwn.call(p, k)) seen.push(k, p[k]);
  rec.seen = seen;
}

/**
 * The top-level keys of `payload` that differ from the snapshot in `rec` (added, removed or
 * with another value); `undefined` when none. Allocates nothing when nothing changed.
 */
export function changedKeys(rec: LiveInvocation, payload: unknown): string[] | undefined {
  const seen = rec.seen;
  if (seen === undefined || payload === null || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  let changed: string[] | undefined;
  let n = 0;
  for (const k in p) {
    if (!hasOwn.call(p, k)) continue;
    const i = seen[n] === k ? n : seen.indexOf(k);
    n += 2;
    if (i < 0 || i % 2 || !Object.is(seen[i + 1], p[k])) (changed ??= []).push(k);
  }
  if (n !== seen.length || changed)
    for (let i = 0; i < seen.length; i += 2) if (!((seen[i] as string) in p)) (changed ??= []).push(seen[i] as string);
  return changed;
}

/** Epoch ms of a `performance.now()` reading. */
const epoch: (t: number) => number =
  typeof performance !== 'undefined' && typeof performance.timeOrigin === 'number'
    ? (t) => Math.round(performance.timeOrigin + t)
    : () => Date.now();

/** The provenance log: open records by invocation, and the latest {@link INVOCATION_LOG_SIZE} closed ones. */
export class InvocationLog {
  private readonly live = new Map<number, LiveInvocation>();
  private readonly ring: LiveInvocation[] = [];
  private seq = 0;
  /** The invocation whose before-listeners are running now (set at `invocationBegin`). */
  current: LiveInvocation | undefined;

  constructor(
    private readonly now: () => number,
    /** A record closed (with the plugins' cost in it). */
    private readonly closed: (rec: LiveInvocation) => void,
  ) {}

  begin(inv: Invocation): void {
    const rec: LiveInvocation = {
      id: inv.id,
      action: inv.action,
      payload: inv.payload,
      t0: this.now(),
      status: 'pending',
      timed: ++this.seq <= TIMED_FIRST || this.seq % TIMED_EVERY === 0,
      replacedBy: undefined,
      payloadChangedBy: undefined,
      timedOut: undefined,
      seen: undefined,
      durationMs: 0,
      abortedBy: undefined,
      shown: undefined,
      costPlugins: undefined,
      costMs: undefined,
      reasons: undefined,
      onEnd: undefined,
    };
    snapshot(rec, inv.payload);
    this.live.set(inv.id, rec);
    this.current = rec;
  }

  /**
   * The running invocation of `action` a hook was called for: the current one when it matches,
   * else the one with this very payload, else the latest of the action (a replacement may get a
   * payload an earlier one made).
   */
  find(action: string, payload: unknown): LiveInvocation | undefined {
    const c = this.current;
    if (c !== undefined && c.action === action && c.payload === payload) return c;
    let latest: LiveInvocation | undefined;
    for (const rec of this.live.values()) {
      if (rec.action !== action) continue;
      if (rec.payload === payload) return rec;
      latest = rec;
    }
    return latest;
  }

  /** Adds ms to a plugin's cost in `rec`. */
  cost(rec: LiveInvocation, plugin: string, ms: number): void {
    const plugins = rec.costPlugins;
    if (plugins === undefined) {
      rec.costPlugins = [plugin];
      rec.costMs = [ms];
      return;
    }
    const i = plugins.indexOf(plugin);
    if (i < 0) {
      plugins.push(plugin);
      rec.costMs!.push(ms);
    } else rec.costMs![i]! += ms;
  }

  /** Notes the plugin changed the payload since the last look, if it did. */
  compare(rec: LiveInvocation, plugin: string, payload: unknown): void {
    const keys = changedKeys(rec, payload);
    if (!keys) return;
    (rec.payloadChangedBy ??= []).push({ plugin, keys });
    snapshot(rec, payload);
  }

  /** Notes the plugin's replacement ran. */
  replaced(rec: LiveInvocation, plugin: string): void {
    (rec.replacedBy ??= []).push(plugin);
  }

  /** Notes the plugin's hook ran past its budget. */
  timeout(rec: LiveInvocation, plugin: string, phase: GuardedPhase): void {
    (rec.timedOut ??= []).push({ plugin, phase });
  }

  end(inv: Invocation, outcome: InvocationOutcome): void {
    const rec = this.live.get(inv.id);
    if (rec === undefined) return;
    this.live.delete(inv.id);
    if (this.current === rec) this.current = undefined;
    rec.status = outcome.status;
    rec.durationMs = this.now() - rec.t0;
    rec.onEnd?.();
    if (outcome.status === 'aborted') {
      const error = outcome.error as ActionAbortedError & { abortedBy?: AbortedBy };
      const plugin = error.owner ?? '(unscoped)';
      const reason = rec.reasons?.get(plugin);
      rec.abortedBy = reason === undefined ? { plugin } : { plugin, reason };
      // The caller's rejection says who stopped it and why (the core's error knows only the owner).
      error.abortedBy = rec.abortedBy;
    }
    this.ring.push(rec);
    if (this.ring.length > INVOCATION_LOG_SIZE) this.ring.shift();
    this.closed(rec);
  }

  /** The latest closed invocations, oldest first. */
  recent(): InvocationRecord[] {
    return this.ring.map((rec) => (rec.shown ??= this.record(rec)));
  }

  /** The running ones. */
  pending(): InvocationRecord[] {
    return [...this.live.values()].map((rec) => this.record(rec));
  }

  private record(rec: LiveInvocation): InvocationRecord {
    const durationMs = rec.status === 'pending' ? this.now() - rec.t0 : rec.durationMs;
    return {
      id: rec.id,
      action: rec.action,
      status: rec.status,
      ...(rec.abortedBy ? { abortedBy: rec.abortedBy } : {}),
      replacedBy: rec.replacedBy ?? NONE,
      payloadChangedBy: rec.payloadChangedBy ?? NONE,
      timedOut: rec.timedOut ?? NONE,
      startedAt: epoch(rec.t0),
      durationMs: Math.round(durationMs * 1000) / 1000,
    };
  }
}
