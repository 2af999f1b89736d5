/** @jest-environment jsdom */
import * as Toolkit from '@reduxjs/toolkit';
import { configureStore, createSlice } from '@reduxjs/toolkit';
import { createHost, createHostStoreKit, HOST_VERSION } from '@switchboard/host';
import { SHARED_MODULES } from '@switchboard/plugin';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactRedux from 'react-redux';
import * as JsxRuntime from 'react/jsx-runtime';
import * as Redux from 'redux';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { busyPlugin, entry, makeHost, src } from '../test/helpers';

describe('createHost', () => {
  afterEach(() => {
    delete globalThis.Switchboard;
  });

  it('reports its version, equal to the package version by default', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as { version: string };
    expect(HOST_VERSION).toBe(pkg.version);
    expect(createHost({ logLevel: 'silent' }).version).toBe(pkg.version);
  });

  it('validates its options, naming the culprit', () => {
    expect(() => createHost({ hostVersion: 'v1' })).toThrow(
      'createHost: hostVersion must be a semver version, got "v1"',
    );
    expect(() => createHost({ pluginTimeoutMs: 0 })).toThrow(
      'createHost: pluginTimeoutMs must be a positive number, got 0',
    );
    expect(() => createHost({ store: configureStore({ reducer: { a: (s = 0) => s } }) })).toThrow(
      /a store must be built with a storeKit/,
    );
    const kit = createHostStoreKit();
    const plain = configureStore({ reducer: { a: (s = 0) => s } });
    expect(() => createHost({ store: plain, storeKit: kit })).toThrow(/the store was not built with its storeKit/);
  });

  it('joins an existing store built with a kit, the way an app composes middleware', async () => {
    const todos = createSlice({
      name: 'todos',
      initialState: [] as string[],
      reducers: { added: (s, a: { payload: string }) => [...s, a.payload] },
    });
    const kit = createHostStoreKit();
    const store = configureStore({
      reducer: kit.reducer({ todos: todos.reducer }),
      middleware: (gDM) => gDM({ serializableCheck: false }).concat(kit.middleware),
    });
    const { host } = makeHost({ [src('a')]: { plugin: busyPlugin('a') } }, { store, storeKit: kit });
    await host.plugins.loadManifest([entry('a')]);
    store.dispatch(todos.actions.added('call back'));
    expect(host.store.getState()).toMatchObject({
      todos: ['call back'],
      a: 0,
      switchboard: { plugins: { a: { state: 'Initialized' } } },
    });
    // The actions bridge runs in the app's store: pending invocations are visible there, from
    // the next macrotask on (the mirror may lag the Actions instance by one).
    let release!: () => void;
    host.actions.registerAction('Slow', () => new Promise<void>((r) => (release = r)));
    const p = host.actions.invokeAction('Slow');
    await new Promise((r) => setTimeout(r, 0));
    expect(Object.values((store.getState() as { actions: { pending: object } }).actions.pending)).toHaveLength(1);
    release();
    await p;
    expect((store.getState() as { actions: { pending: object } }).actions.pending).toEqual({});
  });

  it('creates its own store with the app reducers, and adds and removes reducers at runtime', () => {
    const host = createHost({ logLevel: 'silent', reducers: { settings: (s = { theme: 'dark' }) => s } });
    expect(host.store.getState()).toMatchObject({ settings: { theme: 'dark' } });
    const d = host.store.addReducer('wallboard', (s: number = 7) => s);
    expect(host.store.getState().wallboard).toBe(7);
    host.store.removeReducer('wallboard');
    expect(host.store.getState()).not.toHaveProperty('wallboard');
    d.dispose(); // harmless after removeReducer
    expect(() => host.store.addReducer('settings', (s = 0) => s)).toThrow(/"settings" is reserved/);
    expect(() => host.store.removeReducer('settings')).toThrow(
      expect.objectContaining({
        code: 'NAMESPACE_NOT_FOUND',
        message: expect.stringMatching(/"settings" was not added with store.addReducer/),
      }),
    );
    expect(() => host.store.removeReducer('never-added')).toThrow(
      expect.objectContaining({ code: 'NAMESPACE_NOT_FOUND' }),
    );
    const seen: string[] = [];
    const mw = host.store.addMiddleware(() => (next) => (action) => {
      seen.push((action as { type: string }).type);
      return next(action);
    });
    host.store.dispatch({ type: 'x' });
    mw.dispose();
    host.store.dispatch({ type: 'y' });
    expect(seen).toEqual(['x']);
  });

  it('installs window.Switchboard with the shared modules, and removes it on dispose', () => {
    const reactDom = { fake: 'react-dom' };
    const host = createHost({
      logLevel: 'silent',
      hostVersion: '2.0.0',
      modules: { 'react-dom': reactDom, 'date-fns': { format: () => '' } },
      moduleVersions: { 'date-fns': '4.1.0' },
    });
    expect(globalThis.Switchboard).toMatchObject({ version: '2.0.0', modules: { 'react-dom': reactDom } });
    // Every module the SDK lists is shared by default (the app's own win, and come after).
    expect(Object.keys(globalThis.Switchboard!.modules)).toEqual([...SHARED_MODULES, 'date-fns']);
    host.dispose();
    expect(globalThis.Switchboard).toBeUndefined();
  });

  it('shares one copy of React, Redux and @switchboard/* by default, each with its version', () => {
    const host = createHost({ logLevel: 'silent' });
    const { modules, versions, contracts } = globalThis.Switchboard!;
    // The very modules the host runs on (module namespaces compared by one of their exports).
    const same = (name: string, key: string, value: unknown) =>
      expect((modules[name] as Record<string, unknown>)[key]).toBe(value);
    same('react', 'useState', React.useState);
    same('react/jsx-runtime', 'jsx', JsxRuntime.jsx);
    same('react-dom', 'createPortal', ReactDOM.createPortal);
    same('redux', 'combineReducers', Redux.combineReducers);
    same('react-redux', 'useSelector', ReactRedux.useSelector);
    same('@reduxjs/toolkit', 'createSlice', Toolkit.createSlice);
    same('@switchboard/host', 'createHost', createHost);
    const installed = (name: string) =>
      (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    expect(versions).toEqual({
      react: installed('react'),
      'react/jsx-runtime': installed('react'),
      'react-dom': installed('react-dom'),
      redux: installed('redux'),
      'react-redux': installed('react-redux'),
      '@reduxjs/toolkit': installed('@reduxjs/toolkit'),
      '@switchboard/actions': installed('@switchboard/actions'),
      '@switchboard/actions/redux': installed('@switchboard/actions'),
      '@switchboard/actions/events': installed('@switchboard/actions'),
      '@switchboard/actions/runtime': installed('@switchboard/actions'),
      '@switchboard/plugin': installed('@switchboard/plugin'),
      '@switchboard/host': HOST_VERSION,
    });
    expect(contracts).toEqual({ min: 1, max: 1 });
    host.dispose();
  });

  it('can stay off the global', () => {
    createHost({ logLevel: 'silent', global: false });
    expect(globalThis.Switchboard).toBeUndefined();
  });

  it('a second host replaces the first on the page, with a warning', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const first = createHost({ logLevel: 'warn' });
      expect(warn).not.toHaveBeenCalled();
      const second = createHost({ logLevel: 'warn', hostVersion: '9.9.9' });
      expect(warn).toHaveBeenCalledWith('[host] another Switchboard host was on this page; this one replaces it');
      expect(globalThis.Switchboard?.version).toBe('9.9.9');
      first.dispose(); // the first no longer owns the global: it leaves it alone
      expect(globalThis.Switchboard?.version).toBe(second.version);
    } finally {
      warn.mockRestore();
    }
  });

  it('logs through the console at the chosen level, with the source', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    try {
      const host = createHost({ logLevel: 'warn' });
      host.log.info('quiet');
      host.log.warn('loud', 1);
      host.log.child('crm').warn('plugin says');
      expect(info).not.toHaveBeenCalled();
      expect(warn.mock.calls).toEqual([['[host] loud', 1], ['[crm] plugin says']]);
    } finally {
      warn.mockRestore();
      info.mockRestore();
    }
  });
});

it('dispatching invoke with a non-serializable payload runs the action without serializability warnings', async () => {
  const { invoke } = await import('@switchboard/actions/redux');
  const error = jest.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const host = createHost({ logLevel: 'silent' });
    host.actions.registerAction('Callback', (p) => (p as { done: () => string }).done());
    await expect(host.store.dispatch(invoke('Callback', { done: () => 'called' }))).resolves.toBe('called');
    expect(error).not.toHaveBeenCalled();
    host.dispose();
  } finally {
    error.mockRestore();
  }
});
