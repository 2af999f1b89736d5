/**
 * The bridge itself: `createActionsBridge` (the middleware that mirrors one Actions instance
 * into the stores it is added to) and the `invoke` command a dispatch runs an action with.
 */
import type { Middleware } from '@reduxjs/toolkit';
import type {
  ActionMapOf,
  ActionName,
  ActionsApi,
  Disposable,
  Invocation,
  InvocationOutcome,
  PayloadArgs,
  PayloadOf,
  ResultOf,
  UntypedActionMap,
} from '@switchboard/actions';
import {
  actionsSlice,
  blocksChanged,
  blocksReset,
  invocationEnded,
  invocationStarted,
  outcomesRecorded,
  snapshotPayload,
  type ActionsSlice,
  type BlockState,
  type OutcomeState,
} from './slice';
import { afterMacrotask } from './macrotask';

/** The type of every `invoke` action. */
export const INVOKE = 'switchboard/invoke' as const;

declare const resultType: unique symbol;

/** A command that runs an action when dispatched through the bridge middleware. */
export interface InvokeAction<N extends string = string, P = unknown, R = unknown> {
  type: typeof INVOKE;
  payload: { name: N; payload: P };
  /** Type-only: what the dispatch resolves to. */
  readonly [resultType]?: R;
}

/**
 * An action that, dispatched through the bridge middleware, invokes `name` and makes the
 * dispatch return the invocation's promise.
 */
export function invoke<N extends string, P = undefined>(name: N, payload?: P): InvokeAction<N, P, unknown> {
  return { type: INVOKE, payload: { name, payload: payload as P } };
}

/** Is `action` an {@link invoke} command? */
export const isInvokeAction = (action: unknown): action is InvokeAction =>
  typeof action === 'object' && action !== null && (action as { type?: unknown }).type === INVOKE;

/** The dispatch extension the middleware adds: dispatching an invoke returns a promise. */
export type InvokeDispatch = <N extends string, P, R>(action: InvokeAction<N, P, R>) => Promise<R>;

/** A bridge between one Actions instance and the stores it is added to. */
export interface ActionsBridge<M extends ActionMapOf<M> = UntypedActionMap> extends Disposable {
  middleware: Middleware<InvokeDispatch>;
  reducer: ActionsSlice['reducer'];
  reducerPath: ActionsSlice['reducerPath'];
  /** The typed {@link invoke}: the dispatch resolves to the action's result type. */
  invoke<K extends ActionName<M>>(
    name: K,
    ...payload: PayloadArgs<PayloadOf<M, K>>
  ): InvokeAction<K, PayloadOf<M, K>, ResultOf<M, K>>;
}

const blockState = (pattern: unknown): BlockState => ({
  kind:
    pattern === undefined
      ? 'any'
      : typeof pattern === 'function'
        ? 'predicate'
        : typeof pattern === 'object' && pattern !== null
          ? 'fields'
          : 'value',
  pattern: typeof pattern === 'function' ? null : snapshotPayload(pattern),
});

const errorState = (outcome: InvocationOutcome): OutcomeState['error'] =>
  outcome.status === 'succeeded'
    ? null
    : {
        code:
          typeof (outcome.error as { code?: unknown }).code === 'string'
            ? (outcome.error as { code: string }).code
            : null,
        name: outcome.error.name,
        message: outcome.error.message,
      };

const outcomeState = (inv: Invocation, outcome: InvocationOutcome, endedAt: number): OutcomeState => ({
  id: inv.id,
  status: outcome.status,
  error: errorState(outcome),
  endedAt,
});

/** An outcome waiting for the flush (one per action, updated in place). */
interface Folded {
  inv: Invocation;
  outcome: InvocationOutcome;
  at: number;
}

/**
 * Connects `actions` to Redux: add `bridge.reducer` at `bridge.reducerPath` and prepend
 * `bridge.middleware` (before the serializability check, so payloads of `invoke` commands
 * are never inspected). `dispose()` stops mirroring into every store it was added to.
 *
 * The store is brought up to date at a macrotask boundary (see `macrotask.ts`), so it may
 * lag the Actions instance by one macrotask: an invocation still running then is dispatched
 * as pending (`invocationStarted`, then `invocationEnded` as it ends); one that settled
 * before never reaches `pending` (no frame could have shown it), and its outcome is folded
 * into `last` with the others (`outcomesRecorded`, one dispatch per flush). Every other
 * dispatch of the bridge flushes first, so the store sees events in the order they happened.
 * `actions.findPendingActions` is the source of truth.
 */
