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

/** A record while its invocation runs: the public fields and what the hooks need. */
export interface LiveInvocation extends InvocationRecord {
  readonly payload: unknown;
  readonly t0: number;
  /** The payload's top-level keys and values as last seen (objects only). */
  keys: string[] | undefined;
  values: unknown[] | undefined;
  /** ms per plugin, summed over its hooks. */
  cost: Map<string, number> | undefined;
  /** The reason each plugin gave `abort`. */
  reasons: Map<string, string | undefined> | undefined;
  /** The error the caller gets instead of the abort (the `fail` policy of a before-listener past its budget). */
  failWith: Error | undefined;
}

/** Copies what `payload` has at the top level into `rec`. */
function snapshot(rec: LiveInvocation, payload: unknown): void {
  if (payload === null || typeof payload !== 'object') return;
  const keys = Object.keys(payload);
  rec.keys = keys;
  rec.values = keys.map((k) => (payload as Record<string, unknown>)[k]);
}

/**
 * The top-level keys of `payload` that differ from the snapshot in `rec` (added, removed or
 * with another value); `undefined` when none. Allocates nothing when nothing changed.
 */
export function changedKeys(rec: LiveInvocation, payload: unknown): string[] | undefined {
  const keys = rec.keys;
  if (!keys || payload === null || typeof payload !== 'object') return undefined;
  const values = rec.values!;
  const p = payload as Record<string, unknown>;
  let changed: string[] | undefined;
  let n = 0;
  for (const k in p) {
    if (!Object.prototype.hasOwnProperty.call(p, k)) continue;
    const i = keys[n] === k ? n : keys.indexOf(k);
    n++;
    if (i < 0 || !Object.is(values[i], p[k])) (changed ??= []).push(k);
  }
  if (n !== keys.length || changed) for (const k of keys) if (!(k in p)) (changed ??= []).push(k);
  return changed;
}

/** The provenance log: open records by invocation, and the latest {@link INVOCATION_LOG_SIZE} closed ones. */
export class InvocationLog {
  private readonly live = new Map<number, LiveInvocation>();
  private readonly ring: InvocationRecord[] = [];
  /** Abort errors of invocations the `fail` policy failed, and what their callers get instead. */
  private readonly timedOut = new WeakMap<object, Error>();
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
      status: 'pending',
      replacedBy: [],
      payloadChangedBy: [],
      timedOut: [],
      startedAt: Date.now(),
      durationMs: 0,
      payload: inv.payload,
      t0: this.now(),
      keys: undefined,
      values: undefined,
      cost: undefined,
      reasons: undefined,
      failWith: undefined,
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
    if (c && c.action === action && c.payload === payload) return c;
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
    const cost = (rec.cost ??= new Map());
    cost.set(plugin, (cost.get(plugin) ?? 0) + ms);
  }

  /** Notes the plugin changed the payload since the last look, if it did. */
  compare(rec: LiveInvocation, plugin: string, payload: unknown): void {
    const keys = changedKeys(rec, payload);
    if (!keys) return;
    rec.payloadChangedBy.push({ plugin, keys });
    snapshot(rec, payload);
  }

  end(inv: Invocation, outcome: InvocationOutcome): void {
    const rec = this.live.get(inv.id);
    if (!rec) return;
    this.live.delete(inv.id);
    if (this.current === rec) this.current = undefined;
    rec.status = outcome.status;
    rec.durationMs = Math.round((this.now() - rec.t0) * 1000) / 1000;
    if (outcome.status === 'aborted' && rec.failWith) {
      // The `fail` policy: a before-listener past its budget aborted it; the caller gets ACTION_TIMED_OUT.
      rec.status = 'failed';
      this.timedOut.set(outcome.error, rec.failWith);
    } else if (outcome.status === 'aborted') {
      const error = outcome.error as ActionAbortedError & { abortedBy?: AbortedBy };
      const plugin = error.owner ?? '(unscoped)';
      const reason = rec.reasons?.get(plugin);
      rec.abortedBy = reason === undefined ? { plugin } : { plugin, reason };
      // The caller's rejection says who stopped it and why (the core's error knows only the owner).
      error.abortedBy = rec.abortedBy;
    }
    const { payload: _p, t0: _t, keys: _k, values: _v, cost: _c, reasons: _r, failWith: _f, ...shown } = rec;
    this.ring.push(shown);
    if (this.ring.length > INVOCATION_LOG_SIZE) this.ring.shift();
    this.closed(rec);
  }

  /** What the caller of an invocation that rejected with `error` gets. */
  translate(error: unknown): unknown {
    return (Object(error) === error && this.timedOut.get(error as object)) || error;
  }

  /** The latest closed invocations, oldest first. */
  recent(): InvocationRecord[] {
    return this.ring.slice();
  }

  /** The running ones. */
  pending(): InvocationRecord[] {
    return [...this.live.values()].map(
      ({ payload: _p, t0: _t, keys: _k, values: _v, cost: _c, reasons: _r, failWith: _f, ...shown }) => ({
        ...shown,
      }),
    );
  }
}
