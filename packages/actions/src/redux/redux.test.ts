import { configureStore, createSlice, type Middleware, type UnknownAction } from '@reduxjs/toolkit';
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
import { afterMacrotask } from './macrotask';
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
  // Every action that reaches the reducers, in order (the bridge's dispatches included).
  const dispatched: UnknownAction[] = [];
  const record: Middleware = () => (next) => (action) => {
    dispatched.push(action as UnknownAction);
    return next(action);
  };
  const store = configureStore({
    reducer: { [bridge.reducerPath]: bridge.reducer, tasks: tasks.reducer },
    middleware: (gDM) => gDM().prepend(bridge.middleware).concat(record),
  });
  const types = () => dispatched.map((a) => a.type);
  return { actions, bridge, store, tasks, dispatched, types };
}

/** Resolves after the bridge's flush: the next macrotask boundary, by the bridge's own primitive (FIFO). */
const boundary = (): Promise<void> => new Promise((r) => afterMacrotask(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Redux bridge', () => {
  it('shows an invocation still running at the macrotask boundary as pending, and clears it after success', async () => {
    const { actions, store } = setup();
    const gate = deferred();
    actions.scope('agent-ui').registerAction('AcceptTask', async ({ sid }) => {
      await gate.promise;
      return `accepted ${sid}`;
    });
    const task = { attributes: { secret: () => 'not serializable' } };
    const p = actions.invokeAction('AcceptTask', { sid: 'WT1', task });
    // The mirror lags by up to one macrotask; the Actions instance knows at once.
    expect(selectPendingInvocations(store.getState())).toEqual([]);
    expect(actions.findPendingActions('AcceptTask')).toMatchObject({ AcceptTask: { sid: 'WT1' } });
    await boundary();

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
    // A mirrored invocation leaves `pending` as it ends, not a macrotask later.
    expect(selectPendingInvocations(store.getState())).toEqual([]);
    expect(selectLastOutcome(store.getState(), 'AcceptTask')).toEqual({
      id: pending[0]!.id,
      status: 'succeeded',
      error: null,
      endedAt: expect.any(Number),
    });
  });

  it('an invocation that takes longer than a macrotask appears in pending and leaves it (what usePending sees)', async () => {
    const { actions, store } = setup();
    actions.registerAction('AcceptTask', async ({ sid }) => {
      await sleep(20); // a round trip to the contact center
      return sid;
    });
    // What a component selecting "is Accept pending for WT1?" would render, notification by notification.
    const rendered: boolean[] = [];
    store.subscribe(() => rendered.push(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })));
    const p = store.dispatch(invoke('AcceptTask', { sid: 'WT1' }));
    await sleep(5);
    expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })).toBe(true);
    await p;
    expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })).toBe(false);
    expect(rendered).toEqual([true, false]);
  });

  it('an invocation that settles within microtasks never appears in pending; its outcome is folded', async () => {
    const { actions, store, types } = setup();
    actions.registerAction('AcceptTask', async ({ sid }) => {
      await Promise.resolve();
      await Promise.resolve();
      return sid;
    });
    const rendered: boolean[] = [];
    store.subscribe(() => rendered.push(selectIsActionPending(store.getState(), 'AcceptTask')));
    const ids: number[] = [];
    actions.addListener('invocationEnd', (inv) => void ids.push(inv.id));
    for (let i = 0; i < 100; i++) await actions.invokeAction('AcceptTask', { sid: `WT${i}` });
    await Promise.all([1, 2, 3].map((i) => actions.invokeAction('AcceptTask', { sid: `together ${i}` })));
    expect(rendered).toEqual([]);
    await boundary();
    // One dispatch for all 103: the latest outcome per action.
    expect(types()).toEqual(['actions/outcomesRecorded']);
    expect(rendered).toEqual([false]);
    expect(selectLastOutcome(store.getState(), 'AcceptTask')).toEqual({
      id: ids.at(-1),
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
    await boundary();
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
    await boundary();
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
    // The outcomes arrive folded: the latest per action, in one dispatch, at the macrotask boundary.
    await boundary();
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
    await boundary();
    expect(selectLastOutcome(store.getState(), 'CompleteTask')).toMatchObject({
      status: 'failed',
      error: { code: null, name: 'RangeError', message: 'no such task' },
    });
  });

  it('keeps the order: at the boundary, folded outcomes first, then what still runs, in the order it began', async () => {
    const { actions, store, dispatched } = setup();
    let async = false;
    const gates = [deferred(), deferred()];
    actions.registerAction('AcceptTask', (({ sid }: { sid: string }) =>
      async ? gates[Number(sid.slice(-1))]!.promise.then(() => `late ${sid}`) : `now ${sid}`) as never);
    await actions.invokeAction('AcceptTask', { sid: 'sync' });
    async = true;
    const p0 = actions.invokeAction('AcceptTask', { sid: 'async 0' });
    const p1 = actions.invokeAction('AcceptTask', { sid: 'async 1' });
    expect(dispatched).toEqual([]);
    await boundary();
    expect(dispatched.map((a) => [a.type, (a.payload as { payload?: unknown }).payload ?? null])).toEqual([
      ['actions/outcomesRecorded', null],
      ['actions/invocationStarted', { sid: 'async 0' }],
      ['actions/invocationStarted', { sid: 'async 1' }],
    ]);
    expect(selectLastOutcome(store.getState(), 'AcceptTask')?.status).toBe('succeeded');
    gates[1]!.resolve();
    await p1;
    gates[0]!.resolve();
    await p0;
    const last = selectLastOutcome(store.getState(), 'AcceptTask')!;
    // The latest to end is the latest outcome: "async 0".
    expect(last.id).toBe((dispatched[1]!.payload as { id: number }).id);
    await boundary();
    // Nothing older overwrites the latest outcome later.
    expect(selectLastOutcome(store.getState(), 'AcceptTask')).toEqual(last);
    expect(selectPendingInvocations(store.getState())).toEqual([]);
    expect(dispatched.slice(3).map((a) => a.type)).toEqual(['actions/invocationEnded', 'actions/invocationEnded']);
  });

  it('flushes before any other dispatch of the bridge: a block change does not overtake', async () => {
    const { actions, store, types } = setup();
    const gate = deferred();
    actions.registerAction('CompleteTask', () => {});
    actions.registerAction('AcceptTask', async () => {
      await gate.promise;
      return 'ok';
    });
    await actions.invokeAction('CompleteTask', { sid: 'a' });
    const p = actions.invokeAction('AcceptTask', { sid: 'WT1' });
    actions.blockAction('AcceptTask', { sid: 'WT2' }); // before the boundary
    expect(types()).toEqual(['actions/outcomesRecorded', 'actions/invocationStarted', 'actions/blocksChanged']);
    expect(selectIsActionPending(store.getState(), 'AcceptTask', { sid: 'WT1' })).toBe(true);
    await boundary(); // nothing left to flush
    expect(types()).toHaveLength(3);
    gate.resolve();
    await p;
    expect(types().at(-1)).toBe('actions/invocationEnded');
  });

  it('keeps the order when a dispatch of the flush re-enters the bridge', async () => {
    const { actions, store, types } = setup();
    const gate = deferred();
    actions.registerAction('AcceptTask', async () => {
      await gate.promise;
      return 'ok';
    });
    // A subscriber that blocks an action as soon as it sees one pending.
    let blocked = false;
    store.subscribe(() => {
      if (!blocked && selectPendingInvocations(store.getState()).length) {
        blocked = true;
        actions.blockAction('CompleteTask');
      }
    });
    const ps = [1, 2].map((i) => actions.invokeAction('AcceptTask', { sid: `WT${i}` }));
    await boundary();
    expect(types()).toEqual(['actions/invocationStarted', 'actions/invocationStarted', 'actions/blocksChanged']);
    gate.resolve();
    await Promise.all(ps);
    expect(selectPendingInvocations(store.getState())).toEqual([]);
  });

  it('dispose() drops what was not dispatched yet: folded outcomes and waiting invocations', async () => {
    const { actions, store, bridge } = setup();
    const gate = deferred();
    actions.registerAction('CompleteTask', () => {});
    actions.registerAction('AcceptTask', async () => {
      await gate.promise;
      return 'ok';
    });
    await actions.invokeAction('CompleteTask', { sid: 'a' });
    const p = actions.invokeAction('AcceptTask', { sid: 'b' });
    bridge.dispose();
    const notified = jest.fn();
    store.subscribe(notified);
    await sleep(5);
    expect(notified).not.toHaveBeenCalled();
    expect(selectLastOutcome(store.getState(), 'CompleteTask')).toBeUndefined();
    gate.resolve();
    await p;
    await sleep(5);
    expect(notified).not.toHaveBeenCalled();
  });
});
