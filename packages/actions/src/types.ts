import type { Disposable, OwnerRef } from './lifecycle';
import type { ActionAbortedError, ErrorPhase } from './errors';
import type { PayloadPattern } from './match';

/** One action's types: what it is invoked with and what it resolves to. */
export interface ActionDefinition<P = unknown, R = unknown> {
  payload: P;
  result: R;
}

/**
 * A map from action names to their {@link ActionDefinition}s, the type parameter of
 * `createActions<Map>()`.
 *
 * @example
 * interface AgentActions {
 *   AcceptTask: { payload: { sid: string }; result: void };
 *   SendMessage: { payload: { body: string; conversationSid: string }; result: { index: number } };
 * }
 * const actions = createActions<AgentActions>();
 */
export type ActionMapOf<M> = { [K in keyof M]: ActionDefinition };

/** The map used when no types are given: any name, `unknown` payloads and results. */
export type UntypedActionMap = Record<string, ActionDefinition>;

/** The action names of a map. */
export type ActionName<M> = keyof M & string;
/** The payload type of action `K`. */
export type PayloadOf<M, K extends keyof M> = M[K] extends { payload: infer P } ? P : unknown;
/** The result type of action `K`. */
export type ResultOf<M, K extends keyof M> = M[K] extends { result: infer R } ? R : unknown;
/** `invokeAction`'s payload argument: optional when the payload type admits `undefined`. */
export type PayloadArgs<P> = undefined extends P ? [payload?: P] : [payload: P];

/** The registered implementation of an action. */
export type ActionFunction<P = unknown, R = unknown> = (payload: P) => R | PromiseLike<R>;

/**
 * Runs synchronously before anything else and returns the payload used from then on
 * (e.g. resolve `task` from `sid`). It must not return a promise: it runs before the
 * invocation is registered as pending.
 */
export type PayloadUpdate<P = unknown> = (payload: P) => P;

/**
 * Replaces an action's behaviour. `original(p)` runs the registered function directly,
 * skipping other replacements; `next(p)` runs the previously added replacement (or the
 * registered function when none is left).
 */
export type ReplacementFunction<P = unknown, R = unknown> = (
  payload: P,
  original: (payload: P) => Promise<R>,
  next: (payload: P) => Promise<R>,
) => R | PromiseLike<R>;

/**
 * Cancels the invocation a before listener is looking at; may be called after an await. The
 * core ignores `reason`; a host records it (`@switchboard/host` shows the agent which plugin
 * stopped the action, and why).
 */
export type AbortFunction = (reason?: string) => void;
/** A `before${Name}` listener. */
export type BeforeListener<P = unknown> = (payload: P, abort: AbortFunction) => unknown;
/** An `after${Name}` listener. */
export type AfterListener<P = unknown> = (payload: P) => unknown;

/** A running invocation, as seen by lifecycle listeners and `describe()`. */
export interface Invocation<P = unknown> {
  /** Unique within its Actions instance, increasing. */
  readonly id: number;
  readonly action: string;
  /** The payload after `payloadUpdate`. */
  readonly payload: P;
  /** The scope that invoked the action, if it was invoked through one. */
  readonly owner: string | undefined;
}

/** How an invocation ended. */
export type InvocationOutcome =
  | { status: 'succeeded'; result: unknown }
  | { status: 'failed'; error: Error }
  | { status: 'aborted'; error: ActionAbortedError };

/** Listeners of the events that are not tied to one action. */
export interface LifecycleEvents {
  /** An invocation passed its guards and `payloadUpdate`, and is now pending (step 6). */
  invocationBegin: (invocation: Invocation) => unknown;
  /**
   * The synchronous part of an invocation is over and it is still running (a listener,
   * replacement or body returned a promise): `invokeAction` has returned a pending promise.
   * An invocation that completes synchronously never emits it. The Redux bridge mirrors only
   * these invocations as pending.
   */
  invocationAwaiting: (invocation: Invocation) => unknown;
  /** An invocation ended in any outcome and is no longer pending (step 12). */
  invocationEnd: (invocation: Invocation, outcome: InvocationOutcome) => unknown;
  /** A block was added (`blocked` true) or removed; emitted only on a real change. */
  actionBlockedChanged: (blocked: boolean, action: string, pattern: unknown) => unknown;
}

/** The name of a lifecycle event. */
export type LifecycleEventName = keyof LifecycleEvents;

/** Every event of a map: `before${Name}`, `after${Name}` and the lifecycle events. */
export type ActionEvents<M> = {
  [K in ActionName<M> as `before${K}`]: BeforeListener<PayloadOf<M, K>>;
} & {
  [K in ActionName<M> as `after${K}`]: AfterListener<PayloadOf<M, K>>;
} & LifecycleEvents;

/** An event name accepted by `addListener`. */
export type ActionEventName<M> = keyof ActionEvents<M> & string;

/** Result of `findPendingActions` / `findBlockedActions`. */
export type FoundActions<M, N extends ActionName<M>> = { [K in N]?: PayloadOf<M, K> } & {
  /** The first match, in the order the names were given. */
  first?: { action: N; payload: PayloadOf<M, N> };
};

/** What `onError` handlers receive besides the error. */
export interface ErrorInfo {
  action: string;
  phase: ErrorPhase;
  /** The owner of the listener, replacement, body or payloadUpdate that failed. */
  owner: string | undefined;
}

/** Receives errors that would otherwise be lost (listener errors) or that rejected an invocation. */
export type ErrorHandler = (error: unknown, info: ErrorInfo) => void;

