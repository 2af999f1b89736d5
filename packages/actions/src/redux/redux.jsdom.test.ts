/**
 * @jest-environment jsdom
 *
 * The bridge in jsdom (where component tests run): neither setImmediate nor MessageChannel
 * exists there, and the mirror still shows what a component must see.
 */
import { configureStore } from '@reduxjs/toolkit';
import { createActions } from '@switchboard/actions';
import { createActionsBridge, invoke, selectIsActionPending, selectLastOutcome } from './index';

function setup() {
  const actions = createActions();
  const bridge = createActionsBridge(actions);
  const store = configureStore({
    reducer: { [bridge.reducerPath]: bridge.reducer },
    middleware: (gDM) => gDM().prepend(bridge.middleware),
  });
  const rendered: boolean[] = [];
  store.subscribe(() => rendered.push(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })));
  return { actions, store, rendered };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

it('runs where there is neither setImmediate nor MessageChannel', () => {
  expect(typeof setImmediate).toBe('undefined');
  expect(typeof MessageChannel).toBe('undefined');
});

it('shows an invocation that takes longer than a macrotask as pending, then not', async () => {
  const { actions, store, rendered } = setup();
  actions.registerAction('AcceptTask', async () => sleep(30));
  const p = store.dispatch(invoke('AcceptTask', { sid: 'WT1' }));
  await sleep(10);
  expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })).toBe(true);
  await p;
  expect(rendered).toEqual([true, false]);
});

it('never shows one that settles within microtasks; its outcome arrives folded', async () => {
  const { actions, store, rendered } = setup();
  actions.registerAction('AcceptTask', async () => {
    await Promise.resolve();
  });
  await store.dispatch(invoke('AcceptTask', { sid: 'WT1' }));
  await sleep(10);
  expect(rendered).toEqual([false]);
  expect(selectLastOutcome(store.getState(), 'AcceptTask')?.status).toBe('succeeded');
});
