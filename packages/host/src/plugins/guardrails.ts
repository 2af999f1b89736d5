/**
 * Guardrails on the action pipeline: how long a plugin's before-listener, replacement or
 * after-listener may hold an invocation, and what happens past that (the action's policy).
 */
import { InvalidArgumentError } from '@switchboard/actions';
import { HostError } from '../errors';

/** What happens to an invocation when a plugin's hook runs past its budget. */
export type GuardrailPolicy = 'fail-open' | 'fail';

/** Where in the pipeline a plugin's hook ran past its budget. */
export type GuardedPhase = 'before' | 'replacement' | 'after';

/** `createHost({ guardrails })`. */
export interface GuardrailOptions {
  /** How long (ms) one plugin's hook may hold an invocation. Default {@link DEFAULT_BUDGET_MS}. */
  budgetMs?: number;
  /** Policies by action name; they win over the defaults ({@link FAIL_OPEN_ACTIONS} and `defaultPolicy`). */
  policies?: Record<string, GuardrailPolicy>;
  /** The policy of every other action. Default `fail`. */
  defaultPolicy?: GuardrailPolicy;
}

/** What `host.events` `guardrailTripped` carries. */
export interface GuardrailTrip {
  plugin: string;
  action: string;
  phase: GuardedPhase;
  budgetMs: number;
  policy: GuardrailPolicy;
}

/** The default budget: long enough for a CRM call, short enough that an agent is not left waiting. */
export const DEFAULT_BUDGET_MS = 2000;

/**
 * Actions that must always work, whatever a plugin does: a hang-up, a hold, signing out, ending
 * a conference, removing a participant and completing a task go on without a plugin's hook
 * that runs past its budget.
 */
export const FAIL_OPEN_ACTIONS: readonly string[] = Object.freeze([
  'HangupCall',
  'HoldCall',
  'Logout',
  'EndConferenceForAll',
  'KickParticipant',
  'CompleteTask',
]);

/** Resolved guardrail settings. */
export interface Guardrails {
  readonly budgetMs: number;
  policyOf(action: string): GuardrailPolicy;
}

const POLICIES: readonly string[] = ['fail-open', 'fail'];

/** Validates `createHost({ guardrails })` and applies the defaults. */
export function resolveGuardrails(options: GuardrailOptions = {}): Guardrails {
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  if (!(budgetMs > 0 && Number.isFinite(budgetMs))) {
    throw new InvalidArgumentError(
      `createHost: guardrails.budgetMs must be a positive number, got ${String(budgetMs)}`,
    );
  }
  const defaultPolicy = options.defaultPolicy ?? 'fail';
  const policies: Record<string, GuardrailPolicy> = Object.create(null) as Record<string, GuardrailPolicy>;
  for (const action of FAIL_OPEN_ACTIONS) policies[action] = 'fail-open';
  for (const [action, policy] of Object.entries({ ...options.policies, '': defaultPolicy })) {
    if (!POLICIES.includes(policy)) {
      throw new InvalidArgumentError(
        `createHost: guardrails policy${action ? ` of "${action}"` : ' (defaultPolicy)'} must be "fail-open" or "fail", got ${JSON.stringify(policy)}`,
      );
    }
    if (action) policies[action] = policy;
  }
  return { budgetMs, policyOf: (action) => policies[action] ?? defaultPolicy };
}

/**
 * The error (`HostError` ACTION_TIMED_OUT, with the `trip`) of an invocation failed by the `fail`
 * policy, and of a late call of a timed-out replacement.
 */
export function actionTimedOut(trip: GuardrailTrip, late = false): HostError & { trip: GuardrailTrip } {
  const what = `plugin "${trip.plugin}": its ${trip.phase === 'replacement' ? 'replacement' : `${trip.phase}-listener`} of "${trip.action}" ran past its budget of ${trip.budgetMs} ms`;
  const error = new HostError(
    'ACTION_TIMED_OUT',
    late ? `${what}; the invocation went on without it, so this late call was refused` : what,
    // The core calls the replacement chain's phase `body`.
    { owner: trip.plugin, action: trip.action, phase: trip.phase === 'replacement' ? 'body' : trip.phase },
  );
  return Object.assign(error, { trip });
}

/**
 * One timer for every guarded hook in flight, instead of one per hook, and no clock read per
 * hook: the timer ticks every `resolution` ms while anything is watched, and an entry times out
 * after its count of ticks, between `ms` and `ms + resolution` after it was added. An
 * asynchronous hook that settles before then costs a Set add and delete.
 */
export class Watchdog {
  private readonly entries = new Set<WatchEntry>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly resolution: number) {}

  /** Calls `onTimeout` once `ms` have passed, unless the entry is deleted first. */
  add(ms: number, onTimeout: () => void): WatchEntry {
    // +1: the first tick may come at once.
    const entry: WatchEntry = { ticks: Math.ceil(ms / this.resolution) + 1, onTimeout };
    this.entries.add(entry);
    this.timer ??= this.arm();
    return entry;
  }

  delete(entry: WatchEntry): void {
    this.entries.delete(entry);
  }

  dispose(): void {
    this.entries.clear();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => this.tick(), this.resolution);
    // A desktop's timers must not keep a Node process (tests, the local stack) alive.
    (timer as { unref?: () => void }).unref?.();
    return timer;
  }

  private tick(): void {
    this.timer = undefined;
    for (const entry of this.entries) {
      if (--entry.ticks <= 0) {
        this.entries.delete(entry);
        entry.onTimeout();
      }
    }
    if (this.entries.size && this.timer === undefined) this.timer = this.arm();
  }
}

/** A hook the {@link Watchdog} watches. */
export interface WatchEntry {
  ticks: number;
  readonly onTimeout: () => void;
}