/** A diagnostic about a likely mistake; never thrown. */
export type ActionWarning =
  | {
      /**
       * A replacement called `original`, skipping earlier replacements by other owners.
       * Reported once per (action, calling owner).
       */
      code: 'ORIGINAL_SKIPS_REPLACEMENTS';
      action: string;
      owner: string | undefined;
      skippedOwners: Array<string | undefined>;
      message: string;
    }
  | {
      /** A registration was attempted through a disposed scope; it was not made. */
      code: 'SCOPE_DISPOSED';
      action: string | undefined;
      owner: string;
      message: string;
    };

/** Receives {@link ActionWarning}s. */
export type WarningHandler = (warning: ActionWarning) => void;

/** One registration, as listed by `describe()`. */
export interface RegistrationInfo {
  owner: string | undefined;
  /** The function's name, or `(anonymous)`. */
  name: string;
}

/** Everything registered for one action, with provenance. */
export interface ActionDescription {
  action: string;
  /** Whether a function is registered (the action can be invoked). */
  registered: boolean;
  /** Owner of the active registered function. */
  owner: string | undefined;
  hasPayloadUpdate: boolean;
  /** Every registration, oldest first; the last one is active. */
  registrations: RegistrationInfo[];
  /** Replacements in the order they run: most recently added first. */
  replacements: RegistrationInfo[];
  before: RegistrationInfo[];
  after: RegistrationInfo[];
  blocks: Array<{ pattern: unknown; owner: string | undefined }>;
  pending: Invocation[];
}

/**
 * The Actions API (behaviour: SEMANTICS.md). Every registration returns a {@link Disposable}.
 *
 * @example
 * const actions = createActions();
 * actions.registerAction('Greet', (p: unknown) => `hi ${String(p)}`);
 * actions.addListener('beforeGreet', (payload, abort) => { if (!payload) abort(); });
 * await actions.invokeAction('Greet', 'Ada'); // 'hi Ada'
 */
export interface ActionsApi<M extends ActionMapOf<M> = UntypedActionMap> {
  /** Registers (or re-registers, replacing the function) an action. */
  registerAction<K extends ActionName<M>>(
    name: K,
    fn: ActionFunction<PayloadOf<M, K>, ResultOf<M, K>>,
    payloadUpdate?: PayloadUpdate<PayloadOf<M, K>>,
  ): Disposable;
  /** Invokes an action; always returns a promise, never throws. */
  invokeAction<K extends ActionName<M>>(name: K, ...payload: PayloadArgs<PayloadOf<M, K>>): Promise<ResultOf<M, K>>;
  /** Adds a replacement; the most recently added runs first. May precede `registerAction`. */
  replaceAction<K extends ActionName<M>>(
    name: K,
    replacement: ReplacementFunction<PayloadOf<M, K>, ResultOf<M, K>>,
  ): Disposable;
  /** Adds a listener of `before${Name}`, `after${Name}` or a lifecycle event. */
  addListener<E extends ActionEventName<M>>(event: E, listener: ActionEvents<M>[E]): Disposable;
  /** Alias of {@link ActionsApi.addListener}. */
  on<E extends ActionEventName<M>>(event: E, listener: ActionEvents<M>[E]): Disposable;
  /** Removes one registration of `listener` (the most recent one). */
  removeListener<E extends ActionEventName<M>>(event: E, listener: ActionEvents<M>[E]): void;
  /** Alias of {@link ActionsApi.removeListener}. */
  off<E extends ActionEventName<M>>(event: E, listener: ActionEvents<M>[E]): void;
  /** Blocks invocations whose payload matches `pattern` (all, without one). */
  blockAction<K extends ActionName<M>>(name: K, pattern?: PayloadPattern<PayloadOf<M, K>>): Disposable;
  /** Removes the blocks that `pattern` matches (all blocks of `name`, without one). */
  unblockAction<K extends ActionName<M>>(name: K, pattern?: PayloadPattern<PayloadOf<M, K>>): void;
  /** Pending invocations of the given actions whose payload matches `match`. */
  findPendingActions<N extends ActionName<M>>(
    names: N | readonly N[],
    match?: PayloadPattern<PayloadOf<M, N>>,
  ): FoundActions<M, N>;
  /** Block patterns of the given actions that `match` matches. */
  findBlockedActions<N extends ActionName<M>>(
    names: N | readonly N[],
    match?: PayloadPattern<PayloadOf<M, N>>,
  ): FoundActions<M, N>;
  /**
   * The same API whose registrations are owned by `owner`; disposing the scope removes
   * all of them (plugin unload, hot reload). `owner` is a name, or an owner object: then
   * the scope is also disposed with the owner's `disposables`, and errors of its listeners
   * go to `owner.report('listener', error)` (besides `onError`).
   */
  scope(owner: string | OwnerRef): ActionsScope<M>;
  /** What is registered for one action, or `undefined` when nothing is. */
  describe(name: ActionName<M>): ActionDescription | undefined;
  /** Every action with anything registered, in first-use order. */
  describe(): ActionDescription[];
  /** Receives listener, replacement and body errors with their action, phase and owner. */
  onError(handler: ErrorHandler): Disposable;
  /** Receives diagnostics (see {@link ActionWarning}). */
  onWarning(handler: WarningHandler): Disposable;
  /** How many listeners an event has; without an event, how many in all. */
  listenerCount(event?: ActionEventName<M>): number;
}

/** A scope returned by {@link ActionsApi.scope}. */
export interface ActionsScope<M extends ActionMapOf<M> = UntypedActionMap> extends ActionsApi<M>, Disposable {
  /** The owner's id. */
  readonly owner: string;
  readonly disposed: boolean;
}
