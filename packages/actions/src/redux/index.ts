/**
 * @switchboard/actions/redux: mirrors each invocation's lifecycle into a Redux Toolkit
 * store, so components can render pending and blocked state, and lets a dispatch run an
 * action. Redux Toolkit is an optional peer dependency; the core entry never imports it.
 *
 * The mirror is cheap on the action path, and hides nothing a component can observe:
 * - an invocation appears as pending only when it is still running after its synchronous
 *   part (`invocationAwaiting`); one that completes inside `invokeAction` was never pending
 *   from the store's point of view, and costs no dispatch;
 * - the outcomes of such synchronous invocations are folded: the latest per action goes to
 *   `last` in one dispatch per tick (a macrotask), flushed before any other dispatch of the
 *   bridge so the order is kept; outcomes of mirrored invocations are dispatched at once;
 * - the reducer is a plain one (no immer).
 *
 * @example
 * const bridge = createActionsBridge(actions);
 * const store = configureStore({
 *   reducer: { [bridge.reducerPath]: bridge.reducer },
 *   middleware: (gDM) => gDM().prepend(bridge.middleware),
 * });
 * await store.dispatch(bridge.invoke('AcceptTask', { sid: 'WT1' }));
 * selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' });
 */
import { createAction, createSelector, type Middleware, type UnknownAction } from '@reduxjs/toolkit';
import {
  matchesPattern,
  type ActionMapOf,
  type ActionName,
  type ActionsApi,
  type Disposable,
  type Invocation,
  type InvocationOutcome,
  type PayloadArgs,
  type PayloadOf,
  type ResultOf,
  type UntypedActionMap,
} from '@switchboard/actions';

/** A serializable, shallow copy of a payload: its primitive own fields. */
export type PayloadSnapshot = string | number | boolean | null | { [field: string]: string | number | boolean | null };

/** An invocation that is running. */
export interface PendingInvocationState {
  id: number;
  action: string;
  payload: PayloadSnapshot;
  owner: string | null;
  startedAt: number;
}

/** One block of an action, as the store can describe it. */
export interface BlockState {
  /** `any`: blocks every payload; `fields`/`value`: blocks matching payloads; `predicate`: a function decides. */
  kind: 'any' | 'fields' | 'value' | 'predicate';
  pattern: PayloadSnapshot;
}

/** How the latest invocation of an action ended. */
export interface OutcomeState {
  id: number;
  status: 'succeeded' | 'failed' | 'aborted';
  error: { code: string | null; name: string; message: string } | null;
  endedAt: number;
}

/** The bridge's slice of the store. */
export interface ActionsState {
  /** Running invocations by id: those still running after their synchronous part. */
  pending: Record<string, PendingInvocationState>;
  /** Current blocks by action name (absent when none). */
  blocked: Record<string, BlockState[]>;
  /**
   * Latest outcome by action name. Outcomes of invocations that completed synchronously
   * arrive folded, once per tick.
   */
  last: Record<string, OutcomeState>;
}

const initialState: ActionsState = { pending: {}, blocked: {}, last: {} };

const NAME = 'actions';

/** Redux actions the bridge dispatches (for reducers of your own that react to them). */
export const invocationStarted = createAction<PendingInvocationState>(`${NAME}/invocationStarted`);
export const invocationEnded = createAction<OutcomeState & { action: string }>(`${NAME}/invocationEnded`);
/** The outcomes of invocations that completed synchronously, folded: one dispatch per tick. */
export const outcomesRecorded = createAction<Record<string, OutcomeState>>(`${NAME}/outcomesRecorded`);
export const blocksChanged = createAction<{ action: string; blocks: BlockState[] }>(`${NAME}/blocksChanged`);
export const blocksReset = createAction<Record<string, BlockState[]>>(`${NAME}/blocksReset`);

/**
 * The bridge's reducer: a plain one (no immer), since it is on the action path. Each case
 * copies only what it changes.
 */
function actionsReducer(state: ActionsState = initialState, action: UnknownAction): ActionsState {
  if (invocationStarted.match(action)) {
    return { ...state, pending: { ...state.pending, [action.payload.id]: action.payload } };
  }
  if (invocationEnded.match(action)) {
    const { action: name, ...outcome } = action.payload;
    const { [outcome.id]: _ended, ...pending } = state.pending;
    return { ...state, pending, last: { ...state.last, [name]: outcome } };
  }
  if (outcomesRecorded.match(action)) return { ...state, last: { ...state.last, ...action.payload } };
  if (blocksChanged.match(action)) {
    const { [action.payload.action]: _old, ...blocked } = state.blocked;
    if (action.payload.blocks.length) blocked[action.payload.action] = action.payload.blocks;
    return { ...state, blocked };
  }
  if (blocksReset.match(action)) return { ...state, blocked: action.payload };
  return state;
}

/** The bridge's slice of the store: where it lives (`reducerPath`), its reducer and actions. */
export interface ActionsSlice {
  readonly name: typeof NAME;
  readonly reducerPath: typeof NAME;
  readonly reducer: (state: ActionsState | undefined, action: UnknownAction) => ActionsState;
  readonly actions: {
    invocationStarted: typeof invocationStarted;
    invocationEnded: typeof invocationEnded;
    outcomesRecorded: typeof outcomesRecorded;
    blocksChanged: typeof blocksChanged;
    blocksReset: typeof blocksReset;
  };
}

/** The slice; its `reducerPath` is where the bridge expects its state. */
export const actionsSlice: ActionsSlice = {
  name: NAME,
  reducerPath: NAME,
  reducer: actionsReducer,
  actions: { invocationStarted, invocationEnded, outcomesRecorded, blocksChanged, blocksReset },
};

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

const isPrimitive = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** A serializable snapshot of a payload or pattern: primitive own fields only. */
export function snapshotPayload(value: unknown): PayloadSnapshot {
  if (isPrimitive(value)) return value;
  if (typeof value !== 'object' || value === null) return value === undefined ? null : String(value);
  const out: Record<string, string | number | boolean | null> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (isPrimitive(field)) out[key] = field;
  }
  return out;
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

type WithActions = { [K in typeof actionsSlice.reducerPath]: ActionsState };
const selectSlice = (state: WithActions): ActionsState => state[actionsSlice.reducerPath];

/** Every running invocation, oldest first (memoized). */
export const selectPendingInvocations = createSelector([(s: WithActions) => selectSlice(s).pending], (pending) =>
  Object.values(pending).sort((a, b) => a.id - b.id),
);

/** Is an invocation of `action` running whose payload snapshot matches `match`? */
export function selectIsActionPending(state: WithActions, action: string, match?: unknown): boolean {
  return Object.values(selectSlice(state).pending).some(
    (p) => p.action === action && matchesPattern(match, p.payload, action),
  );
}

/** The current blocks of `action`. */
export function selectActionBlocks(state: WithActions, action: string): BlockState[] {
  return selectSlice(state).blocked[action] ?? [];
}

/**
 * Would a block stop `action` with `payload`? Predicate blocks cannot run in a selector and
 * count as blocking; ask `actions.findBlockedActions` for an exact answer.
 */
export function selectIsActionBlocked(state: WithActions, action: string, payload?: unknown): boolean {
  return selectActionBlocks(state, action).some(
    (b) => b.kind === 'any' || b.kind === 'predicate' || matchesPattern(b.pattern, payload, action),
  );
}

/** How the latest invocation of `action` ended, if any did. */
export function selectLastOutcome(state: WithActions, action: string): OutcomeState | undefined {
  return selectSlice(state).last[action];
}
