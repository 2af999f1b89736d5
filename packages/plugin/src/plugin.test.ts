import type { PluginDefinition, SwitchboardGlobal } from './index';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { definePlugin, loadPlugin, PLUGIN_CONTRACT, SDK_VERSION, SHARED_MODULES, sharedModuleExternals } from './index';

describe('definePlugin', () => {
  it('returns the plugin unchanged when it is well formed', () => {
    const plugin = { name: 'accept-task-confirm', init: () => {} };
    expect(definePlugin(plugin)).toBe(plugin);
    expect(definePlugin({ name: '@acme/crm-sync', init: async () => {} }).name).toBe('@acme/crm-sync');
  });

  it('names the culprit when it is not', () => {
    expect(() => definePlugin({ name: 'Bad Name', init: () => {} })).toThrow(/definePlugin: name must be .*"Bad Name"/);
    expect(() => definePlugin({ name: '', init: () => {} })).toThrow(/got ""/);
    expect(() => definePlugin({ name: 'ok', init: 'nope' } as unknown as PluginDefinition)).toThrow(
      /definePlugin\("ok"\): init must be a function, got string/,
    );
    expect(() => definePlugin(null as unknown as PluginDefinition)).toThrow(/got undefined/);
  });

  it('accepts a hot-reload opt-out and refuses a malformed one', () => {
    expect(definePlugin({ name: 'p', hotReload: { keepState: false }, init: () => {} }).hotReload).toEqual({
      keepState: false,
    });
    expect(() =>
      definePlugin({ name: 'p', hotReload: { keepState: 'no' }, init: () => {} } as unknown as PluginDefinition),
    ).toThrow(/definePlugin\("p"\): hotReload must be \{ keepState\?: boolean \}, got \{"keepState":"no"\}/);
  });
});

describe('loadPlugin', () => {
  afterEach(() => {
    delete globalThis.Switchboard;
  });

  it('registers the plugin with the host global', () => {
    const init = jest.fn();
    globalThis.Switchboard = { version: '1.0.0', Plugins: { init }, modules: {} } satisfies SwitchboardGlobal;
    const plugin = definePlugin({ name: 'p', init: () => {} });
    loadPlugin(plugin);
    // The registration carries the contract this SDK speaks, so a later host can adapt or refuse.
    expect(init).toHaveBeenCalledWith(plugin, { contract: PLUGIN_CONTRACT, sdkVersion: SDK_VERSION });
    expect(PLUGIN_CONTRACT).toBe(1);
  });

  it('fails clearly outside a host page', () => {
    expect(() => loadPlugin({ name: 'p', init: () => {} })).toThrow(
      expect.objectContaining({ code: 'HOST_NOT_FOUND', message: expect.stringContaining('loadPlugin("p")') }),
    );
  });

  it('checks the plugin before registering it', () => {
    const init = jest.fn();
    globalThis.Switchboard = { version: '1.0.0', Plugins: { init }, modules: {} };
    expect(() => loadPlugin({ name: 'p' } as PluginDefinition)).toThrow(/init must be a function/);
    expect(init).not.toHaveBeenCalled();
  });
});

describe('shared modules', () => {
  it('SDK_VERSION is the package version', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });

  it('maps every shared module but the SDK itself to window.Switchboard.modules, for webpack', () => {
    const externals = sharedModuleExternals();
    expect(externals.react).toEqual(['Switchboard', 'modules', 'react']);
    expect(externals['react/jsx-runtime']).toEqual(['Switchboard', 'modules', 'react/jsx-runtime']);
    expect(Object.keys(externals)).toEqual(SHARED_MODULES.filter((m) => m !== '@switchboard/plugin'));
  });
});