export function createActionsBridge<M extends ActionMapOf<M> = UntypedActionMap>(
  actions: ActionsApi<M>,
): ActionsBridge<M> {
  const untyped = actions as unknown as ActionsApi;
  const subscriptions = new Set<Disposable>();

  // Several owners may hold the same pattern; the store lists it once.
  const blocksOf = (action: string): BlockState[] => {
    const keys = new Set<unknown>();
    const out: BlockState[] = [];
    for (const { pattern } of untyped.describe(action)?.blocks ?? []) {
      const state = blockState(pattern);
      const key = state.kind === 'predicate' ? pattern : `${state.kind}:${JSON.stringify(state.pattern)}`;
      if (!keys.has(key)) {
        keys.add(key);
        out.push(state);
      }
    }
    return out;
  };

  const middleware: Middleware<InvokeDispatch> = (api) => {
    // Invocations still running after their synchronous part that the store does not show
    // yet, in the order they began to wait: the next flush dispatches them as pending.
    const waiting: Invocation[] = [];
    // Invocations the store shows as pending.
    const mirrored = new Set<number>();
    // Outcomes of invocations the store never showed as pending (those that completed
    // synchronously, and those that settled before the flush), latest per action.
    let folded: Map<string, Folded> | undefined;
    // When the events waiting for the flush began to arrive. One clock read per macrotask,
    // not per invocation (a clock read costs as much as the rest of the bridge's work on a
    // VM): `startedAt` and the folded `endedAt` have the resolution of a task.
    let opened: number | undefined;
    let ticking = false;
    let live = true;

    /**
     * Brings the store up to date: the folded outcomes in one dispatch, then each invocation
     * still running as pending, in the order they began to wait. Runs at the macrotask
     * boundary, and before any other dispatch of the bridge, so the order is kept. A
     * dispatch may re-enter it (a subscriber invoking an action): the nested call carries on
     * where this one is.
     */
    const flush = (): void => {
      if (folded) {
        const outcomes: Record<string, OutcomeState> = {};
        for (const [action, f] of folded) outcomes[action] = outcomeState(f.inv, f.outcome, f.at);
        folded = undefined;
        api.dispatch(outcomesRecorded(outcomes));
      }
      while (waiting.length) {
        const inv = waiting.shift()!;
        mirrored.add(inv.id);
        api.dispatch(
          invocationStarted({
            id: inv.id,
            action: inv.action,
            payload: snapshotPayload(inv.payload),
            owner: inv.owner ?? null,
            startedAt: opened ?? Date.now(),
          }),
        );
      }
      if (!folded) opened = undefined;
    };

    const tick = (): void => {
      ticking = false;
      if (live) flush();
    };
    /** Something waits for the flush: make sure one comes. */
    const schedule = (): void => {
      opened ??= Date.now();
      if (!ticking) {
        ticking = true;
        afterMacrotask(tick);
      }
    };

    subscriptions.add(
      untyped.addListener('invocationAwaiting', (inv) => {
        waiting.push(inv);
        schedule();
      }),
    );
    subscriptions.add(
      untyped.addListener('invocationEnd', (inv, outcome) => {
        if (mirrored.size && mirrored.delete(inv.id)) {
          flush();
          api.dispatch(invocationEnded({ action: inv.action, ...outcomeState(inv, outcome, Date.now()) }));
          return;
        }
        // Never shown as pending: it completed synchronously, or settled before the flush,
        // when no frame could have shown it. Its outcome is folded.
        const last = waiting.length - 1;
        if (last >= 0) {
          // Usually the latest to wait (often the only one): pop, no search.
          if (waiting[last] === inv) waiting.pop();
          else {
            const i = waiting.indexOf(inv);
            if (i >= 0) waiting.splice(i, 1);
          }
        }
        schedule();
        const f = (folded ??= new Map()).get(inv.action);
        if (f) {
          f.inv = inv;
          f.outcome = outcome;
          f.at = opened!;
        } else folded.set(inv.action, { inv, outcome, at: opened! });
      }),
    );
    subscriptions.add(
      untyped.addListener('actionBlockedChanged', (_blocked, action) => {
        flush();
        api.dispatch(blocksChanged({ action, blocks: blocksOf(action) }));
      }),
    );
    subscriptions.add({
      dispose() {
        live = false;
        waiting.length = 0;
        folded = undefined;
      },
    });
    // Blocks made before the store existed. Redux forbids dispatching while middleware is
    // being constructed, so this waits a microtask.
    const existing = untyped.describe().filter((d) => d.blocks.length);
    if (existing.length) {
      queueMicrotask(() => {
        if (live) api.dispatch(blocksReset(Object.fromEntries(existing.map((d) => [d.action, blocksOf(d.action)]))));
      });
    }
    return (next) => (action) => {
      if (isInvokeAction(action)) return untyped.invokeAction(action.payload.name, action.payload.payload);
      return next(action);
    };
  };

  return {
    middleware,
    reducer: actionsSlice.reducer,
    reducerPath: actionsSlice.reducerPath,
    invoke: ((name: string, payload?: unknown) => invoke(name, payload)) as ActionsBridge<M>['invoke'],
    dispose() {
      for (const s of subscriptions) s.dispose();
      subscriptions.clear();
    },
  };
}
