/**
 * Flex's `Actions` over a plugin's scoped `api.actions`: the same calling conventions
 * (`addListener('beforeAcceptTask', (payload, abortFunction) => …)`, `replaceAction(name,
 * (payload, original) => …)`), with payloads in Flex's shape. Everything registered is owned
 * by the plugin (its `api.actions` scope), so it goes when the plugin unloads.
 *
 * Payloads: listeners and replacements see the native payload through a view in which `task`
 * is an `ITask` and chat actions also have `conversationSid`; what they set on it (another
 * key, or `task` to an ITask) reaches the native payload. Flex callers may pass `{ task }`
 * (an ITask), `{ sid }` (a reservation or task sid) or, for chat actions, `{ conversationSid }`.
 */
import type { ActionsScope, Disposable } from '@switchboard/actions';
import { isDesktopTask, type TaskTranslator } from './itask';

/** Flex's before listener: `abortFunction()` cancels the action (also after an await). */
export type FlexBeforeListener = (payload: FlexPayload, abortFunction: () => void) => unknown;
/** Flex's after listener. */
export type FlexAfterListener = (payload: FlexPayload) => unknown;
/** A listener of any event `addListener` takes (after listeners and lifecycle listeners ignore the second argument). */
export type FlexListener = FlexBeforeListener;
/** Flex's replacement: `original(payload)` runs what was there before. */
export type FlexReplacement = (payload: FlexPayload, original: (payload?: unknown) => Promise<unknown>) => unknown;
/** A payload as Flex code sees it (a plain object for task and chat actions). */
export type FlexPayload = any;

type Obj = Record<string | symbol, unknown>;

/**
 * Flex actions with no local equivalent (a cancelled transfer, the supervisor's monitoring).
 * Invoking one rejects (`ACTION_NOT_FOUND`, naming it); listening to or replacing one logs a
 * warning naming it, since the listener will not run.
 */
export const UNSUPPORTED_ACTIONS: ReadonlySet<string> = new Set(['CancelTransfer']);

/** The action of a `before…` / `after…` event. */
const actionOf = (event: string): string => event.replace(/^(before|after)/, '');
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** The Flex Actions API, bound to one plugin. */
export class FlexActions {
  readonly #views = new WeakMap<object, object>();
  readonly #targets = new WeakMap<object, object>();
  readonly #listeners = new Map<FlexListener, Array<{ event: string; registration: Disposable }>>();

  constructor(
    private readonly actions: ActionsScope,
    private readonly tasks: TaskTranslator,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  #checkSupported(action: string, what: string): void {
    if (UNSUPPORTED_ACTIONS.has(action))
      this.warn(`Flex action ${action} has no local equivalent: ${what} will not run`);
  }

  /** The Flex view of a native payload (the same view for the same payload). */
  toFlex(payload: unknown): unknown {
    if (!isObject(payload)) return payload;
    const cached = this.#views.get(payload);
    if (cached) return cached;
    const tasks = this.tasks;
    const view = new Proxy(payload, {
      get(target, key, receiver) {
        if (key === 'task' && isDesktopTask(target.task)) return tasks.toITask(target.task);
        if (key === 'conversationSid' && !('conversationSid' in target) && typeof target.channelSid === 'string')
          return target.channelSid;
        return Reflect.get(target, key, receiver);
      },
      set(target, key, value) {
        if (key === 'task') {
          target.task = tasks.sourceOf(value) ?? value;
          return true;
        }
        if (key === 'conversationSid' && typeof value === 'string' && 'channelSid' in target) target.channelSid = value;
        target[key] = value;
        return true;
      },
      has(target, key) {
        return (key === 'conversationSid' && typeof target.channelSid === 'string') || key in target;
      },
      // So that `{ ...payload }` copies what reading it shows.
      ownKeys(target) {
        const keys = Reflect.ownKeys(target);
        if (typeof target.channelSid === 'string' && !keys.includes('conversationSid')) keys.push('conversationSid');
        return keys;
      },
      getOwnPropertyDescriptor(target, key) {
        if (key === 'conversationSid' && !(key in target) && typeof target.channelSid === 'string')
          return { value: target.channelSid, writable: true, enumerable: true, configurable: true };
        const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
        if (descriptor && key === 'task' && isDesktopTask(target.task))
          return { ...descriptor, value: tasks.toITask(target.task) };
        return descriptor;
      },
    });
    this.#views.set(payload, view);
    this.#targets.set(view, payload);
    return view;
  }

