import { configureStore, createSlice } from '@reduxjs/toolkit';
import { createActions, type ActionsApi } from '@switchboard/actions';
import {
  actionsSlice,
  createActionsBridge,
  invoke,
  selectActionBlocks,
  selectIsActionBlocked,
  selectIsActionPending,
  selectLastOutcome,
  selectPendingInvocations,
  snapshotPayload,
} from './index';
import { deferred } from '../test-utils';

interface Map {
  AcceptTask: { payload: { sid: string; task?: object }; result: string };
  CompleteTask: { payload: { sid: string }; result: void };
}

function setup(actions: ActionsApi<Map> = createActions<Map>()) {
  const bridge = createActionsBridge(actions);
  // A reducer of the app's own, to show the bridge joins an ordinary store.
  const tasks = createSlice({
    name: 'tasks',
    initialState: { accepted: 0 },
    reducers: { accepted: (s) => void s.accepted++ },
  });
  const store = configureStore({
    reducer: { [bridge.reducerPath]: bridge.reducer, tasks: tasks.reducer },
    middleware: (gDM) => gDM().prepend(bridge.middleware),
  });
  return { actions, bridge, store, tasks };
}

describe('Redux bridge', () => {
  it('shows the invocation as pending while it runs and clears it after success', async () => {
    const { actions, store } = setup();
    const gate = deferred();
    actions.scope('agent-ui').registerAction('AcceptTask', async ({ sid }) => {
      await gate.promise;
      return `accepted ${sid}`;
    });
    const task = { attributes: { secret: () => 'not serializable' } };
    const p = actions.invokeAction('AcceptTask', { sid: 'WT1', task });

    const pending = selectPendingInvocations(store.getState());
    expect(pending).toEqual([
      {
        id: expect.any(Number),
        action: 'AcceptTask',
        payload: { sid: 'WT1' },
        owner: null,
        startedAt: expect.any(Number),
      },
    ]);
    expect(selectIsActionPending(store.getState(), 'AcceptTask')).toBe(true);
    expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })).toBe(true);
    expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT2' })).toBe(false);
    expect(selectIsActionPending(store.getState(), 'CompleteTask')).toBe(false);

    gate.resolve();
    await expect(p).resolves.toBe('accepted WT1');
    expect(selectPendingInvocations(store.getState())).toEqual([]);
    expect(selectLastOutcome(store.getState(), 'AcceptTask')).toEqual({
      id: pending[0]!.id,
      status: 'succeeded',
      error: null,
      endedAt: expect.any(Number),
    });
  });

  it('clears pending state after a failure and records the error', async () => {
    const { actions, store } = setup();
    const gate = deferred();
    actions.registerAction('AcceptTask', async () => {
      await gate.promise;
      throw new TypeError('provider offline');
    });
    const p = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    expect(selectIsActionPending(store.getState(), 'AcceptTask')).toBe(true);
    gate.resolve();
    await expect(p).rejects.toThrow('provider offline');
    expect(selectIsActionPending(store.getState(), 'AcceptTask')).toBe(false);
    expect(selectLastOutcome(store.getState(), 'AcceptTask')).toMatchObject({
      status: 'failed',
      error: { code: null, name: 'TypeError', message: 'provider offline' },
    });
  });

  it('clears pending state after an abort and records the code', async () => {
    const { actions, store } = setup();
    const answer = deferred<boolean>();
    actions.registerAction('AcceptTask', async () => 'never');
    actions.addListener('beforeAcceptTask', async (_p, abort) => {
      if (!(await answer.promise)) abort();
    });
    const p = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })).toBe(true);
    answer.resolve(false);
    await expect(p).rejects.toMatchObject({ code: 'ACTION_ABORTED' });
    expect(selectPendingInvocations(store.getState())).toEqual([]);
    expect(selectLastOutcome(store.getState(), 'AcceptTask')).toMatchObject({
      status: 'aborted',
      error: { code: 'ACTION_ABORTED', name: 'ActionAbortedError' },
    });
  });

  it('dispatching invoke(...) runs the action and returns its promise', async () => {
    const { actions, store, bridge, tasks } = setup();
    actions.registerAction('AcceptTask', async ({ sid }) => {
      store.dispatch(tasks.actions.accepted());
      return `accepted ${sid}`;
    });
    const viaBridge = store.dispatch(bridge.invoke('AcceptTask', { sid: 'WT1' }));
    expect(viaBridge).toBeInstanceOf(Promise);
    expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })).toBe(true);
    await expect(viaBridge).resolves.toBe('accepted WT1');
    await expect(store.dispatch(invoke('AcceptTask', { sid: 'WT2' }))).resolves.toBe('accepted WT2');
    await expect(store.dispatch(invoke('Missing'))).rejects.toMatchObject({ code: 'ACTION_NOT_FOUND' });
    expect(store.getState().tasks.accepted).toBe(2);
  });

  it('passes other actions through untouched', () => {
    const { store, tasks } = setup();
    store.dispatch(tasks.actions.accepted());
    expect(store.getState().tasks.accepted).toBe(1);
  });

  it('mirrors blocks, including blocks made before the store existed', async () => {
    const actions = createActions<Map>();
    actions.blockAction('CompleteTask');
    const { store } = setup(actions);
    await Promise.resolve(); // the initial sync waits one microtask
    expect(selectActionBlocks(store.getState(), 'CompleteTask')).toEqual([{ kind: 'any', pattern: null }]);

    const plugin = actions.scope('plugin');
    plugin.blockAction('AcceptTask', { sid: 'WT1' });
    plugin.blockAction('AcceptTask', (p) => p.sid === 'WT9');
    actions.blockAction('AcceptTask', { sid: 'WT1' }); // a second owner, same pattern: listed once
    expect(selectActionBlocks(store.getState(), 'AcceptTask')).toEqual([
      { kind: 'fields', pattern: { sid: 'WT1' } },
      { kind: 'predicate', pattern: null },
    ]);
    expect(selectIsActionBlocked(store.getState(), 'AcceptTask', { sid: 'WT1' })).toBe(true);

    plugin.dispose();
    expect(selectActionBlocks(store.getState(), 'AcceptTask')).toEqual([{ kind: 'fields', pattern: { sid: 'WT1' } }]);
    expect(selectIsActionBlocked(store.getState(), 'AcceptTask', { sid: 'WT2' })).toBe(false);
    actions.unblockAction('AcceptTask');
    actions.unblockAction('CompleteTask');
    expect(store.getState()[actionsSlice.reducerPath].blocked).toEqual({});
  });

  it('dispose() stops mirroring and leaves no listeners on the Actions instance', async () => {
    const { actions, store, bridge } = setup();
    actions.registerAction('CompleteTask', async () => {});
    expect(actions.listenerCount()).toBe(3);
    bridge.dispose();
    expect(actions.listenerCount()).toBe(0);
    const gate = deferred();
    actions.registerAction('AcceptTask', async () => {
      await gate.promise;
      return 'x';
    });
    const p = actions.invokeAction('AcceptTask', { sid: 'a' });
    expect(selectPendingInvocations(store.getState())).toEqual([]);
    gate.resolve();
    await p;
  });

  it('keeps the state serializable (no RTK serializability warnings)', async () => {
    const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => {});
    const warnSpy = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { actions, store } = setup();
      actions.registerAction('AcceptTask', async () => 'ok');
      await store.dispatch(invoke('AcceptTask', { sid: 'a', task: { fn: () => 1 }, when: new Date() }));
      expect(errorSpy).not.toHaveBeenCalled();
      expect(warnSpy).not.toHaveBeenCalled();
    } finally {
      errorSpy.mockRestore();
      warnSpy.mockRestore();
    }
  });

  it('snapshotPayload keeps primitive own fields only', () => {
    expect(snapshotPayload(undefined)).toBeNull();
    expect(snapshotPayload('a')).toBe('a');
    expect(snapshotPayload({ sid: 'a', n: 1, ok: true, nil: null, obj: {}, fn: () => 1 })).toEqual({
      sid: 'a',
      n: 1,
      ok: true,
      nil: null,
    });
    expect(snapshotPayload(10n)).toBe('10');
  });

  it('never shows an invocation that completes synchronously as pending, and costs it no dispatch', async () => {
    const { actions, store } = setup();
    actions.registerAction('CompleteTask', () => {});
    const notified = jest.fn();
    store.subscribe(notified);
    for (let i = 0; i < 100; i++) await actions.invokeAction('CompleteTask', { sid: `WT${i}` });
    expect(notified).not.toHaveBeenCalled();
    expect(selectPendingInvocations(store.getState())).toEqual([]);
    // The outcomes arrive folded: the latest per action, in one dispatch, after the tick.
    await new Promise((r) => setTimeout(r, 0));
    expect(notified).toHaveBeenCalledTimes(1);
    expect(selectLastOutcome(store.getState(), 'CompleteTask')).toEqual({
      id: expect.any(Number),
      status: 'succeeded',
      error: null,
      endedAt: expect.any(Number),
    });
  });

  it('records a synchronous failure folded too, with its code', async () => {
    const { actions, store } = setup();
    actions.registerAction('CompleteTask', () => {
      throw new RangeError('no such task');
    });
    await expect(actions.invokeAction('CompleteTask', { sid: 'x' })).rejects.toThrow('no such task');
    await new Promise((r) => setTimeout(r, 0));
    expect(selectLastOutcome(store.getState(), 'CompleteTask')).toMatchObject({
      status: 'failed',
      error: { code: null, name: 'RangeError', message: 'no such task' },
    });
  });

  it('keeps the order: folded outcomes are flushed before any later dispatch of the bridge', async () => {
    const { actions, store } = setup();
    let async = false;
    const gate = deferred();
    actions.registerAction('AcceptTask', (({ sid }: { sid: string }) =>
      async ? gate.promise.then(() => `late ${sid}`) : `now ${sid}`) as never);
    await actions.invokeAction('AcceptTask', { sid: 'sync' });
    async = true;
    const p = actions.invokeAction('AcceptTask', { sid: 'async' });
    // The synchronous outcome was flushed first, then the pending invocation mirrored.
    expect(selectLastOutcome(store.getState(), 'AcceptTask')?.status).toBe('succeeded');
    expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'async' })).toBe(true);
    gate.resolve();
    await p;
    const last = selectLastOutcome(store.getState(), 'AcceptTask')!;
    await new Promise((r) => setTimeout(r, 0));
    // Nothing older overwrites the latest outcome later.
    expect(selectLastOutcome(store.getState(), 'AcceptTask')).toEqual(last);
    expect(selectPendingInvocations(store.getState())).toEqual([]);
  });

  it('dispose() drops folded outcomes that were not dispatched yet', async () => {
    const { actions, store, bridge } = setup();
    actions.registerAction('CompleteTask', () => {});
    await actions.invokeAction('CompleteTask', { sid: 'a' });
    bridge.dispose();
    const notified = jest.fn();
    store.subscribe(notified);
    await new Promise((r) => setTimeout(r, 5));
    expect(notified).not.toHaveBeenCalled();
    expect(selectLastOutcome(store.getState(), 'CompleteTask')).toBeUndefined();
  });
});
