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

/**
 * Connects `actions` to Redux: add `bridge.reducer` at `bridge.reducerPath` and prepend
 * `bridge.middleware` (before the serializability check, so payloads of `invoke` commands
 * are never inspected). `dispose()` stops mirroring into every store it was added to.
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

  const middleware: Middleware<InvokeDispatch> = (api) => {
    // Invocations mirrored as pending: those still running after their synchronous part.
    const mirrored = new Set<number>();
    // Outcomes of invocations that completed synchronously (never pending in the store),
    // latest per action, dispatched together once per tick.
    let folded: Map<string, [Invocation, InvocationOutcome, number]> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;

    /** Dispatches the folded outcomes (before any other dispatch of the bridge, to keep order). */
    const flush = (): void => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      if (!folded) return;
      const outcomes: Record<string, OutcomeState> = {};
      for (const [action, [inv, outcome, endedAt]] of folded) {
        outcomes[action] = { id: inv.id, status: outcome.status, error: errorState(outcome), endedAt };
      }
      folded = undefined;
      api.dispatch(outcomesRecorded(outcomes));
    };

    subscriptions.add(
      untyped.addListener('invocationAwaiting', (inv) => {
        flush();
        mirrored.add(inv.id);
        api.dispatch(
          invocationStarted({
            id: inv.id,
            action: inv.action,
            payload: snapshotPayload(inv.payload),
            owner: inv.owner ?? null,
            startedAt: Date.now(),
          }),
        );
      }),
    );
    subscriptions.add(
      untyped.addListener('invocationEnd', (inv, outcome) => {
        if (mirrored.delete(inv.id)) {
          flush();
          api.dispatch(
            invocationEnded({
              action: inv.action,
              id: inv.id,
              status: outcome.status,
              error: errorState(outcome),
              endedAt: Date.now(),
            }),
          );
        } else {
          (folded ??= new Map()).set(inv.action, [inv, outcome, Date.now()]);
          flushTimer ??= setTimeout(flush, 0);
        }
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
        clearTimeout(flushTimer);
        folded = undefined;
      },
    });
    // Blocks made before the store existed. Redux forbids dispatching while middleware is
    // being constructed, so this waits a microtask.
    const existing = untyped.describe().filter((d) => d.blocks.length);
    if (existing.length) {
      queueMicrotask(() => {
        if (subscriptions.size)
          api.dispatch(blocksReset(Object.fromEntries(existing.map((d) => [d.action, blocksOf(d.action)]))));
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
