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
 * Files: `slice.ts` (state, Redux actions, reducer), `bridge.ts` (the middleware and
 * `invoke`), `selectors.ts`.
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
export {
  actionsSlice,
  blocksChanged,
  blocksReset,
  invocationEnded,
  invocationStarted,
  outcomesRecorded,
  snapshotPayload,
} from './slice';
export { createActionsBridge, invoke, isInvokeAction, INVOKE } from './bridge';
export {
  selectActionBlocks,
  selectIsActionBlocked,
  selectIsActionPending,
  selectLastOutcome,
  selectPendingInvocations,
} from './selectors';

export type {
  ActionsSlice,
  ActionsState,
  BlockState,
  OutcomeState,
  PayloadSnapshot,
  PendingInvocationState,
} from './slice';
export type { ActionsBridge, InvokeAction, InvokeDispatch } from './bridge';
