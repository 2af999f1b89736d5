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
  /** The invocation's id, known when it ends. */
  id: number;
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

/**
 * The provenance log: a record per invocation that plugins' hooks ran in, opened by the first
 * hook that sees it (an invocation no plugin hooks costs nothing), closed at `invocationEnd`;
 * the latest {@link INVOCATION_LOG_SIZE} closed ones are kept.
 */
export class InvocationLog {
  /** The open records (a few at a time: invocations run one or two at once). */
  private readonly live: LiveInvocation[] = [];
  /** The latest closed ones: a circular buffer, `next` the oldest once full. */
  private readonly ring: LiveInvocation[] = [];
  private next = 0;
  private seq = 0;

  constructor(
    private readonly now: () => number,
    /** A record closed (with the plugins' cost in it). */
    private readonly closed: (rec: LiveInvocation) => void,
  ) {}

  /**
   * The record of the running invocation of `action` whose payload is `payload` (what before-
   * and after-listeners get: the invocation's own payload), opened if none is.
   */
  open(action: string, payload: unknown): LiveInvocation {
    const live = this.live;
    for (let i = live.length - 1; i >= 0; i--) {
      const rec = live[i]!;
      if (rec.payload === payload && rec.action === action) return rec;
    }
    const rec: LiveInvocation = {
      id: 0,
      action,
      payload,
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
    snapshot(rec, payload);
    // Never more than a few; a record whose end was missed must not stay forever.
    if (live.push(rec) > 64) live.shift();
    return rec;
  }

  /**
   * The record a replacement was called for: the one with this very payload, else the latest
   * of the action (an earlier replacement may have handed on another payload), else a new one.
   */
  find(action: string, payload: unknown): LiveInvocation {
    let latest: LiveInvocation | undefined;
    for (let i = this.live.length - 1; i >= 0; i--) {
      const rec = this.live[i]!;
      if (rec.action !== action) continue;
      if (rec.payload === payload) return rec;
      latest ??= rec;
    }
    return latest ?? this.open(action, payload);
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
    const live = this.live;
    let i = live.length - 1;
    while (i >= 0 && (live[i]!.payload !== inv.payload || live[i]!.action !== inv.action)) i--;
    if (i < 0) return; // no plugin hooked it
    const rec = live[i]!;
    live.splice(i, 1);
    rec.id = inv.id;
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
    if (this.ring.length < INVOCATION_LOG_SIZE) this.ring.push(rec);
    else {
      this.ring[this.next] = rec;
      this.next = (this.next + 1) % INVOCATION_LOG_SIZE;
    }
    this.closed(rec);
  }

  /** The latest closed invocations, oldest first. */
  recent(): InvocationRecord[] {
    const { ring, next } = this;
    return [...ring.slice(next), ...ring.slice(0, next)].map((rec) => (rec.shown ??= this.record(rec)));
  }

  private record(rec: LiveInvocation): InvocationRecord {
    const { durationMs } = rec;
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
