import { configureStore, createSlice, type Middleware, type UnknownAction } from '@reduxjs/toolkit';
import { DisposableStore, type OwnerRef } from '@switchboard/actions';
import { createHostStoreKit, kitInternals } from './storeKit';

const counter = createSlice({
  name: 'counter',
  initialState: 0,
  reducers: { increment: (n) => n + 1 },
});

function makeStore() {
  const kit = createHostStoreKit();
  const store = configureStore({
    reducer: kit.reducer({ counter: counter.reducer }),
    middleware: (gDM) => gDM().concat(kit.middleware),
  });
  const internals = kitInternals(kit);
  const errors: Array<[string, string, unknown]> = [];
  // A plugin, as the plugin manager makes it: its failures are reported to it.
  const plugin = (id: string): OwnerRef => ({
    id,
    disposables: new DisposableStore(),
    report: (where, error) => errors.push([id, where, error]),
  });
  return { kit, store, internals, errors, plugin };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('host store kit: reducers', () => {
  it('joins an app store: the app reducers, the host namespaces, and runtime namespaces', () => {
    const { store, internals, plugin } = makeStore();
    expect(Object.keys(store.getState())).toEqual(['actions', 'switchboard', 'counter']);
    expect(internals.attached).toBe(true);
    const notes = internals.addReducer(
      'notes',
      (s: string[] = [], a: UnknownAction) => (a.type === 'note' ? [...s, 'x'] : s),
      plugin('notes-plugin'),
    );
    expect(store.getState().notes).toEqual([]);
    store.dispatch({ type: 'note' });
    store.dispatch(counter.actions.increment());
    expect(store.getState()).toMatchObject({ notes: ['x'], counter: 1 });
    notes.dispose();
    expect(store.getState()).not.toHaveProperty('notes');
    notes.dispose(); // harmless
    expect(Object.keys(store.getState())).toEqual(['actions', 'switchboard', 'counter']);
  });

  it('keeps state identity when nothing changes', () => {
    const { store } = makeStore();
    const before = store.getState();
    store.dispatch({ type: 'nothing-handles-this' });
    expect(store.getState()).toBe(before);
  });

  it('rejects reserved, taken and malformed namespaces, naming the plugin', () => {
    const { internals, plugin } = makeStore();
    internals.addReducer('crm', (s: number = 0) => s, plugin('crm-a'));
    expect(() => internals.addReducer('actions', (s = 0) => s, plugin('p'))).toThrow(
      expect.objectContaining({
        code: 'NAMESPACE_RESERVED',
        message: 'addReducer (plugin "p"): "actions" is reserved for the host and the app',
      }),
    );
    expect(() => internals.addReducer('counter', (s = 0) => s)).toThrow(/"counter" is reserved/);
    expect(() => internals.addReducer('crm', (s = 0) => s, plugin('crm-b'))).toThrow(
      expect.objectContaining({
        code: 'NAMESPACE_TAKEN',
        message: 'addReducer (plugin "crm-b"): "crm" is taken by plugin "crm-a"',
      }),
    );
    expect(() => internals.addReducer('has space', (s = 0) => s)).toThrow(
      /namespace must be an identifier, got "has space"/,
    );
    expect(() => internals.addReducer('ok', 'no' as never)).toThrow(/the reducer of "ok" must be a function/);
  });

  it('refuses app reducers under the host namespaces', () => {
    const kit = createHostStoreKit();
    expect(() => kit.reducer({ switchboard: (s = 0) => s })).toThrow(
      'storeKit.reducer: "switchboard" is reserved for the host',
    );
    const kit2 = createHostStoreKit();
    kit2.reducer();
    expect(() => kit2.reducer()).toThrow(/already made/);
  });

  it('isolates a plugin reducer that throws: its state stays, the store lives, the failure is reported', async () => {
    const { store, internals, errors, plugin } = makeStore();
    internals.addReducer(
      'fragile',
      (s: number = 5, a: UnknownAction) => {
        if (a.type === 'boom') throw new Error('reducer exploded');
        return s;
      },
      plugin('fragile-plugin'),
    );
    store.dispatch({ type: 'boom' });
    store.dispatch(counter.actions.increment());
    expect(store.getState()).toMatchObject({ fragile: 5, counter: 1 });
    expect(errors).toEqual([]); // never reported from inside the reducer
    await flush();
    expect(errors).toEqual([['fragile-plugin', 'reducer', expect.objectContaining({ message: 'reducer exploded' })]]);
  });

  it('treats a plugin reducer returning undefined as a failure', async () => {
    const { store, internals, errors, plugin } = makeStore();
    internals.addReducer(
      'bad',
      ((s: number = 1, a: UnknownAction) => (a.type === 'x' ? undefined : s)) as never,
      plugin('bad-plugin'),
    );
    store.dispatch({ type: 'x' });
    expect(store.getState().bad).toBe(1);
    await flush();
    expect(errors[0]?.[2]).toEqual(expect.objectContaining({ message: 'reducer of "bad" returned undefined for x' }));
  });
});

describe('host store kit: middleware', () => {
  it('adds and removes middleware at runtime, in order', () => {
    const { store, internals, plugin } = makeStore();
    const seen: string[] = [];
    const tag =
      (label: string): Middleware =>
      () =>
      (next) =>
      (action) => {
        seen.push(`${label}:${(action as UnknownAction).type}`);
        return next(action);
      };
    const a = internals.addMiddleware(tag('a'), plugin('p'));
    const b = internals.addMiddleware(tag('b'), plugin('p'));
    internals.addMiddleware(tag('first'), undefined, true);
    store.dispatch({ type: 't1' });
    a.dispose();
    store.dispatch({ type: 't2' });
    b.dispose();
    store.dispatch({ type: 't3' });
    expect(seen).toEqual(['first:t1', 'a:t1', 'b:t1', 'first:t2', 'b:t2', 'first:t3']);
  });

  it('lets a middleware transform and swallow actions', () => {
    const { store, internals } = makeStore();
    internals.addMiddleware(() => (next) => (action) => {
      if ((action as UnknownAction).type === 'swallowed') return 'eaten';
      return next(action);
    });
    expect(store.dispatch({ type: 'swallowed' })).toBe('eaten');
  });

  it('sets a middleware up once per store, even across chain rebuilds', () => {
    const { store, internals } = makeStore();
    const setup = jest.fn();
    internals.addMiddleware((api) => {
      setup(api);
      return (next) => (action) => next(action);
    });
    internals.addMiddleware(() => (next) => (action) => next(action)).dispose();
    store.dispatch({ type: 'a' });
    store.dispatch({ type: 'b' });
    expect(setup).toHaveBeenCalledTimes(1);
  });

  it('isolates a plugin middleware that throws: the action still reaches the reducers, once', async () => {
    const { store, internals, errors, plugin } = makeStore();
    internals.addMiddleware(
      () => () => () => {
        throw new Error('before next');
      },
      plugin('p1'),
    );
    internals.addMiddleware(
      () => (next) => (action) => {
        next(action);
        throw new Error('after next');
      },
      plugin('p2'),
    );
    store.dispatch(counter.actions.increment());
    expect(store.getState().counter).toBe(1);
    await flush();
    expect(errors.map(([owner, where, e]) => [owner, where, (e as Error).message])).toEqual([
      ['p1', 'middleware', 'before next'],
      ['p2', 'middleware', 'after next'],
    ]);
  });

  it('isolates a plugin middleware whose setup throws', async () => {
    const { store, internals, errors, plugin } = makeStore();
    internals.addMiddleware(() => {
      throw new Error('setup failed');
    }, plugin('p'));
    store.dispatch(counter.actions.increment());
    expect(store.getState().counter).toBe(1);
    await flush();
    expect(errors[0]?.slice(0, 2)).toEqual(['p', 'middleware']);
  });

  it('knows when a store was not built with it', () => {
    const kit = createHostStoreKit();
    configureStore({ reducer: kit.reducer() });
    expect(kitInternals(kit).attached).toBe(false);
    expect(() => kitInternals({} as never)).toThrow(/not a kit made by createHostStoreKit/);
  });
});

describe('host store kit: owners', () => {
  it("adds an owner's reducers and middleware to its disposables: disposing the owner removes them", () => {
    const { store, internals, plugin } = makeStore();
    const crm = plugin('crm');
    const seen: string[] = [];
    internals.addReducer('crm', (s: number = 1) => s, crm);
    internals.addMiddleware(
      () => (next) => (action) => {
        seen.push((action as UnknownAction).type);
        return next(action);
      },
      crm,
    );
    store.dispatch({ type: 'one' });
    expect(store.getState().crm).toBe(1);
    crm.disposables!.dispose();
    store.dispatch({ type: 'two' });
    expect(store.getState()).not.toHaveProperty('crm');
    expect(seen).toEqual(['one']);
  });

  it('forgets a registration the owner disposed itself', () => {
    const { store, internals, plugin } = makeStore();
    const crm = plugin('crm');
    internals.addReducer('crm', (s: number = 1) => s, crm).dispose();
    internals.addReducer('crm', (s: number = 2) => s, crm);
    crm.disposables!.dispose();
    expect(store.getState()).not.toHaveProperty('crm');
  });
});