  /** The native payload for a Flex one (`conversationSid` → `channelSid`, an ITask → its desktop task). */
  toNative(payload: unknown): unknown {
    if (!isObject(payload)) return payload;
    const target = this.#targets.get(payload);
    if (target) return target;
    const native: Obj = { ...payload };
    const source = this.tasks.sourceOf(payload.task);
    if (source) native.task = source;
    if (typeof payload.conversationSid === 'string' && native.channelSid === undefined)
      native.channelSid = payload.conversationSid;
    // The participant actions: Flex's `participant` (a ConferenceParticipant) names its worker or call.
    const participant = payload.participant as Obj | undefined;
    if (isObject(participant) && native.targetSid === undefined) {
      native.targetSid = participant.workerSid ?? participant.callSid;
      native.participantType ??= participant.participantType;
    }
    return native;
  }

  /** A native result in Flex's shape (a desktop task becomes an ITask). */
  #result = (value: unknown): unknown => (isDesktopTask(value) ? this.tasks.toITask(value) : value);

  /** Invokes an action; resolves with its result (a task as an ITask). */
  invokeAction = (name: string, payload?: unknown): Promise<unknown> =>
    this.actions.invokeAction(name, this.toNative(payload)).then(this.#result);

  /**
   * Adds a listener of `before<Action>` (`(payload, abortFunction)`; async listeners are
   * awaited), `after<Action>` (`(payload)`), or a lifecycle event.
   */
  addListener = (event: string, listener: FlexListener): Disposable => {
    this.#checkSupported(actionOf(event), `this ${event} listener`);
    const wrapped =
      event.startsWith('before') || event.startsWith('after')
        ? (payload: unknown, abort?: () => void) => (listener as FlexBeforeListener)(this.toFlex(payload), abort!)
        : (listener as (...args: unknown[]) => unknown);
    const registration = this.actions.addListener(event as never, wrapped as never);
    const list = this.#listeners.get(listener) ?? [];
    const entry = { event, registration };
    list.push(entry);
    this.#listeners.set(listener, list);
    return {
      dispose: () => {
        registration.dispose();
        const at = list.indexOf(entry);
        if (at >= 0) list.splice(at, 1);
        if (!list.length) this.#listeners.delete(listener);
      },
    };
  };

  /** Alias of {@link FlexActions.addListener}. */
  on = (event: string, listener: FlexListener): Disposable => this.addListener(event, listener);

  /** Removes the most recent registration of `listener` for `event`. */
  removeListener = (event: string, listener: FlexListener): void => {
    const list = this.#listeners.get(listener);
    const entry = list && [...list].reverse().find((e) => e.event === event);
    if (!entry || !list) return;
    entry.registration.dispose();
    list.splice(list.indexOf(entry), 1);
    if (!list.length) this.#listeners.delete(listener);
  };

  /** Alias of {@link FlexActions.removeListener}. */
  off = (event: string, listener: FlexListener): void => this.removeListener(event, listener);

  /**
   * Replaces an action. Flex's `original` runs what was there before this replacement:
   * another plugin's replacement if there is one, else the action itself (the host's
   * `next`), so two Flex plugins replacing the same action both run.
   */
  replaceAction = (name: string, replacement: FlexReplacement): Disposable => {
    this.#checkSupported(name, 'this replacement');
    return this.actions.replaceAction(name, async (payload, _original, next) => {
      const result = await replacement(this.toFlex(payload), (p = payload) =>
        next(this.toNative(p)).then(this.#result),
      );
      return this.tasks.sourceOf(result) ?? result;
    });
  };

  /** Registers a custom action (`fn` gets the payload as invoked). */
  registerAction = (
    name: string,
    fn: (payload: FlexPayload) => unknown,
    payloadUpdate?: (payload: FlexPayload) => FlexPayload,
  ): Disposable =>
    this.actions.registerAction(
      name,
      // As in Flex, `fn` and `payloadUpdate` see the payload in Flex's shape (a task as an ITask).
      async (payload: unknown) => {
        const result = await fn(this.toFlex(payload) as FlexPayload);
        return this.tasks.sourceOf(result) ?? result;
      },
      payloadUpdate && ((payload: unknown) => this.toNative(payloadUpdate(this.toFlex(payload) as FlexPayload))),
    );

  /** Blocks an action (for payloads matching `pattern`). */
  blockAction = (name: string, pattern?: unknown): Disposable => this.actions.blockAction(name, pattern as never);
  unblockAction = (name: string, pattern?: unknown): void => this.actions.unblockAction(name, pattern as never);
  findPendingActions = (names: string | string[], match?: unknown): unknown =>
    this.actions.findPendingActions(names, match as never);
}
