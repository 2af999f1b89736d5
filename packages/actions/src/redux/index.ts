/**
 * @switchboard/actions/redux: mirrors each invocation's lifecycle into a Redux Toolkit
 * store, so components can render pending and blocked state, and lets a dispatch run an
 * action. Redux Toolkit is an optional peer dependency; the core entry never imports it.
 *
 * The mirror is cheap on the action path, and hides nothing a component can observe. It
 * follows the Actions instance at a macrotask boundary (MessageChannel in browsers,
 * setImmediate in Node: see `macrotask.ts`), so it may lag it by one macrotask, and
 * `actions.findPendingActions` stays the source of truth:
 * - an invocation still running at the boundary is dispatched as pending
 *   (`invocationStarted`), and `invocationEnded` follows as soon as it ends;
 * - one that settles before the boundary (synchronously, or within microtasks) never reaches
 *   `pending`: no frame could have shown it. Its outcome is folded with the others: the
 *   latest per action goes to `last` in one `outcomesRecorded` dispatch per boundary;
 * - every other dispatch of the bridge flushes first, so the order is kept;
 * - the reducer is a plain one (no immer).
 *
 * Files: `slice.ts` (state, Redux actions, reducer), `bridge.ts` (the middleware and
 * `invoke`), `selectors.ts`, `macrotask.ts` (the boundary).
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
